namespace AcaKernels.Ensembles;

/// <summary>
/// How an <see cref="EnsembleSolver{T, TDynamics}"/> spreads its trajectories over threads. The numbers never
/// depend on these settings: every trajectory is solved by the same code whatever thread runs it, and the
/// shared-θ gradient is summed in trajectory order afterwards.
/// </summary>
public sealed record EnsembleOptions
{
    /// <summary>Threads that solve trajectories, the calling thread included; null (the default) for
    /// <see cref="Environment.ProcessorCount"/>. The solver starts the other threads once and keeps them.</summary>
    public int? WorkerCount { get; init; }

    /// <summary>Trajectories a worker takes at a time; null (the default) chooses from the trajectory count and
    /// the workers (small enough for every worker to get several chunks, at most 64).</summary>
    public int? ChunkSize { get; init; }

    internal int ResolveWorkers()
    {
        int workers = WorkerCount ?? Environment.ProcessorCount;
        if (workers < 1)
            throw new ArgumentException($"EnsembleOptions.WorkerCount is {workers}; it must be at least 1 (or null for all cores).", nameof(WorkerCount));
        return workers;
    }

    internal int ResolveChunkSize(int trajectories, int workers)
    {
        if (ChunkSize is { } size)
        {
            if (size < 1)
                throw new ArgumentException($"EnsembleOptions.ChunkSize is {size}; it must be at least 1 (or null to choose).", nameof(ChunkSize));
            return size;
        }
        return Math.Clamp(trajectories / (8 * workers), 1, 64);
    }
}
