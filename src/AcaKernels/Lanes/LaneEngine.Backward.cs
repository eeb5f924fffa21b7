using System.Numerics;
using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Lanes;

// ACA's backward sweep (AcaBackward) with the trajectory index in the lanes: each lane walks its trajectory's
// checkpoints from the last step to the first, adding the seed of an output time when it reaches the step that
// started there, and is refilled when it reaches z₀. One step VJP per iteration for all lanes: the lane kernel, or
// per lane the scalar step VJP — always the scalar one (with time terms) for the steps whose ∂L/∂h or vᵀ∂f/∂t the
// time gradients need, exactly where AcaBackward takes it.
internal sealed partial class LaneEngine<T, TDynamics>
{
    private Vector512<T>[] _adjoint, _adjointIn;
    private readonly Vector512<T>[] _gradP, _vjpScratch;
    private readonly T[] _laneGradP, _laneAdjoint, _laneAdjointIn;
    private readonly int _vjpStages;
    private readonly int[] _step = new int[Width], _seed = new int[Width];

    // Per lane, looked up once when the lane takes a trajectory (so the per-step decisions are vector compares, not
    // per-lane arena reads): the step whose end the next seed lands on (-1 when none is left), the last step and the
    // first output leg's end (where AcaBackward needs time terms).
    private readonly int[] _seedStep = new int[Width], _lastStep = new int[Width], _firstLeg = new int[Width];
    private readonly double[] _gradT0 = new double[Width], _gradTEnd = new double[Width];
    private readonly LaneCheckpoints<T>[] _checkpoints = new LaneCheckpoints<T>[Width];

    // Without a lane VJP kernel every step VJP is per lane, so each lane's ∂L/∂θ stays a contiguous row (m values)
    // instead of being gathered from and scattered to the lane block at every step.
    private readonly T[] _gradPRows;

    private Span<T> GradPRow(int lane) => _gradPRows.AsSpan(lane * _m, _m);

    /// <summary>Differentiates trajectories [first, end) of <paramref name="source"/> from its arena's checkpoints.</summary>
    public void Gradient(ILaneEnsemble<T> source, int first, int end)
    {
        _source = source;
        _next = first;
        _end = end;
        _active = 0;
        for (int lane = 0; lane < Width; lane++) RefillBackward(lane);
        while (_active != 0) BackwardStep();
        _source = null;
    }

    private void RefillBackward(int lane)
    {
        ILaneEnsemble<T> source = _source!;
        while (_next < _end)
        {
            int b = _next++;
            if (!source.BeginGradient(b, out SolveResult forward)) continue;
            ref LaneCheckpoints<T> checkpoints = ref _checkpoints[lane];
            checkpoints.Locate(source.Arena, b, _n);
            int k = checkpoints.OutputCount - 1;
            Scatter(source.SeedsOf(b).Slice(k * _n, _n), _adjoint, 0, lane);
            _seed[lane] = k - 1;
            _seedStep[lane] = k - 1 >= 0 ? checkpoints.OutputStep(k - 1) : -1;
            _step[lane] = _lastStep[lane] = checkpoints.Count - 1;
            _firstLeg[lane] = checkpoints.OutputStep(1);
            Scatter(source.Parameters(b), _p, 0, lane);
            source.Parameters(b).CopyTo(_laneP[lane]);
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
            _trajectory[lane] = b;
            _stats[lane] = forward.Statistics;
            _stats[lane].BackwardEvaluations = _stats[lane].BackwardVjps = _stats[lane].BackwardSteps = 0;
            _active |= 1u << lane;
            return;
        }
        _active &= ~(1u << lane);
    }

    private void BackwardStep()
    {
        // As AcaBackward: the landing steps need ∂L/∂h, the steps before T₁ need Σ vᵀ∂f/∂t when f reads t.
        Vector256<int> step = Vector256.Create<int>(_step), firstLeg = Vector256.Create<int>(_firstLeg);
        Vector256<int> timeTermLanes = Vector256.Equals(step, Vector256.Create<int>(_lastStep))
            | Vector256.Equals(step, firstLeg - Vector256<int>.One);
        if (TDynamics.DependsOnTime) timeTermLanes |= Vector256.LessThan(step, firstLeg);
        uint timeTerms = _active & timeTermLanes.ExtractMostSignificantBits();
        for (uint bits = _active; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            ref readonly LaneCheckpoints<T> checkpoints = ref _checkpoints[lane];
            int i = _step[lane];
            _t[lane] = checkpoints.Time(i);
            _h[lane] = checkpoints.Step(i);
            Scatter(checkpoints.State(i), _z, 0, lane);
        }

        uint scalarLanes = _active;
        if (_laneVjp)
        {
            // The kernel runs all lanes; lanes that need time terms are then redone by the scalar VJP, from their
            // ∂L/∂θ before the kernel touched it.
            Span<T> flat = Flat(_gradP);
            Span<T> saved = _vjpSavedGradP;
            for (uint bits = timeTerms; bits != 0; bits &= bits - 1)
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                for (int j = 0; j < _m; j++) saved[lane * _m + j] = flat[j * Width + lane];
            }
            if (TDynamics.TryLaneStepVjp(_rk.Tableau, Load(_t), Load(_h), _z, _p, _adjoint, _adjointIn, _gradP, _vjpScratch))
            {
                scalarLanes = timeTerms;
                for (uint bits = timeTerms; bits != 0; bits &= bits - 1)
                {
                    int lane = BitOperations.TrailingZeroCount(bits);
                    for (int j = 0; j < _m; j++) flat[j * Width + lane] = saved[lane * _m + j];
                }
            }
        }
        for (uint bits = scalarLanes; bits != 0; bits &= bits - 1)
            ScalarStepVjp(BitOperations.TrailingZeroCount(bits), (timeTerms & (1u << BitOperations.TrailingZeroCount(bits))) != 0);
        (_adjoint, _adjointIn) = (_adjointIn, _adjoint);

        // Per lane only where something happens: a seed lands at the start of this step, or the lane reaches z₀.
        Vector256<int> activeLanes = Vector256.Equals(Vector256.Create((int)_active) & Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128),
            Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128));
        uint events = _active & (Vector256.Equals(step, Vector256.Create<int>(_seedStep)) | Vector256.Equals(step, Vector256<int>.Zero))
            .ExtractMostSignificantBits();
        (step + activeLanes).CopyTo(_step); // all ones is -1: every active lane moves one step back
        uint ended = 0;
        for (uint bits = events; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int i = _step[lane] + 1;
            ref readonly LaneCheckpoints<T> checkpoints = ref _checkpoints[lane];
            int k = _seed[lane];
            if (k >= 0 && checkpoints.OutputStep(k) == i)
            {
                ReadOnlySpan<T> seeds = _source!.SeedsOf(_trajectory[lane]);
                Span<T> flat = Flat(_adjoint);
                while (k >= 0 && checkpoints.OutputStep(k) == i)
                {
                    ReadOnlySpan<T> seed = seeds.Slice(k * _n, _n);
                    for (int j = 0; j < _n; j++) flat[j * Width + lane] += seed[j];
                    k--;
                }
                _seed[lane] = k;
                _seedStep[lane] = k >= 0 ? checkpoints.OutputStep(k) : -1;
            }
            if (i == 0)
            {
                FinishBackward(lane);
                ended |= 1u << lane;
            }
        }
        for (uint bits = ended; bits != 0; bits &= bits - 1) RefillBackward(BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>One lane's step VJP through the scalar kernel (fused, or generic with time terms), as AcaBackward.</summary>
    private void ScalarStepVjp(int lane, bool timeTerms)
    {
        ref readonly LaneCheckpoints<T> checkpoints = ref _checkpoints[lane];
        int i = _step[lane];
        Gather(_adjoint, 0, lane, _laneAdjoint);
        Span<T> gradP = _laneVjp ? _laneGradP : GradPRow(lane);
        if (_laneVjp) Gather(_gradP, 0, lane, gradP);
        T gradH = RungeKuttaStepper<T, TDynamics>.StepVjp(_rk, _t[lane], _h[lane], checkpoints.State(i), _laneP[lane], _laneAdjoint,
            _laneAdjointIn, gradP, _ws.VjpScratch, timeTerms, out T gradT);
        Scatter(_laneAdjointIn, _adjointIn, 0, lane);
        if (_laneVjp) Scatter(gradP, _gradP, 0, lane);
        if (!timeTerms) return;
        int last = checkpoints.Count - 1, firstLeg = checkpoints.OutputStep(1);
        double stepBar = double.CreateTruncating(gradH);
        if (i == last) _gradTEnd[lane] = stepBar;
        if (i < firstLeg) _gradT0[lane] += double.CreateTruncating(gradT);
        if (i == firstLeg - 1) _gradT0[lane] -= stepBar;
    }

    private void FinishBackward(int lane)
    {
        int b = _trajectory[lane];
        long count = _checkpoints[lane].Count;
        ref SolverStatistics stats = ref _stats[lane];
        stats.BackwardEvaluations += count * _s;
        stats.BackwardVjps += count * _vjpStages;
        Gather(_adjoint, 0, lane, _laneAdjoint);
        ReadOnlySpan<T> gradP = _laneGradP;
        if (_laneVjp) Gather(_gradP, 0, lane, _laneGradP);
        else gradP = GradPRow(lane);
        var status = new SolveResult(OdeStatus.Success, _source!.TimesOf(b)[0], 0, -1, stats);
        _source.Differentiated(b, _laneAdjoint, gradP, new GradientResult(status, _gradT0[lane], _gradTEnd[lane]));
        _active &= ~(1u << lane);
    }
}
