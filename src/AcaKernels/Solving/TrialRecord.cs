namespace AcaKernels.Solving;

/// <summary>How one trial step was chosen and judged: everything the naive method differentiates besides f.</summary>
/// <param name="Time">Start time t.</param>
/// <param name="ProposedStep">The controller's proposal h before clipping to the next output.</param>
/// <param name="Step">The step taken: the proposal, or tOut − t when clipped.</param>
/// <param name="OutputTime">The output time the step was heading for.</param>
/// <param name="Clipped">Whether the step was shortened to land on the output time.</param>
/// <param name="Accepted">Whether the error test passed.</param>
/// <param name="ErrorNorm">The scaled error norm (0 for fixed steps).</param>
/// <param name="PreviousError">The PI controller's memory of the last accepted error.</param>
internal readonly record struct TrialRecord(double Time, double ProposedStep, double Step, double OutputTime, bool Clipped,
    bool Accepted, double ErrorNorm, double PreviousError);
