using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Gpu.Split;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// <see cref="GpuEnsembleSolver{T, TStepper}"/> over several devices at once: the same API and results, with the
/// trajectories cut into consecutive shares, one per device, each solved and differentiated by a solver on its device,
/// all devices at the same time (a thread each). For a machine with several GPUs.
/// </summary>
/// <remarks>
/// <para>Shares are whole blocks of 1024 trajectories in proportion to the devices' weights (equal by default; a device
/// twice as fast may take weight 2): <see cref="Shares"/> says which trajectories each device holds. A device that gets
/// no block (B ≤ 1024 puts every trajectory on the first) gets no solver. Trajectories are independent, so each share's
/// states, outputs, ∂L/∂z₀ and time gradients are what one solver on that device gives for them, bit for bit; a shared
/// θ's gradient is the devices' sums of their blocks of 1024 trajectories, added in block order — the order of one
/// solver on all trajectories and of the CPU engine, so on devices that round alike the sum does not depend on how many
/// there are.</para>
/// <para>Checkpoints: each trajectory may keep the capacity one solver of all B trajectories would give it
/// (<see cref="GpuEnsembleOptions.CheckpointCapacity"/>, or what <see cref="OdeOptions.GradientMemoryLimit"/> holds for
/// all B), so which trajectories fail does not depend on the devices either. The limit bounds the checkpoints of all
/// devices together: raise it with the device count to use each device's memory as one solver would.</para>
/// <para>Each call pins the caller's spans and hands each device its slices, without copying them; the devices' solvers
/// copy their slices to and from their device (directly from <see cref="CreateHostArray{TValue}"/>'s memory on CUDA). Calls allocate nothing of their own after the first (the devices'
/// solvers as in GpuEnsembleSolver). Not thread-safe: overlapping calls throw. Dispose it to free every device's
/// buffers (and the devices it opened).</para>
/// </remarks>
public sealed class MultiGpuEnsembleSolver<T, TStepper> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    private readonly EnsembleSplit<T> _split;
    private readonly GpuDevice[] _ownDevices;
    private bool _disposed;

    /// <summary>Opens <paramref name="backend"/>'s devices <paramref name="deviceIndices"/> (null: all of them, in
    /// <see cref="GpuDevice.List"/>'s order) and creates a solver on each that gets trajectories.</summary>
    /// <exception cref="ArgumentException">GpuBackend.Auto (name the backend), an index twice, weights that do not match
    /// the devices; options that cannot work on the GPU; sizes that do not fit.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or a device of it, is absent.</exception>
    public MultiGpuEnsembleSolver(int trajectories, GpuBackend backend, IReadOnlyList<int>? deviceIndices = null,
        OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
    {
        IReadOnlyList<int> indices = EnsembleSplits.Indices(backend, deviceIndices, () => GpuDevice.List(backend).Count, nameof(deviceIndices));
        var devices = new List<GpuDevice>(indices.Count);
        try
        {
            foreach (int index in indices) devices.Add(GpuDevice.Open(backend, index));
            (_split, CheckpointCapacity, bool[] used) = Create(trajectories, devices, options, gpuOptions, weights);
            _ownDevices = devices.Where((_, d) => used[d]).ToArray();
            foreach (GpuDevice device in devices.Where((_, d) => !used[d])) device.Dispose(); // B fits on fewer devices
        }
        catch
        {
            foreach (GpuDevice device in devices) device.Dispose();
            throw;
        }
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
    }

    /// <summary>Creates a solver on each of <paramref name="devices"/> (opened by the caller, disposed after this
    /// solver; any backends, one device once) that gets trajectories. <see cref="GpuEnsembleOptions.Backend"/> and
    /// <see cref="GpuEnsembleOptions.DeviceIndex"/> are not read.</summary>
    /// <exception cref="ArgumentException">No devices, a device twice, weights that do not match the devices; options that
    /// cannot work on the GPU; sizes that do not fit.</exception>
    public MultiGpuEnsembleSolver(int trajectories, IReadOnlyList<GpuDevice> devices, OdeOptions? options = null,
        GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        for (int d = 0; d < devices.Count; d++)
        {
            ArgumentNullException.ThrowIfNull(devices[d], $"{nameof(devices)}[{d}]");
            for (int e = 0; e < d; e++)
                if (ReferenceEquals(devices[d], devices[e]))
                    throw new ArgumentException($"devices[{e}] and devices[{d}] are the same device ('{devices[d].Name}'): one solver per device.", nameof(devices));
        }
        (_split, CheckpointCapacity, _) = Create(trajectories, devices, options, gpuOptions, weights);
        _ownDevices = [];
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
    }

    private static (EnsembleSplit<T> Split, int Capacity, bool[] Used) Create(int trajectories, IReadOnlyList<GpuDevice> devices,
        OdeOptions? options, GpuEnsembleOptions? gpuOptions, IReadOnlyList<double>? weights)
    {
        OdeOptions odeOptions = options ?? new OdeOptions();
        return EnsembleSplits.Create<T>(nameof(MultiGpuEnsembleSolver<T, TStepper>), typeof(TStepper).Name, trajectories, devices.Count,
            weights, odeOptions, gpuOptions ?? new GpuEnsembleOptions(), TStepper.StateSize, TStepper.ParameterSize,
            (d, count, shareOptions) => new GpuEnsembleSolver<T, TStepper>(count, devices[d], odeOptions, shareOptions));
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

    /// <summary>State size n.</summary>
    public static int StateSize => TStepper.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TStepper.ParameterSize;

    /// <summary>As <see cref="GpuEnsembleSolver{T, TStepper}.Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult})"/>;
    /// the aggregate's first failure is numbered among all B trajectories.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match; times not finite or not strictly monotone.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        ThrowIfDisposed();
        return _split.Solve(z0, p, times, outputs, results);
    }

    /// <summary>As GpuEnsembleSolver's Solve with each trajectory's own output times (B + 1 offsets into times).</summary>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        ThrowIfDisposed();
        return _split.Solve(z0, p, times, timeOffsets, outputs, results);
    }

    /// <summary>As <see cref="GpuEnsembleSolver{T, TStepper}.Gradient"/>: ACA gradient of the last Solve; a shared θ's
    /// gradient summed over all devices' trajectories in one solver's order.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match the last solve; overlapping spans.</exception>
    /// <exception cref="InvalidOperationException">Built with GradientMethod.None; overlapping calls; after a Solve that threw.</exception>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        ThrowIfDisposed();
        return _split.Gradient(outputGradients, gradZ0, gradP, results);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Frees every device's buffers, and the devices this solver opened (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _split.Dispose();
        foreach (GpuDevice device in _ownDevices) device.Dispose();
    }
}

/// <summary>One device's part of a <see cref="MultiGpuEnsembleSolver{T, TStepper}"/>: trajectories
/// [<paramref name="FirstTrajectory"/>, + <paramref name="Trajectories"/>) on <paramref name="DeviceName"/>, and where its
/// last call spent its time.</summary>
public readonly record struct GpuEnsembleShare(int FirstTrajectory, int Trajectories, GpuBackend Backend, string DeviceName,
    GpuCallTimes LastCall);
