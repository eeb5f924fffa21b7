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
if (args is ["--ensemble-lanes-per-step", .. var laneArgs])
{
    EnsembleSpeed.Run(laneArgs.Length > 0 ? int.Parse(laneArgs[0], System.Globalization.CultureInfo.InvariantCulture) : 65_536,
        laneArgs.Length > 1 ? int.Parse(laneArgs[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
