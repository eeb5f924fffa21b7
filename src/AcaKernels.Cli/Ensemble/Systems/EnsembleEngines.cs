using System.Numerics;
using AcaKernels.Gpu;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>
/// The engines `aca ensemble` can run one system on, in one number type: the CPU engine over its generated dynamics,
/// and the embedded GPU kernels of its Dormand-Prince 5 stepper on one device or several. Made by <see cref="Of"/> from
/// the two generated types, so that EnsembleRun stays generic over T alone.
/// </summary>
internal sealed class EnsembleEngines<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public delegate EnsembleRunner<T> CpuFactory(int trajectories, OdeOptions options, bool lanes, int threads);

    public delegate EnsembleRunner<T> GpuFactory(int trajectories, OdeOptions options, GpuBackend backend, int? device);

    public delegate EnsembleRunner<T> MultiGpuFactory(int trajectories, OdeOptions options, GpuBackend backend, IReadOnlyList<int> devices);

    private EnsembleEngines(Type stepper, CpuFactory cpu, GpuFactory gpu, MultiGpuFactory multiGpu) =>
        (Stepper, Cpu, Gpu, MultiGpu) = (stepper, cpu, gpu, multiGpu);

    /// <summary>The GPU stepper whose kernels the GPU engines launch (it must be in `aca`'s embedded catalog).</summary>
    public Type Stepper { get; }

    /// <summary>The CPU ensemble engine, vectorised across AVX-512 lanes or not.</summary>
    public CpuFactory Cpu { get; }

    /// <summary>The embedded kernels on one device of a backend.</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or its device, is absent.</exception>
    public GpuFactory Gpu { get; }

    /// <summary>The embedded kernels on several devices of a backend, the trajectories split over them.</summary>
    public MultiGpuFactory MultiGpu { get; }

    /// <summary>The engines over <typeparamref name="TDynamics"/> (CPU) and <typeparamref name="TStepper"/> (GPU, whose
    /// kernels must be embedded in `aca`: an AcaGpuKernel item of its project file).</summary>
    public static EnsembleEngines<T> Of<TDynamics, TStepper>() where TDynamics : IOdeDynamics<T> where TStepper : struct, IGpuStepper<T> => new(typeof(TStepper),
        (b, options, lanes, threads) => EnsembleRunner.Cpu<T, TDynamics>(b, options, lanes, threads),
        (b, options, backend, device) => EnsembleRunner.Gpu<T, TStepper>(b, options, backend, device),
        (b, options, backend, devices) => EnsembleRunner.MultiGpu<T, TStepper>(b, options, backend, devices));
}
