namespace AcaKernels.Solving;

/// <summary>
/// Outcome of a solve or gradient: the status and, on failure, where it happened (time, step index, component).
/// A value type, so returning it allocates nothing.
/// </summary>
public readonly record struct SolveResult(OdeStatus Status, double Time, int Step, int Component, SolverStatistics Statistics)
{
    /// <summary>True when the solve reached every requested time.</summary>
    public bool IsSuccess => Status == OdeStatus.Success;

    /// <summary>A sentence saying what failed, where, and what to do.</summary>
    public string Describe() => Status switch
    {
        OdeStatus.Success => "Success.",
        OdeStatus.MaxStepsExceeded =>
            $"Exceeded the maximum number of steps at t = {Time:R} (step {Step}). Raise OdeOptions.MaxSteps, loosen the tolerances, or check the system for stiffness.",
        OdeStatus.StepSizeUnderflow =>
            $"Step size underflow at t = {Time:R} (step {Step}): the error test needs a step below MinStep or below the resolution of t. The solution may blow up here, or the problem is stiff; check the dynamics or loosen the tolerances.",
        OdeStatus.NonFiniteState =>
            $"Non-finite state at t = {Time:R} (step {Step}, component {Component}). Check the dynamics and parameters for overflow, division by zero or a log/sqrt of a negative number.",
        OdeStatus.CheckpointCapacityExceeded =>
            $"Checkpoint capacity exceeded at t = {Time:R} (step {Step}). Raise OdeOptions.CheckpointCapacity or set CheckpointGrowth = Double.",
        OdeStatus.NoForwardSolve => "No successful forward solve to differentiate: call Solve first and check its status.",
        _ => Status.ToString(),
    };

    /// <summary>Throws <see cref="OdeSolveException"/> unless successful.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess) throw new OdeSolveException(this);
    }

    internal static SolveResult Failure(OdeStatus status, double t, int step, int component, in SolverStatistics stats) =>
        new(status, t, step, component, stats);
}
