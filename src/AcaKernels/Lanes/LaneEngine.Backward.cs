using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Lanes;

// ACA's backward sweep (AcaBackward) over a chunk's checkpoint log, walked from the last slot to the first with
// whole-vector loads. Each lane runs the trajectories its lane ran forward, in reverse order: a lane holds the last
// one at the start, replays and pulls back its steps where the slot says accepted, adds the seed of an output time
// where a step landed on it, and when it passes its trajectory's first step hands out ∂L/∂z₀, ∂L/∂θ and the time
// gradients and takes the trajectory its lane ran before. One step VJP per slot for all lanes: the lane kernel (the one
// with time terms when some lane's step needs ∂L/∂h or vᵀ∂f/∂t, exactly where AcaBackward takes it), or per lane the
// scalar step VJP, with time terms in those lanes (TimeTermStepVjps).
internal sealed partial class LaneEngine<T, TDynamics>
{
    // Not readonly: a step VJP that every lane accepted swaps them instead of copying adjointIn over adjoint.
    private AlignedVectorView<T> _adjoint, _adjointIn;
    private readonly AlignedVectorView<T> _gradP, _gradPBefore;
    private readonly Vector512<T>[] _vjpScratch;
    private readonly int _vjpScratchLength;

    /// <summary>The step VJP's scratch (stage vectors, then the lane VJP's workspace) on a cache line.</summary>
    private Span<Vector512<T>> VjpScratch => AlignedVectors.AlignedView(_vjpScratch, _vjpScratchLength);
    private readonly T[] _laneGradP, _laneAdjoint, _laneAdjointIn, _laneZ;
    private readonly int _vjpStages;

    // Per lane: the output whose segment (T_{k−1}, T_k] the lane's steps are in, and ∂L/∂t₀, ∂L/∂t_end so far. Per
    // lane bits: the lane's trajectory is differentiated (its forward solve succeeded; otherwise its slots pass
    // untouched until its first step), and its next accepted step is its last.
    private readonly int[] _segment = new int[Width];
    private readonly double[] _gradT0 = new double[Width], _gradTEnd = new double[Width];
    private uint _live, _lastPending;

    // Without a lane VJP kernel every step VJP is per lane, so each lane's ∂L/∂θ stays a contiguous row (m values)
    // instead of being gathered from and scattered to the lane block at every step.
    private readonly T[] _gradPRows;

    private Span<T> GradPRow(int lane) => _gradPRows.AsSpan(lane * _m, _m);

    /// <summary>Differentiates trajectories [first, end) of <paramref name="source"/> from their chunk's log.</summary>
    public void Gradient(ILaneEnsemble<T> source, int first, int end, LaneCheckpointLog<T> log)
    {
        LaneEngine<T, TDynamics> other = _partner!;
        // A trajectory with no step in the log failed (or lost its checkpoints): the ensemble marks it now.
        for (int b = first; b < end; b++)
            if (!log.IsLinked(b) && source.BeginGradient(b, out _))
                throw new InvalidOperationException($"Trajectory {b} solved successfully but has no checkpoints in its chunk's log (a bug).");
        StartGradient(source, log);
        other.StartGradient(source, log);
        // Each slot to the group that wrote it. The groups' slots alternate and are independent, so the CPU overlaps
        // one group's step VJP with the other's as far as its out-of-order window reaches (a two-group kernel that
        // interleaved them instruction by instruction measured no gain, RESULTS.md §B and §8).
        for (int s = log.Count - 1; s >= 0; s--)
        {
            log.Prefetch(s - PrefetchDistance);
            if (log.Group(s) == _group) BackwardSlot(log, s);
            else other.BackwardSlot(log, s);
        }
        _source = null;
        other._source = null;
    }

    // Slots ahead of the sweep that the log asks the cache for: a slot's step VJP takes longer than a memory access,
    // so a few suffice, and a slot asked for too early may be gone again by its turn. About 20 cache lines ahead, at
    // least two slots: Lorenz (n = 3, 5 lines a slot) 4 slots, where 2 measured slower; planar three-body (n = 12,
    // 14 lines) 2 slots, where 4 measured slower (RESULTS.md §35). A JIT constant (StateSize is one).
    private static int PrefetchDistance => Math.Max(2, 20 / (2 + TDynamics.StateSize));

    /// <summary>Each lane of the group takes the last trajectory it ran forward.</summary>
    private void StartGradient(ILaneEnsemble<T> source, LaneCheckpointLog<T> log)
    {
        _source = source;
        _live = _lastPending = 0;
        for (int lane = 0; lane < Width; lane++) Take(lane, log.LastOnLane(_group * Width + lane), log);
    }

    /// <summary>Lane <paramref name="lane"/> takes trajectory b (−1: none) from its last step: adjoint = the seed at its
    /// last output time, ∂L/∂θ and the time gradients zero. A trajectory the ensemble cannot differentiate is taken
    /// only to be passed. The trajectory the lane takes after b goes to the cache now, dozens of steps ahead.</summary>
    private void Take(int lane, int b, LaneCheckpointLog<T> log)
    {
        uint bit = 1u << lane;
        _trajectory[lane] = b;
        _live &= ~bit;
        _lastPending &= ~bit;
        ILaneEnsemble<T> source = _source!;
        if (b < 0) return;
        int next = log.PreviousOnLane(b);
        if (next >= 0) source.PrefetchGradient(next);
        if (!source.BeginGradient(b, out SolveResult forward)) return;
        // Each ensemble call is an interface call, a dozen per trajectory were ~10 % of the backward (RESULTS.md §8):
        // each span is fetched once, the seeds tell the output count (one row per output time), and θ goes to the
        // lane's scalar row only for the scalar step VJP, which never runs beside a lane kernel with time terms.
        ReadOnlySpan<T> seeds = source.SeedsOf(b), p = source.Parameters(b);
        int k = seeds.Length / _n - 1;
        Scatter(seeds.Slice(k * _n, _n), _adjoint, 0, lane);
        _segment[lane] = k;
        Scatter(p, _p, 0, lane);
        if (!_laneVjpWithTime) p.CopyTo(_laneP[lane]);
        if (_laneVjp)
        {
            Span<T> flat = Flat(_gradP);
            for (int j = 0; j < _m; j++) flat[j * Width + lane] = T.Zero;
        }
        else
        {
            GradPRow(lane).Clear();
        }
        _gradT0[lane] = _gradTEnd[lane] = 0;
        _stats[lane] = forward.Statistics;
        _stats[lane].BackwardEvaluations = _stats[lane].BackwardVjps = _stats[lane].BackwardSteps = 0;
        _live |= bit;
        _lastPending |= bit;
    }

    private void BackwardSlot(LaneCheckpointLog<T> log, int s)
    {
        uint masks = log.Masks(s);
        // The common slot (in the Lorenz benchmark about seven in eight): every lane live, accepted, past its
        // trajectory's last step and neither landing on an output time nor passing its first step. Then BeginSlot
        // has nothing to do and finds no time terms, and EndSlot no lane to hand over: the plain kernel on the whole
        // vector is all there is.
        if (WholeVectorSlots && (masks & SlotEventBits) == AllLanes && _live == AllLanes && _lastPending == 0)
        {
            StepVjp(log.Slot(s), AllPlain);
            return;
        }
        SlotLanes lanes = BeginSlot(masks);
        if (lanes.Accepted != 0) StepVjp(log.Slot(s), lanes);
        EndSlot(log, masks);
    }

    // Accepted (bits 0–7), first (8–15) and landed (16–23) of a slot's masks; a slot whose bits there are AllLanes
    // has every lane accepted and no event.
    private const uint SlotEventBits = (1u << (3 * Width)) - 1;

    // Whether a slot can need no time terms at all: with f reading t, every step before the first output needs them.
    private bool WholeVectorSlots => _laneVjp && !TDynamics.DependsOnTime;

    // The common slot's lanes: all accepted, none with time terms, the plain lane kernel.
    private static readonly SlotLanes AllPlain = new(AllLanes, 0, 0, 0, 0, PlainKernel: true);

    /// <summary>A slot's lanes as the step VJP sees them: accepted here (and live), needing time terms, taking their
    /// trajectory's last step, on the first leg (before T₁), landed on an output time.</summary>
    private readonly record struct SlotLanes(uint Accepted, uint TimeTerms, uint Last, uint FirstLeg, uint Landed, bool PlainKernel);

    /// <summary>What comes before a slot's step VJP: the lanes' last-step and landing bookkeeping (a landing adds its
    /// output's seed to the adjoint), and which lanes need time terms.</summary>
    private SlotLanes BeginSlot(uint masks)
    {
        uint accepted = masks & _live, landed = (masks >> (2 * Width)) & accepted;
        if (accepted == 0) return default;
        // The last step of a lane's trajectory is its first accepted one here (its seed is in since Take); a
        // landing before it enters the previous output's segment and adds that output's seed, as AcaBackward adds
        // it right after the step that starts there.
        uint last = accepted & _lastPending;
        _lastPending &= ~accepted;
        if ((landed & ~last) != 0) Land(landed & ~last);
        // As AcaBackward: the steps landing on T₁ and t_end need ∂L/∂h, the steps before T₁ Σ vᵀ∂f/∂t when f reads t.
        uint firstLeg = accepted & Vector256.Equals(Vector256.Create<int>(_segment), Vector256<int>.One).ExtractMostSignificantBits();
        uint timeTerms = last | (landed & firstLeg);
        if (TDynamics.DependsOnTime) timeTerms |= firstLeg;
        return new SlotLanes(accepted, timeTerms, last, firstLeg, landed, _laneVjp && (accepted & timeTerms) == 0);
    }

    /// <summary>After a slot's step VJP: lanes that passed their trajectory's first step hand out its gradients and take
    /// the trajectory their lane ran before.</summary>
    private void EndSlot(LaneCheckpointLog<T> log, uint masks)
    {
        for (uint bits = (masks >> Width) & ((1u << Width) - 1); bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int b = _trajectory[lane];
            if ((_live & (1u << lane)) != 0) FinishBackward(lane);
            Take(lane, log.PreviousOnLane(b), log);
        }
    }

    /// <summary>Keeps ∂L/∂θ before a kernel call that runs all lanes when some lanes' result will not stand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SaveGradP(uint kernelLanes)
    {
        if (kernelLanes == AllLanes) return;
        // Whole-vector copies: Array.Copy is a call for these few vectors.
        for (int q = 0; q < _gradP.Length; q++) _gradPBefore[q] = _gradP[q];
    }

    private const uint AllLanes = (1u << Width) - 1;

    /// <summary>Lanes whose step landed on an output time before their last: the seed of that output joins the adjoint.</summary>
    private void Land(uint lanes)
    {
        Span<T> flat = Flat(_adjoint);
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int k = --_segment[lane];
            ReadOnlySpan<T> seed = _source!.SeedsOf(_trajectory[lane]).Slice(k * _n, _n);
            for (int j = 0; j < _n; j++) flat[j * Width + lane] += seed[j];
        }
    }

    /// <summary>
    /// The step VJP of slot <paramref name="slot"/> in the accepted lanes: adjoint and ∂L/∂θ move there and nowhere
    /// else. The lanes that need time terms also give their time gradients: through the lane kernel with time terms
    /// when the dynamics has one (then it runs the whole vector), else through <see cref="TimeTermStepVjps"/>.
    /// </summary>
    private void StepVjp(ReadOnlySpan<Vector512<T>> slot, SlotLanes lanes)
    {
        uint accepted = lanes.Accepted, timeTerms = lanes.TimeTerms;
        uint timeLanes = accepted & timeTerms, plainLanes = accepted & ~timeTerms;
        // One kernel call for the vector: with time terms when some lane needs them (its adjointIn and ∂L/∂θ are the
        // plain kernel's bits, by both kernels' contract with the generic stepper), else the plain one. It runs all
        // lanes on the running ∂L/∂θ (its accumulation order is the scalar one); the lanes where its result does not
        // stand (not accepted here, or redone per lane with time terms) get theirs back.
        bool withTime = timeLanes != 0 && _laneVjpWithTime;
        uint kernelLanes = withTime ? accepted : plainLanes;
        if (withTime || _laneVjp)
        {
            SaveGradP(kernelLanes);
            Vector512<double> t = slot[0].As<T, double>(), h = slot[1].As<T, double>();
            ReadOnlySpan<Vector512<T>> z = slot.Slice(2, _n);
            Vector512<T> gradH = default, gradT = default;
            bool ran = withTime
                ? TDynamics.TryLaneStepVjpWithTime(_rk.Tableau, t, h, z, _p, _adjoint, _adjointIn, _gradP, VjpScratch, out gradH, out gradT)
                : TDynamics.TryLaneStepVjp(_rk.Tableau, t, h, z, _p, _adjoint, _adjointIn, _gradP, VjpScratch);
            if (ran)
            {
                if (kernelLanes != AllLanes) Blend(_gradP, _gradPBefore, Mask(~kernelLanes & AllLanes));
                plainLanes = 0;
                if (withTime)
                {
                    AddTimeGradients(gradH.As<T, double>(), gradT.As<T, double>(), timeLanes, lanes.Last, lanes.FirstLeg,
                        lanes.Landed & lanes.FirstLeg);
                    timeLanes = 0;
                }
            }
        }
        for (uint bits = plainLanes; bits != 0; bits &= bits - 1)
            ScalarStepVjp(slot, BitOperations.TrailingZeroCount(bits), timeTerms: false, false, false, false);
        if (timeLanes != 0) TimeTermStepVjps(slot, timeLanes, lanes.Last, lanes.FirstLeg, lanes.Landed & lanes.FirstLeg);
        // Every lane accepted (seven slots in eight on Lorenz): adjointIn is whole, and it becomes the adjoint by a swap
        // of the two buffers, not a copy that put a store-to-load round trip on the sweep's dependency chain.
        if (accepted == AllLanes) (_adjoint, _adjointIn) = (_adjointIn, _adjoint);
        else Blend(_adjoint, _adjointIn, Mask(accepted));
    }

    /// <summary>
    /// The time gradients of the lanes of <paramref name="lanes"/> from their step's ∂L/∂h and Σ vᵀ∂f/∂t, as
    /// AcaBackward applies them: the last step sets ∂L/∂t_end = ∂L/∂h; a step before the first output adds Σ vᵀ∂f/∂t
    /// to ∂L/∂t₀, and the one landing on it then subtracts its ∂L/∂h (in that order, as the scalar code).
    /// </summary>
    private void AddTimeGradients(Vector512<double> gradH, Vector512<double> gradT, uint lanes, uint last, uint firstLeg, uint landsOnFirst)
    {
        Vector512<double> gradT0 = Load(_gradT0);
        gradT0 = Vector512.ConditionalSelect(Mask(lanes & firstLeg), gradT0 + gradT, gradT0);
        gradT0 = Vector512.ConditionalSelect(Mask(lanes & landsOnFirst), gradT0 - gradH, gradT0);
        gradT0.CopyTo(_gradT0);
        Vector512.ConditionalSelect(Mask(lanes & last), gradH, Load(_gradTEnd)).CopyTo(_gradTEnd);
    }

    /// <summary>
    /// The lanes whose step needs ∂L/∂h (it lands on T₁ or t_end) or Σ vᵀ∂f/∂t (before T₁, when f reads t), when the
    /// dynamics has no lane kernel with time terms: the scalar step VJP with time terms, lane by lane, from the
    /// adjoint and ∂L/∂θ before this step; writes their adjointIn and ∂L/∂θ lanes and the time gradients.
    /// </summary>
    private void TimeTermStepVjps(ReadOnlySpan<Vector512<T>> slot, uint lanes, uint last, uint firstLeg, uint landsOnFirst)
    {
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            uint bit = 1u << lane;
            ScalarStepVjp(slot, lane, timeTerms: true, (last & bit) != 0, (firstLeg & bit) != 0, (landsOnFirst & bit) != 0);
        }
    }

    /// <summary>One lane's step VJP through the scalar kernel (fused, or generic with time terms), as AcaBackward.</summary>
    private void ScalarStepVjp(ReadOnlySpan<Vector512<T>> slot, int lane, bool timeTerms, bool isLast, bool beforeFirstOutput,
        bool landsOnFirstOutput)
    {
        Gather(_adjoint, 0, lane, _laneAdjoint);
        Gather(slot, 2, lane, _laneZ);
        Span<T> gradP = _laneVjp ? _laneGradP : GradPRow(lane);
        if (_laneVjp) Gather(_gradP, 0, lane, gradP);
        double t = slot[0].As<T, double>().GetElement(lane), h = slot[1].As<T, double>().GetElement(lane);
        T gradH = RungeKuttaStepper<T, TDynamics>.StepVjp(_rk, t, h, _laneZ, _laneP[lane], _laneAdjoint, _laneAdjointIn, gradP,
            _ws.VjpScratch, timeTerms, out T gradT);
        Scatter(_laneAdjointIn, _adjointIn, 0, lane);
        if (_laneVjp) Scatter(gradP, _gradP, 0, lane);
        if (!timeTerms) return;
        double stepBar = double.CreateTruncating(gradH);
        if (isLast) _gradTEnd[lane] = stepBar;
        if (beforeFirstOutput) _gradT0[lane] += double.CreateTruncating(gradT);
        if (landsOnFirstOutput) _gradT0[lane] -= stepBar;
    }

    /// <summary>Lane <paramref name="lane"/> passed its trajectory's first step: the seed at t₀ joins ∂L/∂z₀, and the
    /// ensemble gets the trajectory's gradients.</summary>
    private void FinishBackward(int lane)
    {
        int b = _trajectory[lane];
        ILaneEnsemble<T> source = _source!;
        Span<T> flat = Flat(_adjoint);
        ReadOnlySpan<T> seed = source.SeedsOf(b).Slice(0, _n);
        for (int j = 0; j < _n; j++) flat[j * Width + lane] += seed[j];
        ref SolverStatistics stats = ref _stats[lane];
        long count = stats.AcceptedSteps;
        stats.BackwardEvaluations += count * _s;
        stats.BackwardVjps += count * _vjpStages;
        Gather(_adjoint, 0, lane, _laneAdjoint);
        ReadOnlySpan<T> gradP = _laneGradP;
        if (_laneVjp) Gather(_gradP, 0, lane, _laneGradP);
        else gradP = GradPRow(lane);
        var status = new SolveResult(OdeStatus.Success, source.TimesOf(b)[0], 0, -1, stats);
        source.Differentiated(b, _laneAdjoint, gradP, new GradientResult(status, _gradT0[lane], _gradTEnd[lane]));
        _live &= ~(1u << lane);
    }
}
