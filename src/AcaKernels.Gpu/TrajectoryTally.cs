using AcaKernels.Ensembles;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// The counts of an <see cref="EnsembleResult"/> over a range of trajectories: failures (and the first of them) and
/// summed statistics. Ranges tallied apart (on several threads) and appended in trajectory order give the same
/// result as one pass: the sums are integers and the first failure is the first range's.
/// </summary>
internal struct TrajectoryTally
{
    private int _failed, _firstFailed;
    private SolveResult _firstFailure;
    private long _accepted, _rejected, _forwardEvaluations, _backwardEvaluations;

    public static TrajectoryTally Empty => new() { _firstFailed = -1 };

    /// <summary>Counts trajectory <paramref name="b"/>, whose result is <paramref name="result"/>.</summary>
    public void Add(int b, in SolveResult result)
    {
        SolverStatistics s = result.Statistics;
        _accepted += s.AcceptedSteps;
        _rejected += s.RejectedSteps;
        _forwardEvaluations += s.ForwardEvaluations;
        _backwardEvaluations += s.BackwardEvaluations;
        if (result.IsSuccess) return;
        if (_failed++ == 0)
        {
            _firstFailed = b;
            _firstFailure = result;
        }
    }

    /// <summary>Adds the tally of trajectories that all come after this one's.</summary>
    public void Append(in TrajectoryTally later)
    {
        _accepted += later._accepted;
        _rejected += later._rejected;
        _forwardEvaluations += later._forwardEvaluations;
        _backwardEvaluations += later._backwardEvaluations;
        if (later._failed == 0) return;
        if (_failed == 0)
        {
            _firstFailed = later._firstFailed;
            _firstFailure = later._firstFailure;
        }
        _failed += later._failed;
    }

    public readonly EnsembleResult ToResult(int trajectories) =>
        new(trajectories, _failed, _firstFailed, _firstFailure, _accepted, _rejected, _forwardEvaluations, _backwardEvaluations);
}
