using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using AcaKernels.Solving;
using AcaKernels.Lanes;

namespace AcaKernels.Ensembles;

// The work behind the public calls: copying the inputs, pinning the caller's spans for the workers, handing out
// chunks of trajectories, the ordered reduction of a shared-θ gradient, and the argument checks.
public sealed unsafe partial class EnsembleSolver<T, TDynamics>
{
    // The caller's spans, pinned for the duration of one call so the workers (other threads) can write them.
    private T* _outputs, _seeds, _gradZ0, _gradP;
    private SolveResult* _solveResults;
    private GradientResult* _gradientResults;
    private bool _sharedGradP;

    private EnsembleResult SolveAll(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, Span<T> outputs, Span<SolveResult> results)
    {
        _solved = false;
        z0.CopyTo(_z0);
        CopyParameters(p);
        _sharedP = sharedP;
        // Every worker's checkpoint store as large as the longest trajectory so far: with chunks handed out
        // dynamically, a worker may meet that trajectory only in a later solve, and must not grow (allocate) then.
        PrepareWorkers();
        fixed (T* o = outputs)
        fixed (SolveResult* r = results)
        {
            _outputs = o;
            _solveResults = r;
            try
            {
                RunChunks(_solveJob);
            }
            finally
            {
                _outputs = null;
                _solveResults = null;
            }
        }
        _solved = true;
        return EnsembleResult.Summarize(_forward);
    }

    private EnsembleResult GradientAll(ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP, bool sharedGradP,
        Span<GradientResult> results)
    {
        int m = TDynamics.ParameterSize, trajectories = TrajectoryCount;
        _sharedGradP = sharedGradP;
        if (sharedGradP && _gradPRows.Length < trajectories * m) _gradPRows = new T[trajectories * m];
        PrepareWorkers();
        fixed (T* s = seeds)
        fixed (T* z = gradZ0)
        fixed (T* g = gradP)
        fixed (GradientResult* r = results)
        {
            _seeds = s;
            _gradZ0 = z;
            _gradP = g;
            _gradientResults = r;
            try
            {
                RunChunks(_gradientJob);
            }
            finally
            {
                _seeds = _gradZ0 = _gradP = null;
                _gradientResults = null;
            }
        }
        if (sharedGradP) SumSharedParameterGradient(gradP);
        return EnsembleResult.Summarize(_backward);
    }

    /// <summary>Sizes every worker for the largest trajectory first, so that no worker grows (allocates) later
    /// depending on which trajectories it happens to get.</summary>
    private void PrepareWorkers()
    {
        // The lane engine keeps no per-worker checkpoint storage (its logs are per chunk).
        if (_lanes is not null) return;
        int checkpoints = _arena?.MaxCount ?? 0, outputValues = _times.MaxCount * TDynamics.StateSize;
        foreach (TrajectoryWorker<T, TDynamics> worker in _workers) worker.Prepare(checkpoints, outputValues);
    }

    /// <summary>Σ_b ∂L/∂θ_b over the trajectories that succeeded, in <see cref="ParameterGradientSum"/>'s fixed order
    /// (never in the order workers finished), so the sum is the same bits with any number of threads and equals the GPU
    /// solvers' on the same rows.</summary>
    private void SumSharedParameterGradient(Span<T> gradP)
    {
        int m = TDynamics.ParameterSize, blocks = ParameterGradientSum.BlockCount(TrajectoryCount) * m;
        if (_gradPBlocks.Length < blocks) _gradPBlocks = new T[blocks];
        ParameterGradientSum.SumBlocks<T>(_gradPRows, _backward.AsSpan(0, TrajectoryCount), m, _gradPBlocks);
        ParameterGradientSum.SumOfBlocks<T>(_gradPBlocks, TrajectoryCount, m, gradP);
    }

    private void RunChunks(Action<int> job)
    {
        _nextChunk = 0;
        _pool.Run(job);
    }

    /// <summary>The next chunk's trajectories [first, end), or false when every chunk is taken.</summary>
    private bool NextChunk(out int chunk, out int first, out int end)
    {
        chunk = Interlocked.Increment(ref _nextChunk) - 1;
        first = chunk * _chunkSize;
        end = Math.Min(TrajectoryCount, first + _chunkSize);
        return chunk < _chunkCount;
    }

    private ReadOnlySpan<T> InitialState(int b) => _z0.AsSpan(b * TDynamics.StateSize, TDynamics.StateSize);

    /// <summary>Keeps the call's θ. A shared θ needs m values; the B·m buffer of one θ per trajectory is made by the
    /// first call that passes one (then kept, so later calls allocate nothing): a solver that only ever shares θ, a
    /// neural ODE's usual case, never holds B·m values (1.3 GB for 162 weights at B = 10⁶).</summary>
    private void CopyParameters(ReadOnlySpan<T> p)
    {
        if (_p.Length < p.Length) _p = new T[p.Length];
        p.CopyTo(_p);
    }

    private ReadOnlySpan<T> Parameters(int b) =>
        _p.AsSpan(_sharedP ? 0 : b * TDynamics.ParameterSize, TDynamics.ParameterSize);

    private Span<T> Rows(T* block, int b) =>
        new(block + (long)_times.FirstRow(b) * TDynamics.StateSize, _times.Count(b) * TDynamics.StateSize);

    private void SolveChunks(int worker)
    {
        TrajectoryWorker<T, TDynamics> engine = _workers[worker];
        while (NextChunk(out int chunk, out int first, out int end))
        {
            _arena?.ResetChunk(chunk);
            if (_lanes is not null)
            {
                _lanes[worker].Solve(this, first, end, _logs?[chunk]);
                continue;
            }
            for (int b = first; b < end; b++)
            {
                SolveResult result = engine.Solve(InitialState(b), Parameters(b), _times.Of(b), Rows(_outputs, b));
                Keep(b, result, engine.Checkpoints);
            }
        }
    }

    /// <summary>Trajectory b's forward result: its checkpoints into the arena (ACA), its status into the results.</summary>
    private void Keep(int b, SolveResult result, Gradients.CheckpointStore<T>? checkpoints)
    {
        if (_arena is not null)
        {
            if (!result.IsSuccess) _arena.Forget(b);
            else if (!_arena.Save(b, checkpoints!)) result = OverArenaShare(result);
        }
        _forward[b] = result;
        if (_solveResults != null) _solveResults[b] = result;
    }

    /// <summary>A solve that succeeded but whose checkpoints pass its chunk's share of the memory limit.</summary>
    private static SolveResult OverArenaShare(in SolveResult solved) =>
        SolveResult.Failure(OdeStatus.GradientMemoryLimitExceeded, solved.Time, solved.Step, -1, solved.Statistics);

    private void GradientChunks(int worker)
    {
        TrajectoryWorker<T, TDynamics> engine = _workers[worker];
        while (NextChunk(out int chunk, out int first, out int end))
        {
            if (_lanes is not null)
            {
                _lanes[worker].Gradient(this, first, end, _logs![chunk]);
                continue;
            }
            for (int b = first; b < end; b++)
            {
                if (!Differentiable(b)) continue;
                if (_arena is not null) _arena.Load(b, engine.Checkpoints!);
                GradientResult result = engine.Gradient(_forward[b], InitialState(b), Parameters(b), _times.Of(b), Rows(_seeds, b),
                    GradZ0Row(b), GradPRow(b));
                _backward[b] = result.Result;
                if (_gradientResults != null) _gradientResults[b] = result;
            }
        }
    }

    private Span<T> GradZ0Row(int b) => new(_gradZ0 + (long)b * TDynamics.StateSize, TDynamics.StateSize);

    private Span<T> GradPRow(int b) => _sharedGradP
        ? _gradPRows.AsSpan(b * TDynamics.ParameterSize, TDynamics.ParameterSize)
        : new Span<T>(_gradP + (long)b * TDynamics.ParameterSize, TDynamics.ParameterSize);

    /// <summary>Whether trajectory b has a forward solve to differentiate; if not, marks its rows and result.</summary>
    private bool Differentiable(int b)
    {
        if (_solved && _forward[b].IsSuccess) return true;
        // Nothing to differentiate: NaN marks the rows as unusable; a shared sum skips this trajectory.
        GradZ0Row(b).Fill(T.NaN);
        GradPRow(b).Fill(T.NaN);
        var result = new GradientResult(
            new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, _forward[b].Statistics)
            {
                Cause = _solved ? _forward[b].Status : OdeStatus.NoForwardSolve,
            }, double.NaN, double.NaN);
        _backward[b] = result.Result;
        if (_gradientResults != null) _gradientResults[b] = result;
        return false;
    }

    // What the lane engine reads and hands back (ILaneEnsemble): the same bookkeeping as the scalar loops above.
    ReadOnlySpan<T> ILaneEnsemble<T>.InitialState(int b) => InitialState(b);
    ReadOnlySpan<T> ILaneEnsemble<T>.Parameters(int b) => Parameters(b);
    ReadOnlySpan<double> ILaneEnsemble<T>.TimesOf(int b) => _times.Of(b);
    Span<T> ILaneEnsemble<T>.OutputsOf(int b) => Rows(_outputs, b);
    ReadOnlySpan<T> ILaneEnsemble<T>.SeedsOf(int b) => _chunked ? ChunkSeeds(b) : Rows(_seeds, b);

    void ILaneEnsemble<T>.Solved(int b, in SolveResult result, bool checkpointsLost)
    {
        _forward[b] = checkpointsLost && result.IsSuccess ? OverArenaShare(result) : result;
        if (_solveResults != null) _solveResults[b] = _forward[b];
    }

    bool ILaneEnsemble<T>.BeginGradient(int b, out SolveResult forward)
    {
        forward = _forward[b];
        return Differentiable(b);
    }

    // The rows of one trajectory lie far from the last one's (its lane ran it dozens of steps ago, and the arrays hold
    // all B): without this, each trajectory's first touches waited for memory in the middle of the backward sweep.
    void ILaneEnsemble<T>.PrefetchGradient(int b)
    {
        if (!Sse.IsSupported) return;
        // The managed arrays are not pinned: a collection may move them after the address is taken, and then the
        // prefetch only misses (a prefetch never faults).
        Prefetch(Unsafe.AsPointer(ref _forward[b]), sizeof(SolveResult));
        Prefetch(Unsafe.AsPointer(ref _backward[b]), sizeof(SolveResult));
        if (_gradientResults != null) Prefetch(_gradientResults + b, sizeof(GradientResult));
        Prefetch(_gradZ0 + (long)b * TDynamics.StateSize, TDynamics.StateSize * sizeof(T));
        Span<T> gradP = GradPRow(b);
        if (!gradP.IsEmpty) Prefetch(Unsafe.AsPointer(ref gradP[0]), gradP.Length * sizeof(T));
        if (!_chunked) Prefetch(_seeds + (long)_times.FirstRow(b) * TDynamics.StateSize, _times.Count(b) * TDynamics.StateSize * sizeof(T));
    }

    /// <summary>Asks the cache for the lines of [address, address + bytes).</summary>
    private static void Prefetch(void* address, int bytes)
    {
        nuint first = (nuint)address & ~(nuint)63, end = (nuint)address + (nuint)bytes;
        for (nuint line = first; line < end; line += 64) Sse.Prefetch0((void*)line);
    }

    void ILaneEnsemble<T>.Differentiated(int b, ReadOnlySpan<T> gradZ0, ReadOnlySpan<T> gradP, in GradientResult result)
    {
        gradZ0.CopyTo(GradZ0Row(b));
        gradP.CopyTo(GradPRow(b));
        _backward[b] = result.Result;
        if (_gradientResults != null) _gradientResults[b] = result;
    }

    // A NaN or infinite z₀ or θ is misuse here (an exception naming trajectory and element), unlike on the GPU.
    private bool CheckSolve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results) =>
        EnsembleChecks.SolveArguments(z0, p, times, outputs, results, TrajectoryCount, TDynamics.StateSize, TDynamics.ParameterSize,
            refuseNonFinite: true);

    private bool CheckSolve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results) =>
        EnsembleChecks.SolveArguments(z0, p, times, timeOffsets, outputs, results, TrajectoryCount, TDynamics.StateSize,
            TDynamics.ParameterSize, refuseNonFinite: true);

    // One interlocked exchange per call, as OdeSolver: a second thread entering while the first is inside
    // finds 1 and throws, instead of both writing the same buffers.
    private void Enter()
    {
        // Checked before any argument, so a disposed solver names itself, not its internal worker pool.
        if (_pool.IsDisposed) ThrowDisposed();
        if (Interlocked.Exchange(ref _busy, 1) != 0) ThrowOverlapping();
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(
        $"EnsembleSolver<{typeof(T).Name}, {typeof(TDynamics).Name}>",
        "This ensemble solver was disposed (its worker threads have ended); create a new one to solve again.");

    private void Exit() => Volatile.Write(ref _busy, 0);

    private static void ThrowOverlapping() => throw new InvalidOperationException(
        $"EnsembleSolver<{typeof(T).Name}, {typeof(TDynamics).Name}> is already running a Solve or Gradient on another thread. " +
        "It owns mutable buffers (and already uses several threads itself): create one ensemble solver per calling thread.");
}
