using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Solving;

namespace AcaKernels.Lanes;

// The forward pass's cold path: what happens to one trajectory, not to the vector — a step that ends it (failure,
// full checkpoint store, out of trials, its last output time), a first step (linked in the log), an output row — and
// the refill of its lane. Out of line (NoInlining), so the common step stays short; each lane's per-lane scalars are
// read (LaneOf) only here, where its result is assembled.
internal sealed partial class LaneEngine<T, TDynamics>
{
    /// <summary>
    /// EndStep for a step in which some lane has an event, in the order of the scalar loop: failures of rejected
    /// steps, trajectories whose store is full, the log record, the state update (<see cref="Advance"/>), output rows
    /// and ends; then the lanes that ended are refilled.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EndStepWithEvents(uint accepted)
    {
        Vector512<double> t = _t, hTry = _stepHTry;
        uint clipped = (uint)_stepClipped.ExtractMostSignificantBits();
        uint ended = 0;
        // A rejected step that cannot shrink fails; an accepted step past what the trajectory's own checkpoint store
        // could hold fails as that store would.
        for (uint bits = (uint)(_stepReject & ~_stepCanShrink).ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            RejectFailure(lane, hTry.GetElement(lane));
            ended |= 1u << lane;
        }
        if (_log is not null)
        {
            var most = Vector512.Create(_checkpointLimit.MostCheckpoints);
            for (uint bits = accepted & (uint)Vector512.GreaterThanOrEqual(_accepted, most).ExtractMostSignificantBits();
                 bits != 0; bits &= bits - 1)
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                Finish(lane, Stopped(lane, _checkpointLimit.FullStatus, hTry.GetElement(lane)));
                ended |= 1u << lane;
            }
            if ((accepted & ~ended) != 0) Record(t, hTry, accepted & ~ended, clipped);
        }

        uint stands = accepted & ~ended;
        Advance(stands, Mask(stands).AsInt64());

        // Outputs: an accepted step that was clipped landed on the lane's next output time.
        for (uint bits = stands & clipped; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            if (WriteOutput(lane)) continue;
            Finish(lane, new SolveResult(OdeStatus.Success, LaneOf(ref _t, lane), (int)LaneOf(ref _accepted, lane), -1, Statistics(lane)));
            ended |= 1u << lane;
        }
        for (uint bits = ended; bits != 0; bits &= bits - 1) Refill(BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>Writes lane <paramref name="lane"/>'s state as its trajectory's next output row and moves to the output
    /// time after it; false when that was the last.</summary>
    private bool WriteOutput(int lane)
    {
        int b = _trajectory[lane];
        ReadOnlySpan<double> times = _source!.TimesOf(b);
        Gather(_z, 0, lane, _source.OutputsOf(b).Slice(_output[lane] * _n, _n));
        if (++_output[lane] >= times.Length) return false;
        LaneOf(ref _tOut, lane) = times[_output[lane]];
        return true;
    }

    /// <summary>Lanes out of trials stop before trying (MaxStepsExceeded) and are refilled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StopOutOfTrials(uint lanes)
    {
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            Finish(lane, Stopped(lane, OdeStatus.MaxStepsExceeded, LaneOf(ref _h, lane)));
            Refill(lane);
        }
    }

    /// <summary>Lanes whose step t cannot represent (t + h rounds to t) stop with StepSizeUnderflow before trying, as
    /// the scalar loop does, and are refilled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StopUnrepresentableSteps(uint lanes)
    {
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            Finish(lane, Stopped(lane, OdeStatus.StepSizeUnderflow, LaneOf(ref _h, lane)));
            Refill(lane);
        }
    }

    /// <summary>A rejected step that cannot shrink: a non-finite state (with its component) or step-size underflow.</summary>
    private void RejectFailure(int lane, double hTry)
    {
        Span<T> error = _ws.Error, trial = _ws.Trial;
        Gather(_error, 0, lane, error);
        Gather(_zNew, 0, lane, trial);
        int component = ErrorNorm.FirstNonFinite<T>(error, trial);
        SolveResult failure = component >= 0
            ? SolveResult.Failure(OdeStatus.NonFiniteState, LaneOf(ref _t, lane), (int)LaneOf(ref _accepted, lane), component, Statistics(lane))
                with { StepSize = Math.Abs(hTry) }
            : Stopped(lane, OdeStatus.StepSizeUnderflow, hTry);
        Finish(lane, failure);
    }

    /// <summary>Lane <paramref name="lane"/>'s statistics so far: Start's, with the lane's counters.</summary>
    private SolverStatistics Statistics(int lane) => _stats[lane] with
    {
        AcceptedSteps = (int)LaneOf(ref _accepted, lane),
        RejectedSteps = (int)LaneOf(ref _rejected, lane),
        // The start's evaluations and the k₀ re-evaluations after accepted steps (_evaluations), s − 1 per trial.
        ForwardEvaluations = LaneOf(ref _evaluations, lane) + (_s - 1) * LaneOf(ref _trials, lane),
    };

    /// <summary>Lane <paramref name="lane"/>'s stiffness test as a detector (for the status of a stopped solve).</summary>
    private StiffnessDetector Stiffness(int lane) =>
        StiffnessDetector.FromState((int)LaneOf(ref _stiffSteps, lane), (int)LaneOf(ref _nonStiffInARow, lane), LaneOf(ref _stiffDetected, lane) != 0);

    /// <summary>A stop by a limit, as Integrator.Stopped, from the lane's state.</summary>
    private SolveResult Stopped(int lane, OdeStatus limit, double h) =>
        Integrator<T, TDynamics>.Stopped(limit, LaneOf(ref _t, lane), h, (int)LaneOf(ref _accepted, lane), Stiffness(lane), Statistics(lane));

    /// <summary>Hands lane <paramref name="lane"/>'s finished (or failed) trajectory to the ensemble.</summary>
    private void Finish(int lane, SolveResult result)
    {
        SolverStatistics stats = Statistics(lane);
        // As AcaGradient.Forward and TrajectoryEngine.Solve: memory held, then the final counters.
        if (_log is not null) stats.GradientMemoryBytes = _checkpointLimit.GradientMemoryBytes(result.IsSuccess, LaneOf(ref _accepted, lane));
        _source!.Solved(_trajectory[lane], result with { Statistics = stats }, checkpointsLost: (_unrecorded & (1u << lane)) != 0);
        _active &= ~(1u << lane);
    }
}
