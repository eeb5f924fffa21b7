namespace AcaKernels.Experiments.Bench;

/// <summary>
/// The sizes of `aca bench`. Lorenz-63 (σ, ρ, β) = (10, 28, 8/3), Dormand-Prince 5(4) at rtol 1e-6, atol 1e-8; one
/// trajectory from (1, 1, 1) over [0, <see cref="SingleEndTime"/>], and an ensemble of <see cref="Trajectories"/>
/// trajectories spread around (1, 1, 1) over [0, 1]; L = Σ |z(t_end)|² for the ACA gradient.
/// </summary>
public sealed record BenchSettings
{
    /// <summary>Trajectories of the ensemble rows.</summary>
    public int Trajectories { get; init; } = 16_384;

    /// <summary>Timed samples of every row after one warm-up; the median is reported.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Threads of the multi-threaded ensemble rows (rows for 1 thread are always there).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>End time of the single-trajectory solve: long enough for ~1000 steps, so a sample is not a timer tick.</summary>
    public double SingleEndTime { get; init; } = 10.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting out of range.</summary>
    public void Validate()
    {
        if (Trajectories < 1 || Trajectories > 16_777_216)
            throw new ArgumentException($"trajectories = {Trajectories} is not in [1, 16777216].");
        if (Repeats < 1 || Repeats > 1000) throw new ArgumentException($"repeats = {Repeats} is not in [1, 1000].");
        if (Threads < 1 || Threads > 1024) throw new ArgumentException($"threads = {Threads} is not in [1, 1024].");
        if (!(SingleEndTime > 0 && SingleEndTime <= 100))
            throw new ArgumentException($"single-trajectory end time {SingleEndTime} is not in (0, 100].");
    }
}
