using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Lanes;

// The forward pass: Integrator's loop with the trajectory index moved into the lanes. Each step: every active lane
// tries a step (vector kernel or per-lane fallback), the vector step rule decides accept/reject and the next step
// for all lanes at once, the step is appended to the chunk's checkpoint log (ACA) as one slot of whole vectors, and
// the lanes' state, counters and stiffness test move by masked vector ops. What is per trajectory (a first step, an
// output row, an end or a failure, a refill) happens only in steps where some lane has such an event, in the cold
// path of LaneEngine.Events.cs.
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
        _cursor.Reset(first, end);
        Start(source, log);
        other.Start(source, log);
        while ((_active | other._active) != 0)
        {
            // Each phase for both groups back to back, so that their dependency chains overlap (class remarks); the
            // trial steps in one call of the two-group kernel where both groups step, which interleaves them statement
            // by statement (RyuJIT does not schedule: source order is machine order).
            bool a = BeginStep(), b = other.BeginStep();
            if (a && b && _laneTrialPair) TrialStepPair(other);
            else
            {
                if (a) TrialStep();
                if (b) other.TrialStep();
            }
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

    /// <summary>Refill for dynamics without a lane f kernel: the next trajectory that does not fail at its start, started
    /// alone by the scalar <see cref="Integrator{T, TDynamics}.Start"/>, in <paramref name="lane"/>; or the lane goes idle.</summary>
    private void RefillOneByOne(int lane)
    {
        ILaneEnsemble<T> source = _source!;
        uint bit = 1u << lane;
        if (_log is not null) _fresh |= bit; // only the log needs to know a first step (EndStep's events)
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
            LaneOf(ref _accepted, lane) = 0;
            LaneOf(ref _trials, lane) = 0;
            LaneOf(ref _rejected, lane) = 0;
            LaneOf(ref _evaluations, lane) = _ws.Statistics.ForwardEvaluations;
            if (!start.IsSuccess)
            {
                Finish(lane, start);
                continue;
            }
            Scatter(_ws.State, _z, 0, lane);
            Scatter(_ws.Stages.AsSpan(0, _n), _stages, 0, lane);
            Scatter(p, _p, 0, lane);
            p.CopyTo(_laneP[lane]);
            Arm(lane, times[0], h, times[1], times[^1] > times[0] ? 1.0 : -1.0);
            return;
        }
        _active &= ~bit;
    }

    /// <summary>Makes <paramref name="lane"/> active on a started trajectory: its time, first step, first output time
    /// and direction, the controller's and the stiffness test's state as at a trajectory's start.</summary>
    private void Arm(int lane, double t, double h, double tOut, double direction)
    {
        LaneOf(ref _t, lane) = t;
        LaneOf(ref _h, lane) = h;
        LaneOf(ref _tOut, lane) = tOut;
        LaneOf(ref _direction, lane) = direction;
        LaneOf(ref _logPrevious, lane) = 0.0; // log of the initial previous error 1
        _output[lane] = 1;
        LaneOf(ref _stiffSteps, lane) = 0;
        LaneOf(ref _nonStiffInARow, lane) = 0;
        LaneOf(ref _stiffDetected, lane) = 0;
        LaneOf(ref _stepsToStiffnessTest, lane) = _stiffnessTestInterval.ToScalar(); // the same in every lane
        _active |= 1u << lane;
    }

    // A step's vectors between its phases (BeginStep → ControlStep → EndStep); t, h, tOut and direction are the
    // per-lane fields themselves, unchanged until EndStep.
    private Vector512<double> _stepActive, _stepHTry, _stepClipped;
    private Vector512<double> _stepAccept, _stepReject, _stepShrunk, _stepCanShrink, _stepLogPrevious, _stepTNext, _stepReuse, _stepHNext;
    private uint _stepRejected; // _stepReject as lane bits: most steps none, and EndStep then skips what only rejections need

    /// <summary>A step's first phase: lanes out of trials stop, the others get the step to try (the trial step itself
    /// follows: <see cref="TrialStep"/> or <see cref="TrialStepPair"/>). False when no lane is active.</summary>
    private bool BeginStep()
    {
        Vector512<double> hTry, clipped;
        while (true)
        {
            // A lane out of trials stops before trying (as the scalar loop's check at the top of each trial).
            uint outOfTrials = _active & (uint)Vector512.GreaterThanOrEqual(_trials, Vector512.Create((long)_maxSteps)).ExtractMostSignificantBits();
            if (outOfTrials != 0) StopOutOfTrials(outOfTrials);
            if (_active == 0) return false;

            hTry = StepRule.StepToTry(_t, _h, _tOut, _direction, out clipped);
            // A step below the resolution of t stops its lane as the scalar loop stops (StepSizeUnderflow); the lanes
            // refilled in its place need their own step, hence the loop.
            uint unrepresentable = _active & (uint)Vector512.Equals(hTry, Vector512<double>.Zero).ExtractMostSignificantBits();
            if (unrepresentable == 0) break;
            StopUnrepresentableSteps(unrepresentable);
        }
        _stepActive = Mask(_active);
        (_stepHTry, _stepClipped) = (hTry, clipped);
        return true;
    }

    /// <summary>A step's second phase: the error norm and the step rule for all lanes (vector work only).</summary>
    private void ControlStep()
    {
        Vector512<double> active = _stepActive, t = _t, h = _h, tOut = _tOut, direction = _direction;
        Vector512<double> hTry = _stepHTry, clipped = _stepClipped;
        // ln err as the scalar integrator takes it: from the RMS norm's sum of squares, or of DOP853's norm. The RMS
        // norm's decisions are taken on its sum of squares Σ (err ≤ 1, err = 0, err > the floor: each the same lanes
        // as on err = √(Σ/n), see ErrorNorm.SumOfSquaresBound), and err itself only where a lane rejected.
        Vector512<double> error, logError, acceptable, zeroError, aboveFloor;
        if (_dop853)
        {
            error = ErrorNorm.Dop853(AsDouble(_error), AsDouble(_error2), AsDouble(_z), AsDouble(_zNew), _ws.AbsoluteTolerances,
                _ws.RelativeTolerances);
            logError = StepMath.Log(error);
            acceptable = StepRule.Accepts(error);
            zeroError = Vector512.Equals(error, Vector512<double>.Zero);
            aboveFloor = Vector512.GreaterThan(error, Vector512.Create(StepSizeController.PreviousErrorFloor));
        }
        else
        {
            // The sum of squares as the trial step left it (the lane kernel made it, or TrialStep's scalar fallback).
            unsafe
            {
                error = *_sumOfSquaresAt;
            }
            logError = ErrorNorm.LogFromSumOfSquares(error, _minusHalfLogN);
            acceptable = Vector512.LessThanOrEqual(error, _acceptSum);
            zeroError = Vector512.LessThanOrEqual(error, _zeroSum);
            aboveFloor = Vector512.GreaterThan(error, _floorSum);
        }
        Vector512<double> accept = acceptable & active;
        Vector512<double> reject = active & ~accept;
        // The reject factor only when some lane rejected (most steps none does); from StepMath.Log(err), as the
        // scalar integrator's rejection takes it.
        Vector512<double> shrunk = h, canShrink = Vector512<double>.Zero;
        uint rejected = (uint)reject.ExtractMostSignificantBits();
        if (rejected != 0)
            shrunk = StepRule.ShrunkStep(_gains, t, hTry, _dop853 ? error : Vector512.Sqrt(error / Vector512.Create((double)_n)),
                Vector512.Create(_minStep), out canShrink);
        Vector512<double> factor = StepRule.AcceptFactor(_gains, _minusBeta1OverK, _beta2OverK, zeroError, logError, _logPrevious);
        Vector512<double> logPrevious = Vector512.ConditionalSelect(aboveFloor, logError, Vector512.Create(_logErrorFloor));
        Vector512<double> tNext = Vector512.ConditionalSelect(clipped, tOut, t + hTry);
        Vector512<double> reuse = StepRule.ReusesLastStage(_fsal, t, hTry, tNext) & accept;
        Vector512<double> hNext = StepRule.NextStep(hTry, factor, clipped, h, direction, Vector512.Create(_minStep), Vector512.Create(_maxStep));
        (_stepAccept, _stepReject, _stepShrunk, _stepCanShrink, _stepRejected) = (accept, reject, shrunk, canShrink, rejected);
        (_stepLogPrevious, _stepTNext, _stepReuse, _stepHNext) = (logPrevious, tNext, reuse, hNext);
    }

    /// <summary>
    /// A step's last phase: counters, the checkpoint log, the state update. The common case — no lane fails, fills
    /// its checkpoint store, takes its trajectory's first step or lands on an output time — is one test of the
    /// combined masks, then the log append and the blends; a step with any such event in any lane goes to the cold
    /// <see cref="EndStepWithEvents"/> (in the Lorenz benchmark about one group-step in eight forward and one in four
    /// with ACA: one or two events per trajectory of ~64 steps, eight lanes a group).
    /// </summary>
    private void EndStep()
    {
        Vector512<double> accept = _stepAccept, reject = _stepReject;
        // Counters of every trial, as the scalar loop counts them before it judges the step (a set lane is −1). A
        // trial's s − 1 evaluations are not counted here: they are (s − 1)·trials, added when a lane's statistics
        // are read (Statistics).
        _trials -= _stepActive.AsInt64();
        uint events = 0;
        if (_stepRejected != 0)
        {
            _rejected -= reject.AsInt64();
            events = (uint)(reject & ~_stepCanShrink).ExtractMostSignificantBits();
        }

        uint accepted = (uint)accept.ExtractMostSignificantBits();
        // Events: a rejected step that cannot shrink (failure, above), an accepted one that lands on an output time or
        // is its trajectory's first (_fresh is empty without a log), or that the trajectory's own store could not hold.
        events |= accepted & ((uint)_stepClipped.ExtractMostSignificantBits() | _fresh);
        if (_log is not null)
            events |= accepted & (uint)Vector512.GreaterThanOrEqual(_accepted, Vector512.Create(_checkpointLimit.MostCheckpoints))
                .ExtractMostSignificantBits();
        if (events != 0)
        {
            EndStepWithEvents(accepted);
            return;
        }
        if (accepted != 0 && _log is not null && !_log.TryAppend(_t, _stepHTry, _z, accepted, 0, 0, _group)) _unrecorded |= accepted;
        Advance(accepted, accept.AsInt64());
    }

    /// <summary>
    /// The accepted steps that stand (<paramref name="stands"/>, as a lane mask in <paramref name="standsL"/>): the
    /// stiffness test where its schedule says so, and counters; then the state moves in every accepted lane, k₀ becomes
    /// the last stage (FSAL) or f at the new point, and t, h and the error history take their next values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(uint stands, Vector512<long> standsL)
    {
        Vector512<double> accept = _stepAccept, reject = _stepReject, tNext = _stepTNext;
        Vector512<double> reuseMask = _stepReuse & standsL.AsDouble();
        if (_detectStiffness)
        {
            // Hairer's schedule, as the scalar integrator's TestsStep: most group-steps test no lane and skip the sums.
            Vector512<long> countdown = _stepsToStiffnessTest;
            Vector512<long> tested = StiffnessDetector.ScheduledLanes(standsL, _stiffSteps, _stiffnessTestInterval, ref countdown);
            _stepsToStiffnessTest = countdown;
            if (tested != Vector512<long>.Zero) ObserveStiffness(tested);
        }
        _accepted -= standsL;

        Blend(_z, _zNew, accept);
        uint reused = (uint)reuseMask.ExtractMostSignificantBits();
        if (reused != 0) Blend(_stages.AsSpan(0, _n), _stages.AsSpan((_s - 1) * _n, _n), reuseMask);
        uint evaluate = stands & ~reused;
        if (evaluate != 0)
        {
            // k₀ = f at the new point: counted only here (with FSAL, the rare step whose clipping moved t by rounding).
            _evaluations -= Mask(evaluate).AsInt64();
            EvaluateStart(tNext, evaluate);
        }
        Vector512<double> h = _h;
        _t = Vector512.ConditionalSelect(accept, tNext, _t);
        _h = Vector512.ConditionalSelect(accept, _stepHNext, Vector512.ConditionalSelect(reject, _stepShrunk, h));
        _logPrevious = Vector512.ConditionalSelect(accept, _stepLogPrevious, _logPrevious);
    }

    /// <summary>The stiffness test of the accepted steps in <paramref name="lanes"/> (all bits set), from the step's stages.
    /// Out of line: on Hairer's schedule most group-steps test no lane, and the sums would only lengthen Advance.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ObserveStiffness(Vector512<long> lanes)
    {
        Vector512<long> stiffSteps = _stiffSteps, nonStiff = _nonStiffInARow, detected = _stiffDetected;
        StiffnessDetector.ObserveLanesFromStages(AsDouble(_stages), _n, lanes, ref stiffSteps, ref nonStiff, ref detected);
        (_stiffSteps, _nonStiffInARow, _stiffDetected) = (stiffSteps, nonStiff, detected);
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

    /// <summary>The trial steps of both groups (this one group 0) in one call of the two-group lane kernel, whose layout
    /// the trial step's buffers have (_pair).</summary>
    private void TrialStepPair(LaneEngine<T, TDynamics> other)
    {
        if (TDynamics.TryLaneTrialStepPair(_rk.Tableau, _t, _stepHTry, other._t, other._stepHTry, _pair.Z, _pair.P, _pair.Stages, _pair.ZNew,
            _pair.Error, _pair.Error2, _atol, _rtol, _pair.SumOfSquares)) return;
        TrialStep();
        other.TrialStep();
    }

    /// <summary>The trial step of every active lane from t by the step to try: the lane kernel, or each lane through the
    /// scalar kernel; either leaves the RMS norm's sum of squares in _sumOfSquares.</summary>
    private void TrialStep()
    {
        Vector512<double> t = _t, hTry = _stepHTry;
        if (_laneTrial && TDynamics.TryLaneTrialStep(_rk.Tableau, t, hTry, _z, _p, _stages, _zNew, _error, _error2, _atol, _rtol, _sumOfSquares))
            return;
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
        // The sum the lane kernel makes, by address with n a constant of the instantiation (the JIT unrolls the loop).
        if (!_dop853)
            unsafe
            {
                *_sumOfSquaresAt = ErrorNorm.SumOfSquares(ref *_errorAt, ref *_zAt, ref *_zNewAt, ref *_atolAt, ref *_rtolAt, TDynamics.StateSize);
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
