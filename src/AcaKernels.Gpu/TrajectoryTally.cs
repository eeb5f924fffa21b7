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

    /// <summary>Adds one trajectory's statistics (the numbers, not a <see cref="SolveResult"/>: the pass moves memory,
    /// and copying a 96-byte result per trajectory to read four counters showed in its time).</summary>
    public void Count(long accepted, long rejected, long forwardEvaluations, long backwardEvaluations)
    {
        _accepted += accepted;
        _rejected += rejected;
        _forwardEvaluations += forwardEvaluations;
        _backwardEvaluations += backwardEvaluations;
    }

    /// <summary>Trajectory <paramref name="b"/> failed with <paramref name="result"/> (after every earlier one was counted).</summary>
    public void Fail(int b, in SolveResult result)
    {
        if (_failed++ != 0) return;
        _firstFailed = b;
        _firstFailure = result;
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

    /// <summary>The tally of <see cref="Kernels.TrajectoryTallyKernel"/>'s blocks (added in block order; the first
    /// failure's result, if any, is mended by the caller once it has read that trajectory's words).</summary>
    public static TrajectoryTally OfDeviceBlocks(ReadOnlySpan<long> blocks)
    {
        TrajectoryTally tally = Empty;
        for (int o = 0; o < blocks.Length; o += Kernels.TrajectoryTallyKernel.Fields)
        {
            ReadOnlySpan<long> block = blocks.Slice(o, Kernels.TrajectoryTallyKernel.Fields);
            tally.Count(block[Kernels.TrajectoryTallyKernel.Accepted], block[Kernels.TrajectoryTallyKernel.Rejected],
                block[Kernels.TrajectoryTallyKernel.Evaluations], 0);
            long failed = block[Kernels.TrajectoryTallyKernel.Failed];
            if (failed == 0) continue;
            if (tally._failed == 0) tally._firstFailed = (int)block[Kernels.TrajectoryTallyKernel.FirstFailed];
            tally._failed += (int)failed;
        }
        return tally;
    }

    /// <summary>The tally of a gradient whose every trajectory was solved and differentiated: the forward's counts,
    /// <paramref name="stages"/> backward evaluations per accepted step.</summary>
    public readonly TrajectoryTally Differentiated(int stages)
    {
        if (_failed != 0) throw new InvalidOperationException("A forward tally with failures needs the per-trajectory gradient pass.");
        TrajectoryTally tally = this;
        tally._backwardEvaluations = _accepted * stages;
        return tally;
    }

    /// <summary>Summed accepted steps.</summary>
    public readonly long Accepted => _accepted;

    /// <summary>Trajectories that failed.</summary>
    public readonly int Failed => _failed;

    /// <summary>The first trajectory that failed, −1 when none did.</summary>
    public readonly int FirstFailed => _firstFailed;

    /// <summary>Replaces the first failure's result (made before its times were read) with the whole one.</summary>
    public void MendFirstFailure(in SolveResult result)
    {
        if (_failed == 0) throw new InvalidOperationException("No trajectory failed: there is no first failure to mend.");
        _firstFailure = result;
    }

    public readonly EnsembleResult ToResult(int trajectories) =>
        new(trajectories, _failed, _firstFailed, _firstFailure, _accepted, _rejected, _forwardEvaluations, _backwardEvaluations);
}
