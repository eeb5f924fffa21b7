namespace AcaKernels.Solving;

/// <summary>Outcome of a solve or a gradient. Expected failures are statuses, not exceptions.</summary>
public enum OdeStatus
{
    /// <summary>Reached every requested time.</summary>
    Success,
    /// <summary>More than <see cref="OdeOptions.MaxSteps"/> trial steps were taken.</summary>
    MaxStepsExceeded,
    /// <summary>The error test required a step below <see cref="OdeOptions.MinStep"/> or below time resolution.</summary>
    StepSizeUnderflow,
    /// <summary>The state or its derivative became NaN or infinite and shrinking the step did not help.</summary>
    NonFiniteState,
    /// <summary>The fixed gradient store (<see cref="Gradients.CheckpointGrowth.Fail"/>) of
    /// <see cref="OdeOptions.CheckpointCapacity"/> entries was full.</summary>
    CheckpointCapacityExceeded,
    /// <summary><see cref="OdeSolver{T, TDynamics}.Gradient"/> was called without a successful solve before it.</summary>
    NoForwardSolve,
    /// <summary>Growing the gradient storage would have passed <see cref="OdeOptions.GradientMemoryLimit"/>.</summary>
    GradientMemoryLimitExceeded,
    /// <summary>
    /// The solve stopped (<see cref="SolveResult.Cause"/>: too many steps, step underflow, or gradient memory)
    /// while the stiffness test of Dormand-Prince 5(4) was firing: the explicit method is held at its stability
    /// limit. <see cref="SolveResult.Time"/> and <see cref="SolveResult.StepSize"/> say where.
    /// </summary>
    LikelyStiff,
}
