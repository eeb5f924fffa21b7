using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// The aggregate outcome of an ensemble solve or gradient; each trajectory's own <see cref="SolveResult"/> (or
/// <see cref="GradientResult"/>) is in the span the caller passed (an empty span asks for this aggregate only).
/// Counters are summed over trajectories.
/// </summary>
/// <param name="Trajectories">Trajectories in the ensemble.</param>
/// <param name="Failed">Trajectories that did not succeed.</param>
/// <param name="FirstFailedTrajectory">Index of the first failed trajectory, −1 when none failed.</param>
/// <param name="FirstFailure">That trajectory's result (default when none failed).</param>
/// <param name="AcceptedSteps">Accepted forward steps, all trajectories.</param>
/// <param name="RejectedSteps">Rejected forward trial steps, all trajectories.</param>
/// <param name="ForwardEvaluations">Evaluations of f in the forward passes.</param>
/// <param name="BackwardEvaluations">Evaluations of f in the backward passes (zero for a solve).</param>
public readonly record struct EnsembleResult(int Trajectories, int Failed, int FirstFailedTrajectory, SolveResult FirstFailure,
    long AcceptedSteps, long RejectedSteps, long ForwardEvaluations, long BackwardEvaluations)
{
    /// <summary>True when every trajectory succeeded.</summary>
    public bool IsSuccess => Failed == 0;

    /// <summary>A sentence saying how many trajectories failed and why the first one did.</summary>
    public string Describe() => IsSuccess
        ? $"All {Trajectories} trajectories succeeded."
        : $"{Failed} of {Trajectories} trajectories failed. The first, trajectory {FirstFailedTrajectory}: {FirstFailure.Describe()} " +
          (FirstFailure.Cause == OdeStatus.GradientMemoryLimitExceeded ? SharedLimitText : "") +
          "Each trajectory's status is in the results span (when one was passed); the other trajectories' results are valid.";

    // A trajectory's message quotes the bytes it held, which can be far below the limit: in an ensemble the
    // limit bounds every trajectory's checkpoints together, so say so, or the user raises nothing and wonders.
    // SolveAndGradient takes the same share per chunk (same statuses, by design: its results equal Solve +
    // Gradient's), so it is not a way around the limit; it is what makes raising the limit cheap, because only
    // the chunks its workers are on hold checkpoints. The text is shared by both calls' results.
    private const string SharedLimitText =
        "In an ensemble, OdeOptions.GradientMemoryLimit bounds the checkpoints of all trajectories together " +
        "(each chunk of trajectories may hold its share, limit × its trajectories / B): raise the limit in proportion " +
        "to the number of trajectories B, or solve fewer trajectories per ensemble. When the loss is a sum of " +
        "per-trajectory terms, EnsembleSolver.SolveAndGradient (ITrajectoryLoss) solves and differentiates chunk by " +
        "chunk and holds only the checkpoints of the chunks its workers are on (about workers × limit × chunk size / B " +
        "bytes), so there a limit raised with B costs little memory; each chunk's share, and so which trajectories " +
        "fail, are the same as in Solve + Gradient. ";

    /// <summary>Throws <see cref="EnsembleSolveException"/> unless every trajectory succeeded.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess) throw new EnsembleSolveException(this);
    }

    internal static EnsembleResult Summarize(ReadOnlySpan<SolveResult> results)
    {
        int failed = 0, first = -1;
        long accepted = 0, rejected = 0, forward = 0, backward = 0;
        for (int b = 0; b < results.Length; b++)
        {
            SolverStatistics s = results[b].Statistics;
            accepted += s.AcceptedSteps;
            rejected += s.RejectedSteps;
            forward += s.ForwardEvaluations;
            backward += s.BackwardEvaluations;
            if (results[b].IsSuccess) continue;
            if (failed++ == 0) first = b;
        }
        return new EnsembleResult(results.Length, failed, first, first < 0 ? default : results[first],
            accepted, rejected, forward, backward);
    }
}
