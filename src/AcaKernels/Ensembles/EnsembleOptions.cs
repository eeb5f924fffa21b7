namespace AcaKernels.Ensembles;

/// <summary>
/// How an <see cref="EnsembleSolver{T, TDynamics}"/> spreads its trajectories over threads. The numbers never
/// depend on these settings: every trajectory is solved by the same code whatever thread runs it, and the
/// shared-θ gradient is summed in one fixed order afterwards (ParameterGradientSum: blocks of 1024 trajectories).
/// </summary>
public sealed record EnsembleOptions
{
    /// <summary>Threads that solve trajectories, the calling thread included; null (the default) for
    /// <see cref="Environment.ProcessorCount"/>. The solver starts the other threads once and keeps them.</summary>
    public int? WorkerCount { get; init; }

    /// <summary>Trajectories a worker takes at a time; null (the default) for B / 64 clamped to [1, 64] on the
    /// scalar engine and to [8, 64] on the lane engine (a chunk fills at least one vector), which depends on B and
    /// the engine alone. The chunk is also the unit of the ACA checkpoint arena (see
    /// <see cref="EnsembleSolver{T, TDynamics}"/>), so it is never derived from the thread count. The lane engine
    /// runs a chunk eight trajectories at a time and refills a lane as its trajectory ends, so chunks of fewer than
    /// eight leave lanes idle, and each chunk ends with a tail where lanes run out of trajectories. A value above B
    /// makes one chunk of all B trajectories.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>Whether trajectories run eight to a SIMD vector (<see cref="EnsembleVectorization.Auto"/>, the
    /// default) or one at a time; the results are identical, only the speed differs.</summary>
    public EnsembleVectorization Vectorize { get; init; } = EnsembleVectorization.Auto;

    internal int ResolveWorkers()
    {
        int workers = WorkerCount ?? Environment.ProcessorCount;
        if (workers < 1)
            throw new ArgumentException($"EnsembleOptions.WorkerCount is {workers}; it must be at least 1 (or null for all cores).", nameof(WorkerCount));
        return workers;
    }

    internal int ResolveChunkSize(int trajectories, bool lanes)
    {
        if (ChunkSize is { } size)
        {
            if (size < 1)
                throw new ArgumentException($"EnsembleOptions.ChunkSize is {size}; it must be at least 1 (or null to choose).", nameof(ChunkSize));
            // A chunk never holds more than B (and B + size − 1, the chunk count's numerator, must not overflow).
            return Math.Min(size, trajectories);
        }
        return Math.Clamp(trajectories / 64, lanes ? 8 : 1, 64);
    }
}
