using AcaKernels.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["--lorenz-per-step", .. var only] && only.Length <= 1)
{
    NativeComparison.Run(only is [var which] ? which : "both");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
