namespace AcaKernels.Gpu;

/// <summary>Where and with how much checkpoint memory a <see cref="GpuEnsembleSolver{T, TStepper}"/> runs.</summary>
public sealed record GpuEnsembleOptions
{
    /// <summary>The backend; <see cref="GpuBackend.Auto"/> (the default) picks the best present.</summary>
    public GpuBackend Backend { get; init; } = GpuBackend.Auto;

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
