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
    /// <summary>More accepted steps than checkpoints, with <see cref="Gradients.CheckpointGrowth.Fail"/>.</summary>
    CheckpointCapacityExceeded,
    /// <summary><see cref="OdeSolver{T, TDynamics}.Gradient"/> was called without a successful solve before it.</summary>
    NoForwardSolve,
}
