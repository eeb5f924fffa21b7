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
if (args is ["--hand-fused-lorenz", .. var handFused])
{
    Environment.ExitCode = HandFusedComparison.Run(handFused);
    return;
}
if (args is ["--ensemble-cpu-time", .. var cpu])
{
    EnsembleCpuTime.Run(cpu);
    return;
}
if (args is ["--ensemble-chunked", .. var chunked])
{
    Environment.ExitCode = EnsembleChunkedCpuTime.Run(chunked);
    return;
}
if (args is ["--ensemble-target", .. var target])
{
    Environment.ExitCode = EnsembleTarget.Run(target);
    return;
}
if (args is ["--allocations", .. var allocations])
{
    Environment.ExitCode = AllocationCheck.Run(allocations);
    return;
}
if (args is ["--ensemble-backward", .. var backward])
{
    EnsembleBackwardTiming.Run(backward);
    return;
}
if (args is ["--pytorch-side", .. var problem])
{
    Environment.ExitCode = PyTorchComparison.Run(problem);
    return;
}
if (args is ["--classifier", .. var classifier])
{
    ClassifierSpeed.Run(classifier);
    return;
}
if (args is ["--ensemble-lanes", .. var lanes])
{
    EnsembleSpeed.Run(lanes.Length > 0 ? int.Parse(lanes[0], System.Globalization.CultureInfo.InvariantCulture) : 65_536,
        lanes.Length > 1 ? int.Parse(lanes[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args is ["--scaling", .. var scaling])
{
    Environment.ExitCode = AcaKernels.Benchmarks.Scaling.ScalingDriver.Run(scaling);
    return;
}
if (args is ["--scaling-point", .. var point])
{
    Environment.ExitCode = AcaKernels.Benchmarks.Scaling.ScalingDriver.RunPoint(point);
    return;
}
if (args is ["--float-tanh-interleaved"])
{
    Environment.ExitCode = AcaKernels.Benchmarks.FloatTanhInterleaved.Run();
    return;
}
if (args is ["--float-tanh-sweep"])
{
    Environment.ExitCode = AcaKernels.Benchmarks.FloatTanhSweep.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
