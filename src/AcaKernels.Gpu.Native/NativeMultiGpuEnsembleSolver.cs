using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Gpu.Split;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native;

/// <summary>
/// <see cref="MultiGpuEnsembleSolver{T, TStepper}"/> for Native AOT hosts: one ensemble split over several devices of
/// one backend, a <see cref="NativeGpuEnsembleSolver{T, TStepper}"/> on each over the embedded kernels. The same
/// shares (whole blocks of 1024 trajectories by weight), the same results as one solver on all trajectories where the
/// devices round alike (a shared θ's gradient added block by block in one solver's order), the same checkpoint
/// capacity on every device. Not thread-safe: overlapping calls throw. Dispose it to free every device.
/// </summary>
public sealed class NativeMultiGpuEnsembleSolver<T, TStepper> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    private readonly EnsembleSplit<T> _split;
    private bool _disposed;

    /// <summary>Opens <paramref name="backend"/>'s devices <paramref name="deviceIndices"/> (null: every device
    /// <see cref="NativeGpuDevices.Probe"/> lists, in its order) and loads <typeparamref name="TStepper"/>'s kernels from
    /// <paramref name="kernels"/> on each that gets trajectories.</summary>
    /// <exception cref="ArgumentException">GpuBackend.Auto or Cpu, an index twice, weights that do not match the devices;
    /// options that cannot work on the GPU; sizes that do not fit.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or a device of it, is absent.</exception>
    /// <exception cref="NativeGpuException">When a driver call fails (the message names it).</exception>
    public NativeMultiGpuEnsembleSolver(int trajectories, GpuKernelCatalog kernels, GpuBackend backend, IReadOnlyList<int>? deviceIndices = null,
        OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        IReadOnlyList<int> indices = EnsembleSplits.Indices(backend, deviceIndices, () => NativeGpuDevices.Probe(backend).Devices.Count,
            nameof(deviceIndices));
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
        OdeOptions odeOptions = Options;
        (_split, CheckpointCapacity, _) = EnsembleSplits.Create<T>(nameof(NativeMultiGpuEnsembleSolver<T, TStepper>), typeof(TStepper).Name,
            trajectories, indices.Count, weights, odeOptions, GpuOptions, TStepper.StateSize, TStepper.ParameterSize,
            (d, count, shareOptions) => new NativeGpuEnsembleSolver<T, TStepper>(count, kernels, odeOptions,
                shareOptions with { Backend = backend, DeviceIndex = indices[d] }));
    }

    /// <summary>The settings every trajectory is solved with (the method is the stepper's).</summary>
    public OdeOptions Options { get; }

    /// <summary>Checkpoint capacity (the devices' own are set to <see cref="CheckpointCapacity"/>).</summary>
    public GpuEnsembleOptions GpuOptions { get; }

    /// <summary>Trajectories B, all devices.</summary>
    public int TrajectoryCount => _split.TrajectoryCount;

    /// <summary>Accepted steps each trajectory may checkpoint (0 without a gradient), on every device.</summary>
    public int CheckpointCapacity { get; }

    /// <summary>
    /// Host memory of <paramref name="length"/> elements for the inputs and results of every call: made by the first
    /// device's solver, page-locked on CUDA with the driver's portable flag (pinned for every device's context, so each
    /// device copies its slices of it directly); an ordinary pinned array on OpenCL and the CPU. See
    /// <see cref="GpuHostArray{T}"/>.
    /// </summary>
    public GpuHostArray<TValue> CreateHostArray<TValue>(int length) where TValue : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Shares[0].CreateHostArray<TValue>(length);
    }

    /// <summary>Which trajectories each device holds, in trajectory order, and where its last call spent its time.</summary>
    public IReadOnlyList<GpuEnsembleShare> Shares => EnsembleSplits.Describe(_split);

    /// <summary>As <see cref="NativeGpuEnsembleSolver{T, TStepper}.Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult})"/>;
    /// the aggregate's first failure is numbered among all B trajectories.</summary>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs, Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Solve(z0, p, times, outputs, results);
    }

    /// <summary>As the solve above with each trajectory's own output times (B + 1 offsets into times).</summary>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Solve(z0, p, times, timeOffsets, outputs, results);
    }

    /// <summary>ACA gradient of the last Solve; a shared θ's gradient summed over all devices in one solver's order.</summary>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Gradient(outputGradients, gradZ0, gradP, results);
    }

    /// <summary>Frees every device (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _split.Dispose();
    }
}
