using AcaKernels.Gradients;
using AcaKernels.Lanes;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

// Solve and gradient in one call, chunk by chunk, for a loss that is a sum over trajectories: a worker solves a
// chunk, asks the loss for the chunk's seeds and runs the chunk's backward sweep at once, while the chunk's
// checkpoints are still in cache, then reuses the same checkpoint storage for its next chunk. Every trajectory runs
// the same code on the same chunk as in Solve + Gradient, so the results are the same bits.
public sealed unsafe partial class EnsembleSolver<T, TDynamics>
{
    // Per worker: the lane engine's checkpoint log (ACA on the lanes; the scalar engine keeps one trajectory's
    // checkpoints in its worker's own store) and the seeds of the chunk it is on. Per chunk: which worker has it, so
    // that the lane engine's SeedsOf(b) finds b's seeds. Per trajectory: ℓ_b, summed in trajectory order at the end.
    private readonly LaneCheckpointLog<T>[]? _workerLogs;
    private readonly T[][] _chunkSeeds;
    private readonly int[] _chunkWorker;
    private T[] _losses = [];
    private object? _chunkedRun; // the ChunkedRun<TLoss> of the last loss type (its job delegate is made once)
    private bool _chunked;

    /// <summary>
    /// Solves every trajectory through the same output times and differentiates the loss
    /// L = Σ_b ℓ_b(z_b(t_0), …, z_b(t_{K−1})) chunk by chunk: each chunk of trajectories is solved, its seeds
    /// ∂ℓ_b/∂z_b(t_k) come from <paramref name="loss"/>, and its backward pass runs at once. The results are those of
    /// <see cref="Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult})"/> followed
    /// by <see cref="Gradient"/> with the same seeds, bit for bit (outputs, statuses, ∂L/∂z₀, ∂L/∂θ summed in trajectory
    /// order or per trajectory, time gradients), whatever the threads; what differs is the memory. Arguments as those
    /// two calls (gradP of length m for the sum over trajectories, B·m for one row each).
    /// </summary>
    /// <remarks>
    /// <para>Memory: with ACA, checkpoints live only while their chunk is being differentiated. On the lane engine each
    /// worker keeps one <c>LaneCheckpointLog</c>, reused chunk after chunk (sized by the longest chunk any worker met:
    /// W · (2 + n) · 64 B per lane-group trial step of a chunk, with W workers); on the scalar engine each worker's
    /// own store holds one trajectory (N_t · (2 + n) · 8 B). <see cref="CheckpointBytesAllocated"/> reports that;
    /// Solve + Gradient hold every chunk's log until the gradient, N_t · (2 + n) · 8 B per trajectory for all B.
    /// The other buffers are O(B): the caller's spans, and one ∂L/∂θ row per trajectory (B · m values) when θ's
    /// gradient is summed, kept so the sum runs in its fixed order (ParameterGradientSum).</para>
    /// <para><see cref="OdeOptions.GradientMemoryLimit"/> binds each chunk exactly as in Solve: its trajectories'
    /// share, limit · |chunk| / B bytes, so the same trajectories fail with
    /// <see cref="OdeStatus.GradientMemoryLimitExceeded"/> (and only W chunks hold checkpoints at a time, so the
    /// memory held stays below W · limit · chunk size / B). Each trajectory's own limit is a single solver's.</para>
    /// <para>The naive and adjoint methods differentiate each trajectory right after its solve (Gradient repeats the
    /// solve), so here they solve each trajectory once. This call replaces the last Solve: a
    /// <see cref="Gradient"/> after it finds nothing to differentiate (<see cref="OdeStatus.NoForwardSolve"/>).</para>
    /// </remarks>
    /// <param name="z0">B initial states.</param>
    /// <param name="p">One shared θ (m) or one per trajectory (B·m).</param>
    /// <param name="times">Output times shared by all trajectories (strictly monotone, at least two).</param>
    /// <param name="outputs">z_b(t_k) at [(b·K + k)·n ..].</param>
    /// <param name="results">Each trajectory's forward result (or empty: the returned aggregates only).</param>
    /// <param name="loss">The per-trajectory loss (see <see cref="ITrajectoryLoss{T}"/>: called from several workers on
    /// one shared copy, copied back when the call returns).</param>
    /// <param name="gradZ0">∂L/∂z₀ of each trajectory (B·n).</param>
    /// <param name="gradP">∂L/∂θ: summed (m) or per trajectory (B·m).</param>
    /// <param name="gradientResults">Each trajectory's gradient result (∂L/∂t₀, ∂L/∂t_end), or empty.</param>
    /// <returns>The solves' and the gradients' aggregates and Σ_b ℓ_b over the trajectories solved.</returns>
    /// <exception cref="ArgumentException">As Solve and Gradient; gradZ0 or gradP overlapping outputs.</exception>
    /// <exception cref="InvalidOperationException">On a solver built with <see cref="Gradients.GradientMethod.None"/>,
    /// or when another thread is inside a call of this solver.</exception>
    public EnsembleLossResult<T> SolveAndGradient<TLoss>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        Span<T> outputs, Span<SolveResult> results, ref TLoss loss, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> gradientResults)
        where TLoss : struct, ITrajectoryLoss<T>
    {
        Enter();
        try
        {
            bool sharedP = CheckSolve(z0, p, times, outputs, results);
            bool sharedGradP = CheckChunkedGradient(outputs, gradZ0, gradP, gradientResults);
            _times.SetShared(times);
            return SolveAndGradientAll(z0, p, sharedP, outputs, results, ref loss, gradZ0, gradP, sharedGradP, gradientResults);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// <see cref="SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>
    /// with per-trajectory output times: trajectory b's times are times[timeOffsets[b] .. timeOffsets[b+1]) and its
    /// outputs the same rows of outputs, as in the per-trajectory-times Solve.
    /// </summary>
    /// <returns>The solves' and the gradients' aggregates and Σ_b ℓ_b over the trajectories solved.</returns>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">As the shared-times overload.</exception>
    public EnsembleLossResult<T> SolveAndGradient<TLoss>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<int> timeOffsets, Span<T> outputs, Span<SolveResult> results, ref TLoss loss, Span<T> gradZ0, Span<T> gradP,
        Span<GradientResult> gradientResults)
        where TLoss : struct, ITrajectoryLoss<T>
    {
        Enter();
        try
        {
            bool sharedP = CheckSolve(z0, p, times, timeOffsets, outputs, results);
            bool sharedGradP = CheckChunkedGradient(outputs, gradZ0, gradP, gradientResults);
            _times.SetPerTrajectory(times, timeOffsets);
            return SolveAndGradientAll(z0, p, sharedP, outputs, results, ref loss, gradZ0, gradP, sharedGradP, gradientResults);
        }
        finally
        {
            Exit();
        }
    }

    private bool CheckChunkedGradient(Span<T> outputs, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> gradientResults)
    {
        if (!_workers[0].Differentiates) throw NoGradient<T, TDynamics>.NotDifferentiable();
        EnsembleChecks.ResultCount(nameof(gradientResults), gradientResults.Length, TrajectoryCount);
        bool sharedGradP = EnsembleChecks.GradientLengths<T>([], gradZ0, gradP, gradientResults, TrajectoryCount,
            TDynamics.StateSize, TDynamics.ParameterSize, rows: -1);
        if (gradZ0.Overlaps(outputs) || gradP.Overlaps(outputs))
            throw new ArgumentException("gradZ0 and gradP must not overlap outputs: the workers write all three during the call.");
        return sharedGradP;
    }

    private EnsembleLossResult<T> SolveAndGradientAll<TLoss>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, Span<T> outputs,
        Span<SolveResult> results, ref TLoss loss, Span<T> gradZ0, Span<T> gradP, bool sharedGradP, Span<GradientResult> gradientResults)
        where TLoss : struct, ITrajectoryLoss<T>
    {
        int m = TDynamics.ParameterSize, trajectories = TrajectoryCount;
        _solved = false;
        z0.CopyTo(_z0);
        CopyParameters(p);
        _sharedP = sharedP;
        _sharedGradP = sharedGradP;
        if (sharedGradP && _gradPRows.Length < trajectories * m) _gradPRows = new T[trajectories * m];
        if (_losses.Length < trajectories) _losses = new T[trajectories];
        SizeChunkSeeds();
        if (_chunkedRun is not ChunkedRun<TLoss> run) _chunkedRun = run = new ChunkedRun<TLoss>(this);
        run.Loss = loss;
        fixed (T* o = outputs)
        fixed (SolveResult* r = results)
        fixed (T* z = gradZ0)
        fixed (T* g = gradP)
        fixed (GradientResult* gr = gradientResults)
        {
            _outputs = o;
            _solveResults = r;
            _gradZ0 = z;
            _gradP = g;
            _gradientResults = gr;
            // Differentiable(b) asks for a solve: each chunk's forward runs before its gradient.
            _solved = _chunked = true;
            try
            {
                RunChunks(run.Job);
            }
            finally
            {
                _solved = _chunked = false;
                _outputs = _gradZ0 = _gradP = null;
                _solveResults = null;
                _gradientResults = null;
                loss = run.Loss;
                run.Loss = default; // holds no reference to the caller's data between calls
            }
        }
        if (sharedGradP) SumSharedParameterGradient(gradP);
        T total = T.Zero;
        for (int b = 0; b < trajectories; b++)
            if (_forward[b].IsSuccess) total += _losses[b];
        SizeWorkerCheckpointsAlike();
        return new EnsembleLossResult<T>(EnsembleResult.Summarize(_forward), EnsembleResult.Summarize(_backward), total);
    }

    /// <summary>A loss type's job for the worker pool, made once per loss type and kept (no allocation per call),
    /// and the one copy of the loss every worker calls.</summary>
    private sealed class ChunkedRun<TLoss> where TLoss : struct, ITrajectoryLoss<T>
    {
        public TLoss Loss;
        public readonly Action<int> Job;

        public ChunkedRun(EnsembleSolver<T, TDynamics> solver) => Job = worker => solver.ChunkedChunks(worker, this);
    }

    private void ChunkedChunks<TLoss>(int worker, ChunkedRun<TLoss> run) where TLoss : struct, ITrajectoryLoss<T>
    {
        while (NextChunk(out int chunk, out int first, out int end))
        {
            _chunkWorker[chunk] = worker;
            if (_lanes is not null) ChunkOnLanes(worker, first, end, run);
            else ChunkOnScalarEngine(worker, chunk, first, end, run);
        }
    }

    private void ChunkOnLanes<TLoss>(int worker, int first, int end, ChunkedRun<TLoss> run) where TLoss : struct, ITrajectoryLoss<T>
    {
        LaneCheckpointLog<T> log = _workerLogs![worker];
        // The chunk's own share of the limit, as its log in Solve would have.
        log.Reuse(first, end - first, CheckpointArena<T>.ChunkShare(Options.GradientMemoryLimit, TrajectoryCount, end - first));
        _lanes![worker].Solve(this, first, end, log);
        for (int b = first; b < end; b++) EvaluateLoss(run, b);
        _lanes[worker].Gradient(this, first, end, log);
    }

    private void ChunkOnScalarEngine<TLoss>(int worker, int chunk, int first, int end, ChunkedRun<TLoss> run)
        where TLoss : struct, ITrajectoryLoss<T>
    {
        TrajectoryWorker<T, TDynamics> engine = _workers[worker];
        // ACA in Solve copies each trajectory's checkpoints into the chunk's arena, and one that would pass the chunk's
        // share fails; here they stay in the worker's store, and the same count decides the same failures.
        long most = _arena?.MostCheckpoints(chunk) ?? long.MaxValue, used = 0;
        for (int b = first; b < end; b++)
        {
            SolveResult result = engine.Solve(InitialState(b), Parameters(b), _times.Of(b), Rows(_outputs, b));
            if (_arena is not null && result.IsSuccess)
            {
                int count = engine.Checkpoints!.Count;
                if (used + count > most) result = OverArenaShare(result);
                else used += count;
            }
            _forward[b] = result;
            if (_solveResults != null) _solveResults[b] = result;
            if (!Differentiable(b)) continue;
            EvaluateLoss(run, b);
            GradientResult gradient = engine.GradientOfLastSolve(result, InitialState(b), Parameters(b), _times.Of(b), ChunkSeeds(b),
                GradZ0Row(b), GradPRow(b));
            _backward[b] = gradient.Result;
            if (_gradientResults != null) _gradientResults[b] = gradient;
        }
    }

    /// <summary>ℓ_b and trajectory b's seeds into its worker's buffer, for a trajectory whose solve succeeded.</summary>
    private void EvaluateLoss<TLoss>(ChunkedRun<TLoss> run, int b) where TLoss : struct, ITrajectoryLoss<T>
    {
        _losses[b] = T.Zero;
        if (!_forward[b].IsSuccess) return;
        Span<T> seeds = ChunkSeeds(b);
        seeds.Clear();
        _losses[b] = run.Loss.Evaluate(b, _times.Of(b), Rows(_outputs, b), seeds);
    }

    /// <summary>Trajectory b's seeds in the buffer of the worker that has its chunk.</summary>
    private Span<T> ChunkSeeds(int b)
    {
        int chunk = b / _chunkSize, n = TDynamics.StateSize;
        int row = _times.FirstRow(b) - _times.FirstRow(chunk * _chunkSize);
        return _chunkSeeds[_chunkWorker[chunk]].AsSpan(row * n, _times.Count(b) * n);
    }

    /// <summary>Every worker's seed buffer as large as the chunk with the most output rows (on the calling thread,
    /// before the workers start).</summary>
    private void SizeChunkSeeds()
    {
        int rows = 0;
        for (int first = 0; first < TrajectoryCount; first += _chunkSize)
            rows = Math.Max(rows, _times.FirstRow(Math.Min(TrajectoryCount, first + _chunkSize)) - _times.FirstRow(first));
        int values = rows * TDynamics.StateSize;
        for (int w = 0; w < _chunkSeeds.Length; w++)
            if (_chunkSeeds[w].Length < values) _chunkSeeds[w] = new T[values];
    }

    /// <summary>
    /// Every worker's checkpoint storage grown to the largest any worker needed: which worker gets which chunk changes
    /// from call to call, so without this a later call could allocate when a worker first meets a long chunk.
    /// </summary>
    private void SizeWorkerCheckpointsAlike()
    {
        if (_workerLogs is not null)
        {
            int slots = 0;
            foreach (LaneCheckpointLog<T> log in _workerLogs) slots = Math.Max(slots, log.Capacity);
            foreach (LaneCheckpointLog<T> log in _workerLogs) log.EnsureCapacity(slots);
        }
        else if (_workers[0].Checkpoints is not null)
        {
            int capacity = 0;
            foreach (TrajectoryWorker<T, TDynamics> worker in _workers) capacity = Math.Max(capacity, worker.Checkpoints!.Capacity);
            foreach (TrajectoryWorker<T, TDynamics> worker in _workers) worker.Checkpoints!.EnsureCapacity(capacity);
        }
    }

    /// <summary>Bytes of checkpoint storage the workers hold: their lane logs, or their scalar stores.</summary>
    private long WorkerCheckpointBytes()
    {
        long bytes = 0;
        foreach (LaneCheckpointLog<T> log in _workerLogs ?? []) bytes += log.AllocatedBytes;
        if (_lanes is null)
            foreach (TrajectoryWorker<T, TDynamics> worker in _workers) bytes += worker.Checkpoints?.AllocatedBytes ?? 0;
        return bytes;
    }
}
