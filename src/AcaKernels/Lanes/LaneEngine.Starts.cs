using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Solving;

namespace AcaKernels.Lanes;

// Trajectory starts, eight at a time. A trajectory's start is what Integrator.Start does before the first step: its
// output rows (NaN, then z₀ in row 0), k₀ = f(t₀, z₀), the finiteness check and Hairer's initial step (f once more and
// a pow). Done one trajectory at a time through the scalar Start it was ~10 % of the Lorenz forward (RESULTS.md §12).
// Here the chunk's next eight trajectories are started together, one per lane of a batch, by the lane f kernel and
// the lane form of InitialStepSize: the same operations in the same order as the scalar Start, so every trajectory
// gets the same k₀, h₀ and failure as before; only the pow, max and clamp at the end run per lane (FromNorms). A lane
// that needs a trajectory takes the batch's next start (both groups draw from the one batch, in trajectory order).
internal sealed partial class LaneEngine<T, TDynamics>
{
    /// <summary>
    /// The chunk's trajectories not yet started, [Next, End), shared by both lane groups, and the starts of the next
    /// ones: batch lane i holds trajectory <see cref="Trajectory"/>[i]'s z₀, θ, k₀, t₀, first output time, direction
    /// and first step; lanes [Taken, Count) are not handed to an engine lane yet.
    /// </summary>
    private sealed class TrajectoryCursor
    {
        public int Next, End, Taken, Count;
        public readonly AlignedVectorView<T> Z0, K0,
            Probe,   // Hairer's Euler probe z₀ + h₀·k₀
            K1,      // f at the probe
            P;
        public Vector512<double> T0, TOut, Direction, H;
        public readonly int[] Trajectory = new int[Width];
        public readonly int[] NonFinite = new int[Width];   // Start's failing component, or −1
        public readonly long[] Evaluations = new long[Width];

        public TrajectoryCursor()
        {
            int n = TDynamics.StateSize;
            var buffers = new AlignedVectorBlock<T>(4 * n + TDynamics.ParameterSize);
            (Z0, K0, Probe, K1, P) = (buffers.Take(n), buffers.Take(n), buffers.Take(n), buffers.Take(n), buffers.Take(TDynamics.ParameterSize));
        }

        public void Reset(int first, int end) => (Next, End, Taken, Count) = (first, end, 0, 0);
    }

    /// <summary>Starts the next trajectory that does not fail at its start in <paramref name="lane"/>, or leaves the lane idle.</summary>
    private void Refill(int lane)
    {
        if (!_laneEvaluate)
        {
            RefillOneByOne(lane);
            return;
        }
        TrajectoryCursor batch = _cursor;
        uint bit = 1u << lane;
        if (_log is not null) _fresh |= bit; // only the log needs to know a first step (EndStep's events)
        _unrecorded &= ~bit;
        while (batch.Taken < batch.Count || StartBatch())
        {
            int i = batch.Taken++;
            _stats[lane] = new SolverStatistics { ForwardEvaluations = batch.Evaluations[i] };
            _trajectory[lane] = batch.Trajectory[i];
            LaneOf(ref _accepted, lane) = 0;
            LaneOf(ref _trials, lane) = 0;
            LaneOf(ref _rejected, lane) = 0;
            LaneOf(ref _evaluations, lane) = batch.Evaluations[i];
            if (batch.NonFinite[i] >= 0)
            {
                Finish(lane, SolveResult.Failure(OdeStatus.NonFiniteState, LaneOf(ref batch.T0, i), 0, batch.NonFinite[i], _stats[lane]));
                continue;
            }
            MoveLane(batch.Z0, i, _z, lane);
            MoveLane(batch.K0, i, _stages, lane);
            MoveLane(batch.P, i, _p, lane);
            Gather(batch.P, 0, i, _laneP[lane]);
            Arm(lane, LaneOf(ref batch.T0, i), LaneOf(ref batch.H, i), LaneOf(ref batch.TOut, i), LaneOf(ref batch.Direction, i));
            return;
        }
        _active &= ~bit;
    }

    /// <summary>
    /// Starts the chunk's next (up to) eight trajectories in the batch's lanes: Integrator.Start for each, in lanes.
    /// False when none is left. Lanes past the chunk's end repeat its last trajectory's inputs; their starts are not used.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StartBatch()
    {
        TrajectoryCursor batch = _cursor;
        if (batch.Next >= batch.End) return false;
        ILaneEnsemble<T> source = _source!;
        int count = Math.Min(Width, batch.End - batch.Next);
        for (int i = 0; i < Width; i++)
        {
            int b = batch.Next + Math.Min(i, count - 1);
            ReadOnlySpan<T> z0 = source.InitialState(b);
            ReadOnlySpan<double> times = source.TimesOf(b);
            Scatter(z0, batch.Z0, 0, i);
            Scatter(source.Parameters(b), batch.P, 0, i);
            LaneOf(ref batch.T0, i) = times[0];
            LaneOf(ref batch.TOut, i) = times[1];
            LaneOf(ref batch.Direction, i) = times[^1] > times[0] ? 1.0 : -1.0;
            if (i >= count) continue;
            batch.Trajectory[i] = b;
            Span<T> outputs = source.OutputsOf(b);
            outputs.Fill(T.NaN);
            z0.CopyTo(outputs.Slice(0, _n));
        }
        batch.Next += count;
        (batch.Taken, batch.Count) = (0, count);

        Vector512<double> t0 = batch.T0, direction = batch.Direction;
        TDynamics.TryLaneEvaluate(t0, batch.Z0, batch.P, batch.K0);
        ReadOnlySpan<Vector512<double>> z0Lanes = AsDouble(batch.Z0), k0Lanes = AsDouble(batch.K0);
        uint nonFinite = NonFiniteLanes(k0Lanes) | NonFiniteLanes(z0Lanes);

        OdeOptions o = _ws.Options;
        double minStep = o.MinStep, maxStep = o.MaxStep;
        if ((o.FixedStep ?? o.InitialStep) is { } given)
        {
            for (int i = 0; i < count; i++)
            {
                batch.Evaluations[i] = 1;
                LaneOf(ref batch.H, i) = LaneOf(ref direction, i) * Math.Clamp(given, minStep, maxStep);
            }
        }
        else
        {
            Vector512<double> h0 = InitialStepSize.FirstGuessLanes(z0Lanes, k0Lanes, _atol, _rtol, out Vector512<double> d1);
            Vector512<double> step = direction * h0;
            Span<Vector512<double>> probe = MemoryMarshal.Cast<Vector512<T>, Vector512<double>>(batch.Probe.Span);
            for (int j = 0; j < _n; j++) probe[j] = z0Lanes[j] + step * k0Lanes[j];
            TDynamics.TryLaneEvaluate(t0 + step, batch.Probe, batch.P, batch.K1);
            Vector512<double> d2 = InitialStepSize.SecondDifferenceLanes(z0Lanes, k0Lanes, AsDouble(batch.K1), _atol, _rtol, h0);
            int k = _rk.Tableau.ErrorOrder + 1;
            for (int i = 0; i < count; i++)
            {
                batch.Evaluations[i] = 2;
                double h = InitialStepSize.FromNorms(LaneOf(ref h0, i), LaneOf(ref d1, i), LaneOf(ref d2, i), k);
                LaneOf(ref batch.H, i) = LaneOf(ref direction, i) * Math.Clamp(h, minStep, maxStep);
            }
        }
        for (int i = 0; i < count; i++)
        {
            batch.NonFinite[i] = -1;
            if ((nonFinite & (1u << i)) == 0) continue;
            batch.NonFinite[i] = FirstNonFiniteAtStart(batch, i);
            batch.Evaluations[i] = 1; // Start stops after k₀
        }
        return true;
    }

    /// <summary>The lanes in which some component of <paramref name="vectors"/> is NaN or infinite (x − x is 0 only for finite x).</summary>
    private static uint NonFiniteLanes(ReadOnlySpan<Vector512<double>> vectors)
    {
        Vector512<double> finite = Vector512<double>.AllBitsSet;
        foreach (Vector512<double> v in vectors) finite &= Vector512.Equals(v - v, Vector512<double>.Zero);
        return (uint)(~finite).ExtractMostSignificantBits();
    }

    /// <summary>Start's check for batch lane <paramref name="i"/>: the first non-finite component of k₀, else of z₀.</summary>
    private int FirstNonFiniteAtStart(TrajectoryCursor batch, int i)
    {
        Span<T> k0 = _ws.Stages.AsSpan(0, _n), z0 = _ws.State;
        Gather(batch.K0, 0, i, k0);
        Gather(batch.Z0, 0, i, z0);
        int bad = ErrorNorm.FirstNonFinite(ReadOnlySpan<T>.Empty, k0);
        return bad >= 0 ? bad : ErrorNorm.FirstNonFinite(ReadOnlySpan<T>.Empty, z0);
    }

    /// <summary>Copies lane <paramref name="from"/> of every vector of <paramref name="source"/> into lane <paramref name="to"/> of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MoveLane(Span<Vector512<T>> source, int from, Span<Vector512<T>> target, int to)
    {
        for (int j = 0; j < source.Length; j++) LaneOf(ref target[j], to) = LaneOf(ref source[j], from);
    }
}
