namespace AcaKernels.Gpu;

/// <summary>Where and with how much checkpoint memory a <see cref="GpuEnsembleSolver{T, TStepper}"/> runs.</summary>
public sealed record GpuEnsembleOptions
{
    /// <summary>The backend; <see cref="GpuBackend.Auto"/> (the default) picks the best present.</summary>
    public GpuBackend Backend { get; init; } = GpuBackend.Auto;

    /// <summary>
    /// Which of the backend's devices, for a machine with several: null (the default) is device 0, the best. The order is
    /// the one <see cref="GpuDevice.List"/> gives: on CUDA the driver's (which <c>CUDA_VISIBLE_DEVICES</c> filters and
    /// reorders), on OpenCL the GPUs of every platform before the other devices. Needs a named <see cref="Backend"/>;
    /// an index past the devices present is a <see cref="GpuBackendUnavailableException"/> that names them.
    /// </summary>
    public int? DeviceIndex { get; init; }

    /// <summary>
    /// Accepted steps each trajectory may checkpoint for ACA (a fixed capacity: device memory is allocated once);
    /// a trajectory that needs more stops with <see cref="Solving.OdeStatus.CheckpointCapacityExceeded"/>. Null (the
    /// default): <see cref="Solving.OdeOptions.CheckpointCapacity"/>, lowered so that all B trajectories' checkpoints
    /// fit in <see cref="Solving.OdeOptions.GradientMemoryLimit"/> (B · capacity · (n·sizeof(T) + 16) bytes). An explicit
    /// capacity is not lowered: one whose store does not fit in the device's memory is an <see cref="ArgumentException"/>
    /// from the solver's constructor.
    /// </summary>
    public int? CheckpointCapacity { get; init; }

    /// <summary>Which kernels the solver launches (internal: tests and the GPU check compare the two forms).</summary>
    internal GpuKernelForm KernelForm { get; init; }
}
