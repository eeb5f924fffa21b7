using System.Numerics;
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
/// twice as fast may take weight 2): <see cref="MultiDeviceEnsembleSolver{T}.Shares"/> says which trajectories each device holds. A device that gets
/// no block (B ≤ 1024 puts every trajectory on the first) gets no solver. Trajectories are independent, so each share's
/// states, outputs, ∂L/∂z₀ and time gradients are what one solver on that device gives for them, bit for bit; a shared
/// θ's gradient is the devices' sums of their blocks of 1024 trajectories, added in block order — the order of one
/// solver on all trajectories and of the CPU engine, so on devices that round alike the sum does not depend on how many
/// there are. The calls are <see cref="MultiDeviceEnsembleSolver{T}"/>'s.</para>
/// <para>Checkpoints: each trajectory may keep the capacity one solver of all B trajectories would give it
/// (<see cref="GpuEnsembleOptions.CheckpointCapacity"/>, or what <see cref="OdeOptions.GradientMemoryLimit"/> holds for
/// all B), so which trajectories fail does not depend on the devices either. The limit bounds the checkpoints of all
/// devices together: raise it with the device count to use each device's memory as one solver would.</para>
/// <para>Each call pins the caller's spans and hands each device its slices, without copying them; the devices' solvers
/// copy their slices to and from their device (directly from <see cref="MultiDeviceEnsembleSolver{T}.CreateHostArray{TValue}"/>'s memory on CUDA). Calls allocate nothing of their own after the first (the devices'
/// solvers as in GpuEnsembleSolver). Not thread-safe: overlapping calls throw. Dispose it to free every device's
/// buffers (and the devices it opened).</para>
/// </remarks>
public sealed class MultiGpuEnsembleSolver<T, TStepper> : MultiDeviceEnsembleSolver<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    /// <summary>Opens <paramref name="backend"/>'s devices <paramref name="deviceIndices"/> (null: all of them, in
    /// <see cref="GpuDevice.List"/>'s order) and creates a solver on each that gets trajectories.</summary>
    /// <exception cref="ArgumentException">GpuBackend.Auto (name the backend), an index twice, weights that do not match
    /// the devices; options that cannot work on the GPU; sizes that do not fit.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or a device of it, is absent.</exception>
    public MultiGpuEnsembleSolver(int trajectories, GpuBackend backend, IReadOnlyList<int>? deviceIndices = null,
        OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
        : this(Opened(trajectories, backend, deviceIndices, options, gpuOptions, weights), options, gpuOptions)
    {
    }

    /// <summary>Creates a solver on each of <paramref name="devices"/> (opened by the caller, disposed after this
    /// solver; any backends, one device once) that gets trajectories. <see cref="GpuEnsembleOptions.Backend"/> and
    /// <see cref="GpuEnsembleOptions.DeviceIndex"/> are not read.</summary>
    /// <exception cref="ArgumentException">No devices, a device twice, weights that do not match the devices; options that
    /// cannot work on the GPU; sizes that do not fit.</exception>
    public MultiGpuEnsembleSolver(int trajectories, IReadOnlyList<GpuDevice> devices, OdeOptions? options = null,
        GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
        : this(OnCallersDevices(trajectories, devices, options, gpuOptions, weights), options, gpuOptions)
    {
    }

    private MultiGpuEnsembleSolver((EnsembleSplit<T> Split, int Capacity, GpuDevice[] Owned) made, OdeOptions? options, GpuEnsembleOptions? gpuOptions)
        : base(made.Split, made.Capacity, made.Owned, options, gpuOptions)
    {
    }

    /// <summary>State size n.</summary>
    public static int StateSize => TStepper.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TStepper.ParameterSize;

    private static (EnsembleSplit<T>, int, GpuDevice[]) Opened(int trajectories, GpuBackend backend, IReadOnlyList<int>? deviceIndices,
        OdeOptions? options, GpuEnsembleOptions? gpuOptions, IReadOnlyList<double>? weights)
    {
        IReadOnlyList<int> indices = EnsembleSplits.Indices(backend, deviceIndices, () => GpuDevice.List(backend).Count, nameof(deviceIndices));
        var devices = new List<GpuDevice>(indices.Count);
        try
        {
            foreach (int index in indices) devices.Add(GpuDevice.Open(backend, index));
            (EnsembleSplit<T> split, int capacity, bool[] used) = Create(trajectories, devices, options, gpuOptions, weights);
            foreach (GpuDevice device in devices.Where((_, d) => !used[d])) device.Dispose(); // B fits on fewer devices
            return (split, capacity, devices.Where((_, d) => used[d]).ToArray());
        }
        catch
        {
            foreach (GpuDevice device in devices) device.Dispose();
            throw;
        }
    }

    private static (EnsembleSplit<T>, int, GpuDevice[]) OnCallersDevices(int trajectories, IReadOnlyList<GpuDevice> devices,
        OdeOptions? options, GpuEnsembleOptions? gpuOptions, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(devices);
        for (int d = 0; d < devices.Count; d++)
        {
            ArgumentNullException.ThrowIfNull(devices[d], $"{nameof(devices)}[{d}]");
            for (int e = 0; e < d; e++)
                if (ReferenceEquals(devices[d], devices[e]))
                    throw new ArgumentException($"devices[{e}] and devices[{d}] are the same device ('{devices[d].Name}'): one solver per device.", nameof(devices));
        }
        (EnsembleSplit<T> split, int capacity, _) = Create(trajectories, devices, options, gpuOptions, weights);
        return (split, capacity, []);
    }

    private static (EnsembleSplit<T> Split, int Capacity, bool[] Used) Create(int trajectories, IReadOnlyList<GpuDevice> devices,
        OdeOptions? options, GpuEnsembleOptions? gpuOptions, IReadOnlyList<double>? weights)
    {
        OdeOptions odeOptions = options ?? new OdeOptions();
        return EnsembleSplits.Create<T>(nameof(MultiGpuEnsembleSolver<T, TStepper>), typeof(TStepper).Name, trajectories, devices.Count,
            weights, odeOptions, gpuOptions ?? new GpuEnsembleOptions(), TStepper.StateSize, TStepper.ParameterSize,
            (d, count, shareOptions) => new GpuEnsembleSolver<T, TStepper>(count, devices[d], odeOptions, shareOptions));
    }
}
