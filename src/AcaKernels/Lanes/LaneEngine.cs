using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Lanes;

/// <summary>
/// Solves and differentiates one chunk of an ensemble's trajectories eight at a time, one trajectory per lane of a
/// <see cref="Vector512{T}"/> (T = double only). Each lane owns its trajectory's t, h, output index, error history,
/// counters and stiffness test; lanes accept and reject independently (masks), and a lane whose
/// trajectory finishes or fails is refilled at once with the chunk's next trajectory, so lanes idle only in the
/// chunk's tail. The per-step decisions are <see cref="StepRule"/>, <see cref="ErrorNorm"/> and
/// <see cref="StiffnessDetector"/> in their vector forms, which give each lane the bits the scalar
/// <see cref="Integrator{T, TDynamics}"/> computes for that trajectory; so every trajectory's outputs, status,
/// statistics and gradient equal <see cref="OdeSolver{T, TDynamics}"/>'s.
/// </summary>
/// <remarks>
/// State is struct-of-arrays: vector j of <c>_z</c> holds component j of all eight lanes; stages stage after stage.
/// The step kernels are the dynamics' lane hooks (<see cref="IOdeDynamics{T}.TryLaneTrialStep"/> and friends) when it
/// has them, found once by a probe call; otherwise each active lane is gathered into the scalar workspace, stepped
/// by the scalar fused (or generic) kernel and scattered back, so the engine works for every system and generated
/// lane kernels only make it faster. Starts (first evaluation, initial step) run eight trajectories at a time with the
/// lane f kernel (LaneEngine.Starts.cs; one by one through the scalar start without one); failures are per lane. ACA checkpoints go to the chunk's <see cref="LaneCheckpointLog{T}"/>, one slot of
/// whole vectors per trial step, which the backward sweep reads back with whole-vector loads. Allocation-free after
/// construction (the logs belong to the ensemble and grow only until they met each chunk's longest solve).
/// <para>Two groups of eight lanes in flight: the engine owns a partner engine (group 1) that draws trajectories
/// from the same chunk and writes to the same log, and every phase of a step (trial step, error control,
/// bookkeeping) runs for group 0 then group 1 back to back. Each group's step is one long dependency chain
/// (stages → norm → log → exp → next h); with the two chains side by side in the instruction stream the CPU's
/// out-of-order window works on both, where one group alone could only wait (RESULTS.md §N). Where the dynamics has
/// the two-group trial-step kernel, both groups' trial steps are one call whose statements alternate between the
/// groups, so the compiler's order, not the window, interleaves the two chains (§22). The backward sweep
/// walks the shared log once and hands each slot to its group, so the two backward chains interleave too. Which
/// lane runs a trajectory never changes its bits.</para>
/// </remarks>
internal sealed partial class LaneEngine<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>Trajectories per vector: <see cref="Vector512{T}.Count"/> doubles.</summary>
    public const int Width = 8;

    private readonly IntegrationWorkspace<T> _ws;
    private readonly RungeKuttaCoefficients<T> _rk;
    private readonly int _n, _m, _s;
    private readonly bool _fsal, _dop853, _detectStiffness, _laneTrial, _laneTrialPair, _laneEvaluate, _laneVjp, _laneVjpWithTime;
    private readonly ControllerGains _gains;
    // What ControlStep would otherwise re-derive every step, broadcast once: −β₁/k and β₂/k, the tolerances (vector j =
    // component j's, every lane) and −½·ln n of the RMS norm.
    private readonly Vector512<double> _minusBeta1OverK, _beta2OverK, _minusHalfLogN;
    private readonly Vector512<long> _stiffnessTestInterval; // OdeOptions.StiffnessTestInterval in every lane
    // The RMS norm's thresholds as bounds on its sum of squares (ErrorNorm.SumOfSquaresBound): err ≤ 1 (accept),
    // err = 0, err > the previous-error floor.
    private readonly Vector512<double> _acceptSum, _zeroSum, _floorSum;
    private readonly AlignedVectorView<double> _atol, _rtol;
    // The RMS norm's inputs by address (this group's error, z and zNew; the tolerances). Every block is pinned, so the
    // addresses hold for the engine's life; ControlStep then reads each with one load, where a view's span costs a
    // null test, a length and the loop's bounds tests (RESULTS.md §28).
    private readonly unsafe Vector512<double>* _errorAt, _zAt, _zNewAt, _atolAt, _rtolAt;
    // The RMS norm's sum of squares of this group's trial step (_pair's slot): the lane trial-step kernels make it where
    // zNew and the error are still in registers (RESULTS.md §29), the scalar fallback from the buffers; ControlStep
    // reads it here.
    private readonly AlignedVectorView<double> _sumOfSquares;
    private readonly unsafe Vector512<double>* _sumOfSquaresAt;
    private readonly double _logErrorFloor, _minStep, _maxStep;
    private readonly int _maxSteps;
    private readonly TrajectoryCheckpointLimit _checkpointLimit; // what each trajectory's own store would allow (ACA)

    // Struct-of-arrays lane state: vector j holds component j of the eight lanes. The trial step's buffers (z, p,
    // stages, zNew, errors) are this group's halves of the pair's (_pair).
    private readonly AlignedVectorView<T> _z, _zNew, _stages, _error, _error2, _p, _dz;
    private readonly TrialBuffers _pair;
    private readonly T[][] _laneP = new T[Width][];

    // Per-lane scalars of the forward pass, one lane per trajectory, kept as vectors from step to step: the step's
    // vector code reads and writes them whole (no per-lane array round trip), and a single lane's value is read or
    // set in place (LaneOf) only when its trajectory starts or stops.
    private Vector512<double> _t, _h, _tOut, _direction, _logPrevious;
    private readonly int[] _trajectory = new int[Width], _output = new int[Width];
    private readonly SolverStatistics[] _stats = new SolverStatistics[Width]; // as Start left them (forward); whole (backward)

    // Per-lane counters of the forward pass, updated by vector ops with lane masks (SolverStatistics and the
    // StiffnessDetector of a lane are assembled from them only when its trajectory stops; the countdown to a lane's
    // next scheduled stiffness test is StiffnessDetector.ScheduledLanes's).
    private Vector512<long> _trials, _accepted, _rejected, _evaluations;
    private Vector512<long> _stiffSteps, _nonStiffInARow, _stiffDetected, _stepsToStiffnessTest;
    private uint _active;

    private ILaneEnsemble<T>? _source;

    // The lane group (0 or 1; lanes group·8 + l in the log), the partner group (group 0 holds group 1, group 1
    // none), and the next trajectory to start, shared by both groups.
    private readonly int _group;
    private readonly LaneEngine<T, TDynamics>? _partner;
    private readonly TrajectoryCursor _cursor; // with the starts computed ahead (LaneEngine.Starts.cs)

    /// <summary>Allocates the lane buffers of both lane groups for <paramref name="options"/> (adaptive, ACA or no gradient).</summary>
    public LaneEngine(OdeOptions options) : this(options, group: 0, new TrajectoryCursor(), pair: null)
    {
    }

    // pair: the trial step's buffers of both groups, made by group 0 (null there) and handed to group 1.
    private LaneEngine(OdeOptions options, int group, TrajectoryCursor cursor, TrialBuffers? pair)
    {
        _group = group;
        _cursor = cursor;
        if (typeof(T) != typeof(double))
            throw new NotSupportedException($"The lane engine runs float64 trajectories only, not {typeof(T).Name}.");
        _ws = new IntegrationWorkspace<T>(TDynamics.StateSize, TDynamics.ParameterSize, options);
        _rk = _ws.Rk;
        _n = _ws.N;
        _m = _ws.M;
        _s = _rk.Stages;
        _pair = pair ?? TrialBuffers.For(_n, _m, _s);
        if (group + 1 < LaneCheckpointLog<T>.Groups) _partner = new LaneEngine<T, TDynamics>(options, group + 1, cursor, _pair);
        _fsal = _rk.Tableau.IsFsal;
        _dop853 = _rk.Error2.Length != 0;
        _detectStiffness = StiffnessDetector.AppliesTo(_rk.Tableau, adaptive: true);
        _stiffnessTestInterval = Vector512.Create((long)options.StiffnessTestInterval);
        _gains = ControllerGains.Of(options.Controller, _rk.Tableau.ErrorOrder + 1);
        _minusBeta1OverK = Vector512.Create(-(_gains.Beta1 / _gains.K));
        _beta2OverK = Vector512.Create(_gains.Beta2 / _gains.K);
        _minusHalfLogN = Vector512.Create(ErrorNorm.MinusHalfLogLength(_n));
        _acceptSum = Vector512.Create(ErrorNorm.SumOfSquaresBound(1.0, _n));
        _zeroSum = Vector512.Create(ErrorNorm.SumOfSquaresBound(0.0, _n));
        _floorSum = Vector512.Create(ErrorNorm.SumOfSquaresBound(StepSizeController.PreviousErrorFloor, _n));
        // Every vector buffer the lane kernels read or write is a cache-line-aligned view into a pinned block
        // (AlignedVectors): the trial step's into the pair's (TrialBuffers), the others into this one: n vectors each
        // of the tolerances, ∂f, adjoints; m each of ∂L/∂θ before and after. The tolerances are doubles (T is, or the
        // engine throws).
        var buffers = new AlignedVectorBlock<T>(5 * _n + 2 * _m);
        _atol = buffers.Take(_n).As<double>();
        _rtol = buffers.Take(_n).As<double>();
        for (int j = 0; j < _n; j++)
        {
            _atol[j] = Vector512.Create(_ws.AbsoluteTolerances[j]);
            _rtol[j] = Vector512.Create(_ws.RelativeTolerances[j]);
        }
        _logErrorFloor = ControllerGains.LogErrorFloor;
        _minStep = options.MinStep;
        _maxStep = options.MaxStep;
        _maxSteps = options.MaxSteps;
        _checkpointLimit = new TrajectoryCheckpointLimit(options, _n, 2 * sizeof(double) + (long)_n * Unsafe.SizeOf<T>());
        _z = _pair.Z.Slice(group * _n, _n);
        _zNew = _pair.ZNew.Slice(group * _n, _n);
        _stages = _pair.Stages.Slice(group * _s * _n, _s * _n);
        _error = _pair.Error.Slice(group * _n, _n);
        _error2 = _pair.Error2.Slice(group * _n, _n);
        _p = _pair.P.Slice(group * _m, _m);
        _sumOfSquares = _pair.SumOfSquares.Slice(group, 1);
        _dz = buffers.Take(_n);
        unsafe
        {
            _errorAt = AddressOf(_error.As<double>());
            _zAt = AddressOf(_z.As<double>());
            _zNewAt = AddressOf(_zNew.As<double>());
            _atolAt = AddressOf(_atol);
            _rtolAt = AddressOf(_rtol);
            _sumOfSquaresAt = AddressOf(_sumOfSquares);
        }
        for (int l = 0; l < Width; l++) _laneP[l] = new T[_m];
        _adjoint = buffers.Take(_n);
        _adjointIn = buffers.Take(_n);
        _gradP = buffers.Take(_m);
        // Stage vectors, then the lane VJP's workspace (its tape and arrays: off the stack, allocated once here).
        _vjpScratchLength = RungeKuttaStepperScratch.Length(_s, _n) + TDynamics.LaneStepVjpWorkspaceLength;
        _vjpScratch = AlignedVectors.AllocateForView<T>(_vjpScratchLength);
        _laneGradP = new T[_m];
        _laneAdjoint = new T[_n];
        _laneAdjointIn = new T[_n];
        _gradPBefore = buffers.Take(_m);
        Debug.Assert(buffers.Left == 0, "The block's size is the sum of the buffers taken from it.");
        _laneZ = new T[_n];
        foreach (bool influences in _rk.StageInfluencesOutput) if (influences) _vjpStages++;

        // Probe the lane hooks once (on zeros; the results are discarded): a type without them returns false.
        ButcherTableau tableau = _rk.Tableau;
        _laneTrial = TDynamics.TryLaneTrialStep(tableau, default, default, _z, _p, _stages, _zNew, _error, _error2, _atol, _rtol, _sumOfSquares);
        // Group 0 steps both groups with one call where the dynamics has the two-group kernel (probed on both halves).
        _laneTrialPair = _laneTrial && _partner is not null
            && TDynamics.TryLaneTrialStepPair(tableau, default, default, default, default, _pair.Z, _pair.P, _pair.Stages, _pair.ZNew, _pair.Error,
                _pair.Error2, _atol, _rtol, _pair.SumOfSquares);
        _laneEvaluate = TDynamics.TryLaneEvaluate(default, _z, _p, _dz);
        _laneVjp = TDynamics.TryLaneStepVjp(tableau, default, default, _z, _p, _adjoint, _adjointIn, _gradP, VjpScratch);
        // The kernel with time terms is used only beside the plain one (∂L/∂θ then lives in lane blocks for both).
        _laneVjpWithTime = _laneVjp && TDynamics.TryLaneStepVjpWithTime(tableau, default, default, _z, _p, _adjoint, _adjointIn, _gradP, VjpScratch,
            out _, out _);
        _gradPRows = _laneVjp ? [] : new T[Width * _m];
    }

    /// <summary>Whether the dynamics has lane kernels (trial step, evaluation, step VJP, step VJP with time terms) for
    /// this method.</summary>
    public (bool TrialStep, bool Evaluate, bool StepVjp, bool StepVjpWithTime) LaneKernels =>
        (_laneTrial, _laneEvaluate, _laneVjp, _laneVjpWithTime);

    /// <summary>
    /// The buffers the trial step reads and writes, for both lane groups: each holds group 0's vectors, then group 1's
    /// (z and the trial state, errors: n each; θ: m; stages: s·n; the RMS norm's sum of squares: one), which is the
    /// layout of <see cref="IOdeDynamics{T}.TryLaneTrialStepPair"/>, so one call steps both groups. One pinned block,
    /// cut into cache-line-aligned views.
    /// </summary>
    private sealed record TrialBuffers(AlignedVectorView<T> Z, AlignedVectorView<T> P, AlignedVectorView<T> Stages,
        AlignedVectorView<T> ZNew, AlignedVectorView<T> Error, AlignedVectorView<T> Error2, AlignedVectorView<double> SumOfSquares)
    {
        private const int Groups = LaneCheckpointLog<T>.Groups;

        public static TrialBuffers For(int n, int m, int s)
        {
            var block = new AlignedVectorBlock<T>(Groups * (4 * n + m + s * n + 1));
            var buffers = new TrialBuffers(block.Take(Groups * n), block.Take(Groups * m), block.Take(Groups * s * n), block.Take(Groups * n),
                block.Take(Groups * n), block.Take(Groups * n), block.Take(Groups).As<double>());
            Debug.Assert(block.Left == 0, "The block's size is the sum of the buffers taken from it.");
            return buffers;
        }
    }

    // The small helpers below are forced inline: Step() is large enough that the JIT's inlining budget runs out before
    // them, and each call (Mask, AsDouble) showed up in its Tier1 code on the hot path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<T> Flat(Span<Vector512<T>> soa) => MemoryMarshal.Cast<Vector512<T>, T>(soa);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<Vector512<double>> AsDouble(ReadOnlySpan<Vector512<T>> soa) =>
        // A ReadOnlySpan parameter (the view converts to it directly), not a Span: the Span → ReadOnlySpan conversion
        // stayed a call in ControlStep's Tier-1 code (inline budget spent), four per step.
        MemoryMarshal.Cast<Vector512<T>, Vector512<double>>(soa);

    /// <summary>Copies lane <paramref name="lane"/> of <paramref name="soa"/>[first .. first + count) into <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(ReadOnlySpan<Vector512<T>> soa, int first, int lane, Span<T> to)
    {
        ReadOnlySpan<T> flat = MemoryMarshal.Cast<Vector512<T>, T>(soa);
        for (int j = 0; j < to.Length; j++) to[j] = flat[(first + j) * Width + lane];
    }

    /// <summary>Copies <paramref name="from"/> into lane <paramref name="lane"/> of <paramref name="soa"/>[first ..].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(ReadOnlySpan<T> from, Span<Vector512<T>> soa, int first, int lane)
    {
        Span<T> flat = Flat(soa);
        for (int j = 0; j < from.Length; j++) flat[(first + j) * Width + lane] = from[j];
    }

    /// <summary>a[j] = mask ? b[j] : a[j] for every vector of a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blend(Span<Vector512<T>> a, ReadOnlySpan<Vector512<T>> b, Vector512<double> mask)
    {
        Vector512<T> m = mask.As<double, T>();
        for (int j = 0; j < a.Length; j++) a[j] = Vector512.ConditionalSelect(m, b[j], a[j]);
    }

    /// <summary>Lane <paramref name="lane"/> (0…7) of a per-lane vector field, in place: one scalar load or store, where
    /// GetElement/WithElement with a variable index spilled and rebuilt the whole vector (Refill showed it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref TLane LaneOf<TLane>(ref Vector512<TLane> lanes, int lane)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)Width);
        return ref Unsafe.Add(ref Unsafe.As<Vector512<TLane>, TLane>(ref lanes), lane);
    }

    /// <summary>The address of a view's first vector: fixed, as the view's block is pinned (AlignedVectors).</summary>
    private static unsafe Vector512<double>* AddressOf(AlignedVectorView<double> view) =>
        (Vector512<double>*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(view.Span));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(double[] lanes) => Vector512.Create<double>(lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Mask(uint bits)
    {
        // Lane l all ones when bit l is set.
        Vector512<long> lane = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        return Vector512.Equals(Vector512.Create((long)bits) & lane, lane).AsDouble();
    }
}
