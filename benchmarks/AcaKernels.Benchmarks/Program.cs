using AcaKernels.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["--lorenz-per-step"])
{
    NativeComparison.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
