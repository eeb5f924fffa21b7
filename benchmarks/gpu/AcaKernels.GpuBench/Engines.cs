using AcaKernels.Gpu;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench;

/// <summary>The engines of one (B, precision): the CPU engine first (the reference of the check), then one GPU solver
/// per opened device.</summary>
internal static class Engines
{
    /// <summary>Checkpoints per trajectory: Lorenz on [0, 1] takes ~100 accepted steps at rtol 1e-6 (fewer in float32);
    /// 256 leaves room and keeps B = 65 536 at 0.7 GB of float64 checkpoints.</summary>
    private const int Capacity = 256;

    private static readonly OdeOptions DoubleOptions = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private static readonly OdeOptions SingleOptions = new() { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };

    public static List<Engine> Double(int trajectories, IEnumerable<GpuDevice> devices)
    {
        var work = new Workload<double>(trajectories);
        var engines = new List<Engine> { Engine<double>.Cpu<Lorenz.RhsOde>(work, DoubleOptions) };
        foreach (GpuDevice device in devices)
            engines.Add(Engine<double>.Gpu<Lorenz.RhsOde.Gpu.DormandPrince5>(device, work, DoubleOptions, Capacity));
        return engines;
    }

    public static List<Engine> Single(int trajectories, IEnumerable<GpuDevice> devices)
    {
        var work = new Workload<float>(trajectories);
        var engines = new List<Engine> { Engine<float>.Cpu<Lorenz.RhsSingleOde>(work, SingleOptions) };
        foreach (GpuDevice device in devices)
            engines.Add(Engine<float>.Gpu<Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, work, SingleOptions, Capacity));
        return engines;
    }
}
