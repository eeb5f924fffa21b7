using System.Numerics;
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
public sealed class NativeMultiGpuEnsembleSolver<T, TStepper> : MultiDeviceEnsembleSolver<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    /// <summary>Opens <paramref name="backend"/>'s devices <paramref name="deviceIndices"/> (null: every device
    /// <see cref="NativeGpuDevices.Probe"/> lists, in its order) and loads <typeparamref name="TStepper"/>'s kernels from
    /// <paramref name="kernels"/> on each that gets trajectories.</summary>
    /// <exception cref="ArgumentException">GpuBackend.Auto or Cpu, an index twice, weights that do not match the devices;
    /// options that cannot work on the GPU; sizes that do not fit.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or a device of it, is absent.</exception>
    /// <exception cref="NativeGpuException">When a driver call fails (the message names it).</exception>
    public NativeMultiGpuEnsembleSolver(int trajectories, GpuKernelCatalog kernels, GpuBackend backend, IReadOnlyList<int>? deviceIndices = null,
        OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null, IReadOnlyList<double>? weights = null)
        : this(Create(trajectories, kernels, backend, deviceIndices, options, gpuOptions, weights), options, gpuOptions)
    {
    }

    private NativeMultiGpuEnsembleSolver((EnsembleSplit<T> Split, int Capacity) made, OdeOptions? options, GpuEnsembleOptions? gpuOptions)
        : base(made.Split, made.Capacity, [], options, gpuOptions)
    {
    }

    private static (EnsembleSplit<T>, int) Create(int trajectories, GpuKernelCatalog kernels, GpuBackend backend,
        IReadOnlyList<int>? deviceIndices, OdeOptions? options, GpuEnsembleOptions? gpuOptions, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        IReadOnlyList<int> indices = EnsembleSplits.Indices(backend, deviceIndices, () => NativeGpuDevices.Probe(backend).Devices.Count,
            nameof(deviceIndices));
        OdeOptions odeOptions = options ?? new OdeOptions();
        (EnsembleSplit<T> split, int capacity, _) = EnsembleSplits.Create<T>(nameof(NativeMultiGpuEnsembleSolver<T, TStepper>),
            typeof(TStepper).Name, trajectories, indices.Count, weights, odeOptions, gpuOptions ?? new GpuEnsembleOptions(),
            TStepper.StateSize, TStepper.ParameterSize,
            (d, count, shareOptions) => new NativeGpuEnsembleSolver<T, TStepper>(count, kernels, odeOptions,
                shareOptions with { Backend = backend, DeviceIndex = indices[d] }));
        return (split, capacity);
    }
}
