using System.Numerics;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Lanes;

// The forward pass: Integrator's loop with the trajectory index moved into the lanes. Each step: every active lane
// tries a step (vector kernel or per-lane fallback), the vector step rule decides accept/reject and the next step
// for all lanes at once, the step is appended to the chunk's checkpoint log (ACA) as one slot of whole vectors, then
// a short per-lane pass does what is per trajectory (counters, stiffness test, output rows, end or failure) and
// refills finished lanes.
internal sealed partial class LaneEngine<T, TDynamics>
{
    // ACA only: the chunk's log, the lanes whose trajectory has no step recorded yet (its next recorded step is its
    // first), and those whose trajectory lost an accepted step to a full log (it fails when it ends).
    private LaneCheckpointLog<T>? _log;
    private uint _fresh, _unrecorded;

    /// <summary>
    /// Solves trajectories [first, end) of <paramref name="source"/>, handing each result to it; with ACA their
    /// checkpoints go to <paramref name="log"/> (the chunk's, emptied first).
    /// </summary>
    public void Solve(ILaneEnsemble<T> source, int first, int end, LaneCheckpointLog<T>? log)
    {
        LaneEngine<T, TDynamics> other = _partner!;
        log?.Reset();
        _cursor.Next = first;
        _cursor.End = end;
        Start(source, log);
        other.Start(source, log);
        while ((_active | other._active) != 0)
        {
            // Each phase for both groups back to back, so that their dependency chains overlap (class remarks).
            bool a = BeginStep(), b = other.BeginStep();
            if (a) ControlStep();
            if (b) other.ControlStep();
            if (a) EndStep();
            if (b) other.EndStep();
        }
        Stop();
        other.Stop();
    }

    /// <summary>Binds the group to the solve and fills its lanes from the chunk.</summary>
    private void Start(ILaneEnsemble<T> source, LaneCheckpointLog<T>? log)
    {
        _source = source;
        _log = log;
        _active = _fresh = _unrecorded = 0;
        for (int lane = 0; lane < Width; lane++) Refill(lane);
    }

    private void Stop()
    {
        _source = null;
        _log = null;
    }

    /// <summary>Starts the next trajectory that does not fail at its start in <paramref name="lane"/>, or leaves the lane idle.</summary>
    private void Refill(int lane)
    {
        ILaneEnsemble<T> source = _source!;
        uint bit = 1u << lane;
        _fresh |= bit;
        _unrecorded &= ~bit;
        while (_cursor.Next < _cursor.End)
        {
            int b = _cursor.Next++;
            ReadOnlySpan<double> times = source.TimesOf(b);
            ReadOnlySpan<T> p = source.Parameters(b);
            Span<T> outputs = source.OutputsOf(b);
            outputs.Fill(T.NaN);
            var recorder = new NullRecorder<T>(); // the log records the steps, and the first one tells where z₀ is
            SolveResult start = Integrator<T, TDynamics>.Start(_ws, source.InitialState(b), p, times, outputs, ref recorder, out double h);
            _stats[lane] = _ws.Statistics;
            _trajectory[lane] = b;
            _accepted[lane] = _trials[lane] = _rejected[lane] = 0;
            _evaluations[lane] = _ws.Statistics.ForwardEvaluations;
            if (!start.IsSuccess)
            {
                Finish(lane, start);
                continue;
            }
            Scatter(_ws.State, _z, 0, lane);
            Scatter(_ws.Stages.AsSpan(0, _n), _stages, 0, lane);
            Scatter(p, _p, 0, lane);
            p.CopyTo(_laneP[lane]);
            _t[lane] = times[0];
            _h[lane] = h;
            _tOut[lane] = times[1];
            _direction[lane] = times[^1] > times[0] ? 1.0 : -1.0;
            _logPrevious[lane] = 0.0; // log of the initial previous error 1
            _output[lane] = 1;
            _stiffSteps[lane] = _nonStiffInARow[lane] = _stiffDetected[lane] = 0;
            _active |= bit;
            return;
        }
        _active &= ~bit;
    }

    /// <summary>Lane <paramref name="lane"/>'s statistics so far: Start's, with the lane's counters.</summary>
    private SolverStatistics Statistics(int lane) => _stats[lane] with
    {
        AcceptedSteps = (int)_accepted[lane],
        RejectedSteps = (int)_rejected[lane],
        ForwardEvaluations = _evaluations[lane],
    };

    /// <summary>Lane <paramref name="lane"/>'s stiffness test as a detector (for the status of a stopped solve).</summary>
    private StiffnessDetector Stiffness(int lane) =>
        StiffnessDetector.FromState((int)_stiffSteps[lane], (int)_nonStiffInARow[lane], _stiffDetected[lane] != 0);

    /// <summary>A stop by a limit, as Integrator.Stopped, from the lane's state.</summary>
    private SolveResult Stopped(int lane, OdeStatus limit, double h) =>
        Integrator<T, TDynamics>.Stopped(limit, _t[lane], h, (int)_accepted[lane], Stiffness(lane), Statistics(lane));

    /// <summary>Hands lane <paramref name="lane"/>'s finished (or failed) trajectory to the ensemble.</summary>
    private void Finish(int lane, SolveResult result)
    {
        SolverStatistics stats = Statistics(lane);
        // As AcaGradient.Forward and TrajectoryEngine.Solve: memory held, then the final counters.
        if (_log is not null) stats.GradientMemoryBytes = _checkpointLimit.GradientMemoryBytes(result.IsSuccess, _accepted[lane]);
        _source!.Solved(_trajectory[lane], result with { Statistics = stats }, checkpointsLost: (_unrecorded & (1u << lane)) != 0);
        _active &= ~(1u << lane);
    }

    // A step's vectors between its phases (BeginStep → ControlStep → EndStep), lane by lane.
    private Vector512<double> _stepActive, _stepT, _stepH, _stepTOut, _stepDirection, _stepHTry, _stepClipped;
    private Vector512<double> _stepAccept, _stepReject, _stepShrunk, _stepCanShrink, _stepLogPrevious, _stepTNext, _stepReuse, _stepHNext;

    /// <summary>A step's first phase: lanes out of trials stop, the others try a step. False when no lane is active.</summary>
    private bool BeginStep()
    {
        // A lane out of trials stops before trying (as the scalar loop's check at the top of each trial).
        var maxSteps = Vector512.Create((long)_maxSteps);
        for (uint bits = _active & (uint)Vector512.GreaterThanOrEqual(Vector512.Create(_trials), maxSteps).ExtractMostSignificantBits();
             bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            Finish(lane, Stopped(lane, OdeStatus.MaxStepsExceeded, _h[lane]));
            Refill(lane);
        }
        if (_active == 0) return false;

        Vector512<double> t = Load(_t), h = Load(_h), tOut = Load(_tOut), direction = Load(_direction);
        Vector512<double> hTry = StepRule.StepToTry(t, h, tOut, direction, out Vector512<double> clipped);
        TrialStep(t, hTry);
        _stepActive = Mask(_active);
        (_stepT, _stepH, _stepTOut, _stepDirection, _stepHTry, _stepClipped) = (t, h, tOut, direction, hTry, clipped);
        return true;
    }

    /// <summary>A step's second phase: the error norm and the step rule for all lanes (vector work only).</summary>
    private void ControlStep()
    {
        Vector512<double> active = _stepActive, t = _stepT, h = _stepH, tOut = _stepTOut, direction = _stepDirection;
        Vector512<double> hTry = _stepHTry, clipped = _stepClipped;
        ReadOnlySpan<double> atol = _ws.AbsoluteTolerances, rtol = _ws.RelativeTolerances;
        // ln err as the scalar integrator takes it: from the RMS norm's sum of squares, or of DOP853's norm.
        Vector512<double> error, logError;
        if (_dop853)
        {
            error = ErrorNorm.Dop853(AsDouble(_error), AsDouble(_error2), AsDouble(_z), AsDouble(_zNew), atol, rtol);
            logError = StepMath.Log(error);
        }
        else error = ErrorNorm.RmsAndLog(AsDouble(_error), AsDouble(_z), AsDouble(_zNew), atol, rtol, out logError);
        Vector512<double> accept = StepRule.Accepts(error) & active;
        Vector512<double> reject = active & ~accept;
        // The reject factor only when some lane rejected (most steps none does); from StepMath.Log(err), as the
        // scalar integrator's rejection takes it.
        Vector512<double> shrunk = h, canShrink = Vector512<double>.Zero;
        uint rejected = (uint)reject.ExtractMostSignificantBits();
        if (rejected != 0)
            shrunk = StepRule.ShrunkStep(_gains, t, hTry, error, Vector512.Create(_minStep), out canShrink);
        Vector512<double> factor = StepRule.AcceptFactor(_gains, error, logError, Load(_logPrevious));
        Vector512<double> logPrevious = StepRule.NextLogPreviousError(error, logError, Vector512.Create(_logErrorFloor));
        Vector512<double> tNext = Vector512.ConditionalSelect(clipped, tOut, t + hTry);
        Vector512<double> reuse = StepRule.ReusesLastStage(_fsal, t, hTry, tNext) & accept;
        Vector512<double> hNext = StepRule.NextStep(hTry, factor, clipped, h, direction, Vector512.Create(_minStep), Vector512.Create(_maxStep));
        (_stepAccept, _stepReject, _stepShrunk, _stepCanShrink) = (accept, reject, shrunk, canShrink);
        (_stepLogPrevious, _stepTNext, _stepReuse, _stepHNext) = (logPrevious, tNext, reuse, hNext);
    }

    /// <summary>A step's last phase: counters, failures, the checkpoint log, the state update, outputs and refills.</summary>
    private void EndStep()
    {
        Vector512<double> active = _stepActive, t = _stepT, h = _stepH, hTry = _stepHTry, clipped = _stepClipped;
        Vector512<double> accept = _stepAccept, reject = _stepReject, shrunk = _stepShrunk, canShrink = _stepCanShrink;
        Vector512<double> logPrevious = _stepLogPrevious, tNext = _stepTNext, reuse = _stepReuse, hNext = _stepHNext;
        uint rejected = (uint)reject.ExtractMostSignificantBits();

        // Counters of every trial, as the scalar loop counts them before it judges the step.
        Vector512<long> activeL = active.AsInt64();
        (Vector512.Create(_trials) - activeL).CopyTo(_trials);
        (Vector512.Create(_evaluations) + (Vector512.Create((long)(_s - 1)) & activeL)).CopyTo(_evaluations);
        (Vector512.Create(_rejected) - reject.AsInt64()).CopyTo(_rejected);

        // Per trajectory only where something happens: a rejected step that cannot shrink fails; an accepted step
        // past what the trajectory's own checkpoint store could hold fails as that store would. Lanes that end here
        // are refilled at the end of the step.
        uint accepted = (uint)accept.ExtractMostSignificantBits();
        uint ended = 0;
        for (uint bits = rejected & ~(uint)canShrink.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            RejectFailure(lane, hTry.GetElement(lane));
            ended |= 1u << lane;
        }
        if (_log is not null)
        {
            var most = Vector512.Create(_checkpointLimit.MostCheckpoints);
            for (uint bits = accepted & (uint)Vector512.GreaterThanOrEqual(Vector512.Create(_accepted), most).ExtractMostSignificantBits();
                 bits != 0; bits &= bits - 1)
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                Finish(lane, Stopped(lane, _checkpointLimit.FullStatus, hTry.GetElement(lane)));
                ended |= 1u << lane;
            }
            if ((accepted & ~ended) != 0) Record(t, hTry, accepted & ~ended, (uint)clipped.ExtractMostSignificantBits());
        }

        // The accepted steps that stand: stiffness test, counters.
        uint stands = accepted & ~ended;
        Vector512<long> standsL = Mask(stands).AsInt64();
        Vector512<double> reuseMask = reuse & standsL.AsDouble();
        if (_detectStiffness)
        {
            Vector512<long> stiffSteps = Vector512.Create(_stiffSteps), nonStiff = Vector512.Create(_nonStiffInARow);
            Vector512<long> detected = Vector512.Create(_stiffDetected);
            StiffnessDetector.ObserveLanesSquared(StiffnessDetector.SquaredRatio(AsDouble(_stages), _n), standsL, ref stiffSteps,
                ref nonStiff, ref detected);
            stiffSteps.CopyTo(_stiffSteps);
            nonStiff.CopyTo(_nonStiffInARow);
            detected.CopyTo(_stiffDetected);
        }
        (Vector512.Create(_accepted) - standsL).CopyTo(_accepted);
        (Vector512.Create(_evaluations) - (standsL & ~reuseMask.AsInt64())).CopyTo(_evaluations);

        // The state moves in accepted lanes; k₀ is the last stage (FSAL) or f at the new point.
        Blend(_z, _zNew, accept);
        uint reused = (uint)reuseMask.ExtractMostSignificantBits();
        if (reused != 0) Blend(_stages.AsSpan(0, _n), _stages.AsSpan((_s - 1) * _n, _n), reuseMask);
        uint evaluate = stands & ~reused;
        if (evaluate != 0) EvaluateStart(tNext, evaluate);
        Vector512.ConditionalSelect(accept, tNext, t).CopyTo(_t);
        Vector512.ConditionalSelect(accept, hNext, Vector512.ConditionalSelect(reject, shrunk, h)).CopyTo(_h);
        Vector512.ConditionalSelect(accept, logPrevious, Load(_logPrevious)).CopyTo(_logPrevious);

        // Outputs: an accepted step that was clipped landed on the lane's next output time.
        for (uint bits = stands & (uint)clipped.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int b = _trajectory[lane], output = _output[lane];
            ReadOnlySpan<double> times = _source!.TimesOf(b);
            Gather(_z, 0, lane, _source.OutputsOf(b).Slice(output * _n, _n));
            if (++_output[lane] < times.Length)
            {
                _tOut[lane] = times[_output[lane]];
                continue;
            }
            Finish(lane, new SolveResult(OdeStatus.Success, _t[lane], (int)_accepted[lane], -1, Statistics(lane)));
            ended |= 1u << lane;
        }
        for (uint bits = ended; bits != 0; bits &= bits - 1) Refill(BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>
    /// Appends the step to the chunk's log: the lanes' t, h and state at the step's start (the checkpoints of the
    /// lanes in <paramref name="stands"/>), which of them start their trajectory and which land on an output time.
    /// A full log records nothing: the trajectories that lose a step this way fail when they end.
    /// </summary>
    private void Record(Vector512<double> t, Vector512<double> hTry, uint stands, uint clipped)
    {
        uint first = stands & _fresh;
        if (!_log!.TryAppend(t, hTry, _z, stands, first, stands & clipped, _group))
        {
            _unrecorded |= stands;
            return;
        }
        _fresh &= ~stands;
        for (uint bits = first; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            _log.Link(_trajectory[lane], _group * Width + lane);
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
            ? SolveResult.Failure(OdeStatus.NonFiniteState, _t[lane], (int)_accepted[lane], component, Statistics(lane)) with { StepSize = Math.Abs(hTry) }
            : Stopped(lane, OdeStatus.StepSizeUnderflow, hTry);
        Finish(lane, failure);
    }

    /// <summary>The trial step of every active lane: the lane kernel, or each lane through the scalar kernel.</summary>
    private void TrialStep(Vector512<double> t, Vector512<double> hTry)
    {
        if (_laneTrial && TDynamics.TryLaneTrialStep(_rk.Tableau, t, hTry, _z, _p, _stages, _zNew, _error, _error2)) return;
        Span<T> z = _ws.State, stages = _ws.Stages, zNew = _ws.Trial, error = _ws.Error, error2 = _ws.Error2;
        for (uint bits = _active; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            Gather(_z, 0, lane, z);
            Gather(_stages, 0, lane, stages.Slice(0, _n));
            RungeKuttaStepper<T, TDynamics>.TrialStep(_rk, t.GetElement(lane), hTry.GetElement(lane), z, _laneP[lane], stages, zNew, error, error2);
            Scatter(stages.Slice(_n), _stages, _n, lane);
            Scatter(zNew, _zNew, 0, lane);
            Scatter(error, _error, 0, lane);
            if (_dop853) Scatter(error2, _error2, 0, lane);
        }
    }

    /// <summary>k₀ = f(tNext, z) in the lanes of <paramref name="lanes"/> (accepted steps whose last stage is not reusable).</summary>
    private void EvaluateStart(Vector512<double> tNext, uint lanes)
    {
        if (_laneEvaluate && TDynamics.TryLaneEvaluate(tNext, _z, _p, _dz))
        {
            Vector512<T> mask = Mask(lanes).As<double, T>();
            for (int j = 0; j < _n; j++) _stages[j] = Vector512.ConditionalSelect(mask, _dz[j], _stages[j]);
            return;
        }
        Span<T> z = _ws.State, k0 = _ws.Stages.AsSpan(0, _n);
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            Gather(_z, 0, lane, z);
            TDynamics.Evaluate(T.CreateTruncating(tNext.GetElement(lane)), z, _laneP[lane], k0);
            Scatter(k0, _stages, 0, lane);
        }
    }
}
