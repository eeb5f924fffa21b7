using AcaKernels.Ensembles;

namespace AcaKernels.Gpu;

/// <summary>
/// Runs the host's per-trajectory pass after a kernel (status words into <c>SolveResult</c>s, gradient rows into
/// results) over chunks of trajectories, on a few threads when B is large: at B = 8 388 608 one thread spent ≈ 210 ms
/// writing a Solve's results and ≈ 140 ms a Gradient's (RESULTS §59; the H200's kernels took a tenth of that). The
/// chunks' tallies are appended in trajectory order, so every thread count gives the same result.
/// </summary>
/// <remarks>A <see cref="WorkerPool"/> made on first need (never below <see cref="ParallelThreshold"/> trajectories,
/// where the pass takes a few milliseconds at most) and no allocation per call: the body is an object the caller keeps,
/// and the spans it reads and writes reach it as pointers for the duration of <see cref="Run"/> (the caller pins them).</remarks>
internal sealed class HostTrajectoryLoop : IDisposable
{
    /// <summary>Trajectories per chunk a worker takes at a time.</summary>
    public const int ChunkSize = 32_768;

    /// <summary>Fewer trajectories than this run on the calling thread alone.</summary>
    public const int ParallelThreshold = 8 * ChunkSize;

    /// <summary>At most this many threads: the pass moves memory, and a few cores saturate the bus.</summary>
    private const int MaxWorkers = 8;

    /// <summary>One pass over trajectories [first, end), tallied.</summary>
    public abstract class Body
    {
        public abstract TrajectoryTally Run(int first, int end);
    }

    private readonly int _trajectories, _workers;
    private readonly TrajectoryTally[] _tallies;
    private readonly Action<int> _job;
    private WorkerPool? _pool;
    private Body? _body;
    private int _nextChunk;

    /// <summary>A loop over <paramref name="trajectories"/> trajectories on up to <paramref name="workers"/> threads
    /// (default: the processor count, at most 8).</summary>
    public HostTrajectoryLoop(int trajectories, int? workers = null)
    {
        _trajectories = trajectories;
        _workers = Math.Clamp(workers ?? Math.Min(Environment.ProcessorCount, MaxWorkers), 1, 64);
        _tallies = new TrajectoryTally[(trajectories + ChunkSize - 1) / ChunkSize];
        _job = Work;
    }

    /// <summary>Whether <see cref="Run"/> hands chunks to several threads.</summary>
    public bool IsParallel => _workers > 1 && _trajectories >= ParallelThreshold;

    /// <summary>Runs <paramref name="body"/> over every trajectory; the tally of all of them, in trajectory order.</summary>
    public TrajectoryTally Run(Body body)
    {
        if (!IsParallel) return body.Run(0, _trajectories);
        _pool ??= new WorkerPool(_workers, "AcaKernels GPU host pass");
        _body = body;
        _nextChunk = 0;
        try
        {
            _pool.Run(_job);
        }
        finally
        {
            _body = null;
        }
        TrajectoryTally all = TrajectoryTally.Empty;
        foreach (TrajectoryTally tally in _tallies) all.Append(tally);
        return all;
    }

    private void Work(int worker)
    {
        Body body = _body!;
        for (int chunk = Interlocked.Increment(ref _nextChunk) - 1; chunk < _tallies.Length; chunk = Interlocked.Increment(ref _nextChunk) - 1)
        {
            int first = chunk * ChunkSize;
            _tallies[chunk] = body.Run(first, Math.Min(_trajectories, first + ChunkSize));
        }
    }

    public void Dispose() => _pool?.Dispose();
}
