using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Bench;

/// <summary>Everything `aca bench` measured: the JSON document (schema: Schemas/bench.schema.json).</summary>
public sealed record BenchReport
{
    /// <summary>Always "bench".</summary>
    public string Experiment { get; init; } = "bench";
    /// <summary>Where and when.</summary>
    public required RunInfo Run { get; init; }
    /// <summary>False when the run was stopped (Ctrl-C) before every row was measured.</summary>
    public required bool Completed { get; init; }
    /// <summary>/proc/loadavg before the first row (null where there is none): timings on a loaded machine mean little.</summary>
    public string? LoadAverageBefore { get; init; }
    /// <summary>/proc/loadavg after the last row.</summary>
    public string? LoadAverageAfter { get; init; }
    /// <summary>Whether Vector512 is hardware-accelerated in this build (the SIMD lane engine can run).</summary>
    public required bool Avx512 { get; init; }
    /// <summary>Timed samples per row.</summary>
    public required int Repeats { get; init; }
    /// <summary>One row per engine and thread count, in the order measured.</summary>
    public required IReadOnlyList<BenchRow> Rows { get; init; }
}

/// <summary>One configuration: medians of the forward solve and of the solve + ACA gradient, or why it did not run.</summary>
public sealed record BenchRow
{
    /// <summary>"single trajectory", "ensemble, scalar workers", "ensemble, SIMD lanes", "ensemble, GPU".</summary>
    public required string Engine { get; init; }
    /// <summary>Threads used.</summary>
    public required int Threads { get; init; }
    /// <summary>Trajectories solved per sample.</summary>
    public required int Trajectories { get; init; }
    /// <summary>"measured", or why the row was not measured.</summary>
    public required string Status { get; init; }
    /// <summary>Accepted steps per sample, all trajectories.</summary>
    public long AcceptedSteps { get; init; }
    /// <summary>Median wall time of the forward solve, seconds.</summary>
    public double? SolveSeconds { get; init; }
    /// <summary>Median wall time of the forward solve + ACA gradient, seconds.</summary>
    public double? SolveAndGradientSeconds { get; init; }
    /// <summary>∂L/∂θ by ACA (summed over the trajectories): the same numbers from every engine.</summary>
    public IReadOnlyList<double>? GradientTheta { get; init; }
}
