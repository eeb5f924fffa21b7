namespace AcaKernels.Gradients;

/// <summary>What the forward pass does when the gradient storage (ACA checkpoints, the naive tape) is full.</summary>
public enum CheckpointGrowth
{
    /// <summary>
    /// Fixed store of <see cref="Solving.OdeOptions.CheckpointCapacity"/> entries, allocated when the solver is
    /// created: a solve never allocates, and stops with <see cref="Solving.OdeStatus.CheckpointCapacityExceeded"/>
    /// when the store is full. For hot loops whose step count is known.
    /// </summary>
    Fail,

    /// <summary>
    /// Double the store (one allocation per doubling; later solves reuse it) up to
    /// <see cref="Solving.OdeOptions.GradientMemoryLimit"/>, then stop with
    /// <see cref="Solving.OdeStatus.GradientMemoryLimitExceeded"/>. The default.
    /// </summary>
    Double,
}
