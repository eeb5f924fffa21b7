namespace AcaKernels.Solving;

/// <summary>
/// Outcome of a solve or gradient: the status and, on failure, where it happened (time, step index, component,
/// step size). A value type, so returning it allocates nothing.
/// </summary>
public readonly record struct SolveResult(OdeStatus Status, double Time, int Step, int Component, SolverStatistics Statistics)
{
    /// <summary>True when the solve reached every requested time.</summary>
    public bool IsSuccess => Status == OdeStatus.Success;

    /// <summary>The step size the solver was at when it stopped (NaN when it does not apply).</summary>
    public double StepSize { get; init; } = double.NaN;

    /// <summary>
    /// For <see cref="OdeStatus.LikelyStiff"/>, the limit that stopped the solve (<see cref="OdeStatus.MaxStepsExceeded"/>,
    /// <see cref="OdeStatus.StepSizeUnderflow"/>, <see cref="OdeStatus.GradientMemoryLimitExceeded"/> or
    /// <see cref="OdeStatus.CheckpointCapacityExceeded"/>); for <see cref="OdeStatus.NoForwardSolve"/>, the status of the
    /// failed solve (NoForwardSolve itself when Solve was not called); otherwise the status itself.
    /// </summary>
    public OdeStatus Cause { get => _cause ?? Status; init => _cause = value; }

    private readonly OdeStatus? _cause;

    /// <summary>
    /// The pass that stopped: <see cref="SolvePhase.Forward"/> (every solve, and a gradient's forward records), or
    /// <see cref="SolvePhase.AdjointBackward"/> when <see cref="Gradients.GradientMethod.Adjoint"/>'s reverse-time
    /// re-solve failed after a successful forward solve (then <see cref="Time"/>, <see cref="Step"/>,
    /// <see cref="StepSize"/> and <see cref="Component"/> are the backward solve's).
    /// </summary>
    public SolvePhase Phase { get; init; }

    /// <summary>A sentence saying what failed, where, and what to do.</summary>
    public string Describe() => Phase == SolvePhase.AdjointBackward && !IsSuccess
        ? AdjointBackwardPrefix + DescribeStatus() + AdjointBackwardAdvice
        : DescribeStatus();

    // The statuses read the same in either pass; the adjoint's backward failure says which pass, and what its
    // numbers index, before them, and what is special to that pass after them.
    private const string AdjointBackwardPrefix =
        "In the adjoint's backward solve, after a successful forward solve (GradientMethod.Adjoint: the augmented " +
        "system [z, a, ∂L/∂θ] integrated in reverse time; steps count from the output time it started from, " +
        "components index [z, a, ∂L/∂θ]): ";

    private const string AdjointBackwardAdvice =
        " The backward solve can need more or smaller steps than the forward one (the adjoint a can grow where z " +
        "is stable); GradientMethod.Aca differentiates the forward steps themselves and re-solves nothing.";

    private string DescribeStatus() => Status switch
    {
        OdeStatus.Success => "Success.",
        OdeStatus.LikelyStiff =>
            $"The problem looks stiff: the solve stopped at t = {Time:R} (step {Step}, step size {StepSize:R}) because {CauseText()}, " +
            "while Dormand-Prince's stiffness test (h·|λ| at its stability limit for 15 steps in a row) was firing. " +
            "An explicit method needs tiny steps here: use an implicit (stiff) solver, or loosen the tolerances.",
        _ => FailureText(Status),
    };

    private string CauseText() => Cause switch
    {
        OdeStatus.MaxStepsExceeded => "it took OdeOptions.MaxSteps trial steps",
        OdeStatus.StepSizeUnderflow => "the step size underflowed",
        OdeStatus.GradientMemoryLimitExceeded => "the gradient storage reached OdeOptions.GradientMemoryLimit",
        OdeStatus.CheckpointCapacityExceeded => "the fixed gradient store of OdeOptions.CheckpointCapacity entries was full",
        _ => Cause.ToString(),
    };

    private string FailureText(OdeStatus status) => status switch
    {
        OdeStatus.MaxStepsExceeded =>
            $"Took OdeOptions.MaxSteps trial steps and stopped at t = {Time:R} (step {Step}, step size {StepSize:R}). Raise OdeOptions.MaxSteps, loosen the tolerances, or check the system for stiffness.",
        OdeStatus.StepSizeUnderflow => StepIsBelowResolutionOfTime()
            ? $"Step size underflow at t = {Time:R} (step {Step}, step size {StepSize:R}): the step is below the resolution of t, whose neighbouring doubles are ulp(t) = {UlpOfTime:R} apart, so t + h rounds back to t and the solve cannot advance. t is too large for the system's time scale: measure time from the start of the solve (solve in t − t₀ and add t₀ to the output times), or use a time unit in which t is small."
            : $"Step size underflow at t = {Time:R} (step {Step}, step size {StepSize:R}): the error test needs a step below MinStep or below the resolution of t (ulp(t) = {UlpOfTime:R}). The solution may blow up here (a singularity), or the problem is stiff; check the dynamics or loosen the tolerances.",
        OdeStatus.NonFiniteState =>
            $"Non-finite state at t = {Time:R} (step {Step}, component {Component}). Check the dynamics and parameters for overflow, division by zero or a log/sqrt of a negative number.",
        OdeStatus.CheckpointCapacityExceeded =>
            $"The fixed checkpoint store is full: {Step} accepted steps by t = {Time:R}. Raise OdeOptions.CheckpointCapacity or set CheckpointGrowth = Double to let it grow (a GPU ensemble's store never grows: raise GpuEnsembleOptions.CheckpointCapacity, or, when that is null, OdeOptions.CheckpointCapacity and the GradientMemoryLimit it is lowered to fit), or use GradientMethod.None for forward solves that need no gradient.",
        OdeStatus.GradientMemoryLimitExceeded =>
            $"The gradient storage would pass OdeOptions.GradientMemoryLimit ({Statistics.GradientMemoryBytes} bytes held) at t = {Time:R} after {Step} accepted steps. Raise GradientMemoryLimit, loosen the tolerances, use GradientMethod.Adjoint (O(n) memory), or GradientMethod.None for forward solves only.",
        OdeStatus.NoForwardSolve => Cause == OdeStatus.NoForwardSolve
            ? "No forward solve to differentiate: call Solve first and check its status."
            : $"No successful forward solve to differentiate: the last Solve failed with {Cause} (its SolveResult's Describe() says where and what to change); fix that solve, then call Gradient.",
        _ => status.ToString(),
    };

    // Every engine (scalar, lanes, GPU kernels) stops before trying a step t cannot represent, t + h == t, and
    // reports that h; a step the error test rejected and could not shrink is reported as the step tried, a
    // nonzero representable (t + h) − t, so t + h != t there. Testing t ± h rather than |h| ≤ ulp(t) keeps the
    // two apart: with the default MinStep = 0 a blow-up at t ≈ 1 can end at a rejected step of exactly ulp(t)
    // (FailureTests), where "measure time from the start" would be the wrong advice. ± because the result has
    // no direction (it misreads only a one-gap step down from a power of two, a rounding tie).
    private bool StepIsBelowResolutionOfTime() =>
        double.IsFinite(Time) && (Time + StepSize == Time || Time - StepSize == Time);

    // The gap from |t| to the next double away from zero (the larger of t's two gaps).
    private double UlpOfTime => Math.BitIncrement(Math.Abs(Time)) - Math.Abs(Time);

    /// <summary>Throws <see cref="OdeSolveException"/> unless successful.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess) throw new OdeSolveException(this);
    }

    internal static SolveResult Failure(OdeStatus status, double t, int step, int component, in SolverStatistics stats) =>
        new(status, t, step, component, stats);
}
