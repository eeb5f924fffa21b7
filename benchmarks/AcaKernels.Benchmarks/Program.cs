using AcaKernels.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["--lorenz-per-step", .. var only] && only.Length <= 1)
{
    NativeComparison.Run(only is [var which] ? which : "both");
    return;
}
if (args is ["--ensemble-per-step", .. var rest])
{
    EnsembleComparison.Run(rest);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
