using System.Numerics;
using System.Runtime.Intrinsics;
using AcaKernels.Gradients;
using AcaKernels.Lanes;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// Solves and differentiates B trajectories of dz/dt = f(t, z, θ) at once, each with its own initial state, its
/// own adaptive steps, status and statistics; θ shared by all trajectories (its gradient is the sum over them)
/// or one θ per trajectory; output times shared or per trajectory (irregularly sampled series). Results go into
/// spans the caller owns, laid out trajectory after trajectory exactly as <see cref="OdeSolver{T, TDynamics}"/>
/// lays out one trajectory.
/// </summary>
/// <remarks>
/// <para>With T = double, an adaptive method, ACA or no gradient and AVX-512, trajectories run eight at a time in
/// SIMD lanes (<see cref="EnsembleOptions.Vectorize"/>), each lane with its own steps, and a finished lane takes the
/// chunk's next trajectory; the per-step decisions are the scalar integrator's in vector form with the same bits.
/// Otherwise every trajectory runs on the scalar engine of <see cref="OdeSolver{T, TDynamics}"/>. Either way each
/// trajectory's outputs and gradients equal a single solver's bit for bit. Workers
/// (threads created once, see <see cref="EnsembleOptions"/>) take chunks of trajectories; nothing depends on which
/// worker ran what, and the shared-θ gradient is summed in one fixed order after all have finished (ParameterGradientSum:
/// trajectory order within blocks of 1024, then the blocks in order; the GPU solvers' order too), so results
/// are identical whatever the thread count. After warm-up, Solve and Gradient allocate nothing (ACA and forward-only
/// with any number of workers; naive and adjoint keep per-worker buffers that grow until each worker has met the
/// longest trajectory, so with several workers warm-up may take more than one call).</para>
/// <para>A trajectory that fails (non-finite state, too many steps, step underflow, gradient memory) gets its own
/// status with time, step and component, its outputs not reached are NaN, and the other trajectories are
/// untouched. Its Gradient is <see cref="OdeStatus.NoForwardSolve"/>, with NaN in its ∂L/∂z₀ (and its ∂L/∂θ row
/// when per trajectory); it adds nothing to a shared ∂L/∂θ.</para>
/// <para>With <see cref="GradientMethod.Aca"/> the solver keeps every trajectory's checkpoints between Solve and
/// Gradient per chunk of trajectories, grown by doubling: on the scalar engine in an arena of per-trajectory entries,
/// on the lane engine in a log of one slot per trial step of the chunk's lanes (whole vectors, see
/// <c>LaneCheckpointLog</c>). <see cref="OdeOptions.GradientMemoryLimit"/> bounds all chunks together, not each
/// trajectory: a chunk may hold its trajectories' share (limit × its trajectories / B bytes). On the scalar engine a
/// trajectory whose checkpoints pass that share keeps its outputs but fails with
/// <see cref="OdeStatus.GradientMemoryLimitExceeded"/> (the trajectories saved first keep theirs); on the lane engine
/// the steps after the share is used up are not recorded, and every trajectory that loses a step keeps its outputs
/// and fails the same way. A lane slot holds eight lanes whether they accept, reject or idle, so under the same limit
/// the lanes keep fewer checkpoints than the scalar arena when lanes idle (chunks of fewer than eight trajectories)
/// or reject often; raise the limit with B. Each trajectory is also limited exactly as a single solver's store
/// (<see cref="OdeOptions.CheckpointCapacity"/>, <see cref="OdeOptions.CheckpointGrowth"/>), with the same status.
/// Which trajectories fail when a share binds depends only on the chunk's trajectories, never on the threads.
/// The naive and adjoint methods repeat each
/// trajectory's forward solve inside Gradient instead of keeping a tape or outputs per trajectory.</para>
/// <para>For a loss that is a sum of per-trajectory terms (<see cref="ITrajectoryLoss{T}"/>),
/// <see cref="SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>
/// solves and differentiates chunk by chunk with the same bits as Solve + Gradient, each worker reusing one
/// checkpoint log for all its chunks: ACA's memory is per worker instead of per trajectory, and the backward sweep
/// reads checkpoints that are still in cache.</para>
/// <para>Not thread-safe: overlapping calls throw <see cref="InvalidOperationException"/>. Dispose it to end its
/// worker threads.</para>
/// </remarks>
/// <example><code>
/// // 1000 Lorenz trajectories, shared θ, shared output times 0, 0.5, 1.
/// using var ensemble = new EnsembleSolver&lt;double, Lorenz.RhsOde&gt;(1000, new OdeOptions { RelativeTolerance = 1e-6 });
/// var z0 = new double[1000 * 3];                   // trajectory b's state at z0[3b .. 3b + 3)
/// double[] theta = [10, 28, 8.0 / 3], times = [0, 0.5, 1];
/// var outputs = new double[1000 * times.Length * 3]; // trajectory b's outputs from row b·3
/// var results = new SolveResult[1000];
/// ensemble.Solve(z0, theta, times, outputs, results).ThrowIfFailed();
/// var seeds = new double[outputs.Length];            // ∂L/∂outputs, laid out like the outputs
/// var gradZ0 = new double[1000 * 3];
/// var gradTheta = new double[3];                     // length m: the sum over trajectories; B·m: one row each
/// ensemble.Gradient(seeds, gradZ0, gradTheta, new GradientResult[1000]).ThrowIfFailed();
/// </code></example>
public sealed unsafe partial class EnsembleSolver<T, TDynamics> : IDisposable, ILaneEnsemble<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly WorkerPool _pool;
    private readonly TrajectoryWorker<T, TDynamics>[] _workers;
    private readonly LaneEngine<T, TDynamics>[]? _lanes;
    private readonly CheckpointArena<T>? _arena;      // ACA on the scalar engine
    private readonly LaneCheckpointLog<T>[]? _logs;   // ACA on the lane engine: one log per chunk
    private readonly EnsembleTimes _times;
    private readonly T[] _z0;
    private T[] _p; // θ of the last call: m values, grown to B·m by the first call with one θ per trajectory
    private readonly SolveResult[] _forward, _backward;
    private readonly int _chunkSize, _chunkCount;
    private readonly Action<int> _solveJob, _gradientJob;
    private T[] _gradPRows = [];
    private T[] _gradPBlocks = []; // ParameterGradientSum's block sums of _gradPRows
    private bool _sharedP, _solved;
    private int _nextChunk, _busy;

    /// <summary>Creates a solver for <paramref name="trajectories"/> trajectories, allocates its buffers and
    /// starts its worker threads.</summary>
    /// <exception cref="ArgumentException">When an option cannot work or the sizes do not fit in memory.</exception>
    public EnsembleSolver(int trajectories, OdeOptions? options = null, EnsembleOptions? ensembleOptions = null)
    {
        Options = options ?? new OdeOptions();
        EnsembleOptions = ensembleOptions ?? new EnsembleOptions();
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        if (n <= 0) throw new ArgumentException($"{typeof(TDynamics).Name}.StateSize must be positive, not {n}.");
        if (m < 0) throw new ArgumentException($"{typeof(TDynamics).Name}.ParameterSize must not be negative, not {m}.");
        if (trajectories < 1)
            throw new ArgumentOutOfRangeException(nameof(trajectories), trajectories, "An ensemble needs at least one trajectory.");
        if ((long)trajectories * Math.Max(n, m) > Array.MaxLength)
            throw new ArgumentException(
                $"{trajectories} trajectories × {Math.Max(n, m)} values do not fit in one array; split the ensemble.", nameof(trajectories));
        TrajectoryCount = trajectories;

        int workers = EnsembleOptions.ResolveWorkers();
        Options.Validate<T>(n); // before UsesLanes reads the method (the workers' workspaces validate again)
        bool lanes = UsesLanes(Options, EnsembleOptions);
        _chunkSize = EnsembleOptions.ResolveChunkSize(trajectories, lanes);
        _chunkCount = (trajectories + _chunkSize - 1) / _chunkSize;
        workers = Math.Min(workers, _chunkCount); // a worker without a chunk would only wait
        _workers = new TrajectoryWorker<T, TDynamics>[workers];
        for (int w = 0; w < workers; w++) _workers[w] = new TrajectoryWorker<T, TDynamics>(Options);
        if (lanes)
        {
            _lanes = new LaneEngine<T, TDynamics>[workers];
            for (int w = 0; w < workers; w++) _lanes[w] = new LaneEngine<T, TDynamics>(Options);
        }
        if (Options.Gradient == GradientMethod.Aca)
        {
            if (lanes)
            {
                _logs = new LaneCheckpointLog<T>[_chunkCount];
                for (int c = 0; c < _chunkCount; c++)
                {
                    int first = c * _chunkSize, size = Math.Min(_chunkSize, trajectories - first);
                    _logs[c] = new LaneCheckpointLog<T>(n, first, size,
                        CheckpointArena<T>.ChunkShare(Options.GradientMemoryLimit, trajectories, size));
                }
            }
            else
            {
                _arena = new CheckpointArena<T>(n, trajectories, _chunkSize, Options.GradientMemoryLimit);
            }
        }
        // SolveAndGradient's per-worker storage: empty until a call needs it (the logs grow on first use).
        if (lanes && Options.Gradient == GradientMethod.Aca)
        {
            _workerLogs = new LaneCheckpointLog<T>[workers];
            for (int w = 0; w < workers; w++) _workerLogs[w] = new LaneCheckpointLog<T>(n, 0, _chunkSize, 0);
        }
        _chunkSeeds = new T[workers][];
        for (int w = 0; w < workers; w++) _chunkSeeds[w] = [];
        _chunkWorker = new int[_chunkCount];
        _times = new EnsembleTimes(trajectories);
        _z0 = new T[trajectories * n];
        _p = new T[m];
        _forward = new SolveResult[trajectories];
        _backward = new SolveResult[trajectories];
        _solveJob = SolveChunks;
        _gradientJob = GradientChunks;
        _pool = new WorkerPool(workers, $"EnsembleSolver<{typeof(T).Name}, {typeof(TDynamics).Name}>");
    }

    /// <summary>The settings every trajectory is solved with.</summary>
    public OdeOptions Options { get; }

    /// <summary>Threads and chunks.</summary>
    public EnsembleOptions EnsembleOptions { get; }

    /// <summary>Trajectories B.</summary>
    public int TrajectoryCount { get; }

    /// <summary>Whether trajectories run in SIMD lanes (see <see cref="EnsembleOptions.Vectorize"/>).</summary>
    public bool IsVectorized => _lanes is not null;

    /// <summary>
    /// Bytes allocated for ACA checkpoints (0 for other methods), spare capacity from doubling included: what Solve
    /// keeps for Gradient (the scalar engine's arena, or the lane engine's per-chunk logs) plus what the workers hold
    /// (each scalar worker's store of one trajectory, or each worker's lane log that
    /// <see cref="SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>
    /// reuses chunk after chunk). Each trajectory's <see cref="SolverStatistics.GradientMemoryBytes"/> reports what
    /// its checkpoints need, N_t·(2·8 + n·sizeof(T)); this is what the solver holds for them, for memory measurements
    /// (benchmarks/scaling).
    /// </summary>
    public long CheckpointBytesAllocated
    {
        get
        {
            long bytes = _arena?.AllocatedBytes ?? 0;
            foreach (LaneCheckpointLog<T> log in _logs ?? []) bytes += log.AllocatedBytes;
            return bytes + WorkerCheckpointBytes();
        }
    }

    /// <summary>Threads that solve trajectories, the calling thread included (at most one per chunk).</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>State size n.</summary>
    public static int StateSize => TDynamics.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TDynamics.ParameterSize;

    /// <summary>
    /// Solves every trajectory through the same output times (strictly monotone, at least two). z0 holds B
    /// states (trajectory b's at [b·n, (b+1)·n)); p holds one shared θ (length m) or one per trajectory (B·m).
    /// Trajectory b writes z(times[k]) at outputs[(b·K + k)·n ..] (K = times.Length) and its result at results[b]
    /// (results may be empty: then only the returned aggregate reports the trajectories).
    /// </summary>
    /// <returns>The aggregate: how many failed, the first failure, summed counters.</returns>
    /// <exception cref="ArgumentException">Sizes that do not match; times not finite or not strictly monotone;
    /// a NaN or infinite element of z0 or p (named by trajectory and element).</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = CheckSolve(z0, p, times, outputs, results);
            _times.SetShared(times);
            return SolveAll(z0, p, sharedP, outputs, results);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Solves every trajectory through its own output times: trajectory b's times are
    /// times[timeOffsets[b] .. timeOffsets[b+1]) (compressed rows: B + 1 offsets from 0 to times.Length, each
    /// trajectory at least two times, strictly monotone), and its outputs are the same rows of outputs
    /// (outputs[timeOffsets[b]·n ..]). Otherwise as the shared-times overload.
    /// </summary>
    /// <returns>The aggregate: how many failed, the first failure, summed counters.</returns>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = CheckSolve(z0, p, times, timeOffsets, outputs, results);
            _times.SetPerTrajectory(times, timeOffsets);
            return SolveAll(z0, p, sharedP, outputs, results);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Differentiates the last <see cref="Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult})"/>
    /// with <see cref="OdeOptions.Gradient"/>, trajectory by trajectory. Given the seeds ∂L/∂z(t_k) laid out like
    /// the outputs, writes ∂L/∂z₀ of trajectory b at gradZ0[b·n ..], and ∂L/∂θ either summed over the trajectories
    /// (gradP of length m, in one fixed order whatever the threads: trajectory order up to 1024 trajectories, see
    /// ParameterGradientSum) or per trajectory (length B·m, row b at
    /// gradP[b·m ..]). results[b] holds trajectory b's status and ∂L/∂t₀, ∂L/∂t_end (results may be empty: the
    /// returned aggregate only).
    /// </summary>
    /// <returns>The aggregate; trajectories whose solve failed are <see cref="OdeStatus.NoForwardSolve"/>.</returns>
    /// <exception cref="ArgumentException">Sizes that do not match the last solve; overlapping spans.</exception>
    /// <exception cref="InvalidOperationException">On a solver built with <see cref="GradientMethod.None"/>, or
    /// when another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        Enter();
        try
        {
            int n = TDynamics.StateSize, m = TDynamics.ParameterSize, trajectories = TrajectoryCount;
            if (!_workers[0].Differentiates) throw NoGradient<T, TDynamics>.NotDifferentiable();
            bool sharedGradP = EnsembleChecks.GradientLengths(outputGradients, gradZ0, gradP, results, trajectories, n, m,
                _solved ? _times.TotalRows : -1);
            return GradientAll(outputGradients, gradZ0, gradP, sharedGradP, results);
        }
        finally
        {
            Exit();
        }
    }

    private static bool UsesLanes(OdeOptions options, EnsembleOptions ensembleOptions) =>
        ensembleOptions.Vectorize == EnsembleVectorization.Auto && typeof(T) == typeof(double) && options.IsAdaptive
        && options.Gradient is GradientMethod.Aca or GradientMethod.None && Vector512.IsHardwareAccelerated;

    /// <summary>Bytes allocated so far on the solver's own threads (the calling thread and its workers; see
    /// <see cref="WorkerPool.AllocatedBytes"/>), for allocation tests.</summary>
    internal long AllocatedBytesOnOwnThreads() => _pool.AllocatedBytes();

    /// <summary>Ends the worker threads. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _pool.Dispose();
        GC.SuppressFinalize(this);
    }

    // The worker threads hold only the pool, never this solver, so a solver nobody disposed is still collected;
    // ending its threads here keeps them from waiting forever.
    /// <summary>Ends the worker threads of a solver that was not disposed.</summary>
    ~EnsembleSolver() => _pool?.Dispose(); // null when the constructor threw before starting the threads
}
