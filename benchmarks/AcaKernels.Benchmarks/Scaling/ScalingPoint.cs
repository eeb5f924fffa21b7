using System.Globalization;

namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// What to measure at one point of a scaling curve: which sweep it belongs to, the system, gradient method, backend
/// and precision, B trajectories and the tolerance. Passed to the child process on its command line.
/// </summary>
/// <param name="Sweep">"trajectories", "steps" or "width".</param>
/// <param name="System">"lorenz" or "mlp&lt;n&gt;" (the tanh MLP of state n, <see cref="ScalingMlp"/>).</param>
/// <param name="Method">"aca", "aca-chunked" (SolveAndGradient: its one call is timed as ForwardMs), "adjoint", "naive",
/// or "none" (forward only, nothing recorded).</param>
/// <param name="Backend">"lanes" (8 trajectories per AVX-512 vector) or "scalar" (one at a time).</param>
/// <param name="Precision">"f64" or "f32" (f32: Lorenz on the scalar engine only).</param>
/// <param name="Trajectories">B.</param>
/// <param name="RelativeTolerance">rtol; atol = rtol / 100.</param>
/// <param name="Workers">Worker threads (1 in the recorded curves: the machine is shared).</param>
public sealed record ScalingSpec(string Sweep, string System, string Method, string Backend, string Precision,
    int Trajectories, double RelativeTolerance, int Workers)
{
    /// <summary>The command-line form, parsed back by <see cref="Parse"/>.</summary>
    public string[] ToArgs() =>
    [
        Sweep, System, Method, Backend, Precision, Trajectories.ToString(CultureInfo.InvariantCulture),
        RelativeTolerance.ToString("R", CultureInfo.InvariantCulture), Workers.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Reads <see cref="ToArgs"/>'s form.</summary>
    /// <exception cref="ArgumentException">When the arguments are not that form.</exception>
    public static ScalingSpec Parse(IReadOnlyList<string> args)
    {
        if (args.Count != 8)
            throw new ArgumentException(
                $"--scaling-point takes 8 arguments (sweep system method backend precision B rtol workers), not {args.Count}.");
        return new ScalingSpec(args[0], args[1], args[2], args[3], args[4],
            int.Parse(args[5], CultureInfo.InvariantCulture), double.Parse(args[6], CultureInfo.InvariantCulture),
            int.Parse(args[7], CultureInfo.InvariantCulture));
    }

    /// <summary>The series this point belongs to in a plot, e.g. "aca lanes f64".</summary>
    public string Series => $"{Method} {Backend} {Precision}";
}

/// <summary>
/// One measured point (or one skipped, with <see cref="Skipped"/> saying why). Times are medians over the timed
/// repetitions, in milliseconds of wall time for one call on the whole ensemble. Memory, in bytes:
/// <see cref="ReportedGradientBytes"/> is the sum over trajectories of what the solver reports
/// (<c>SolverStatistics.GradientMemoryBytes</c>: ACA checkpoints, the naive tape); <see cref="FormulaBytes"/> is
/// ACA's Σ_b N_t,b·(2·8 + n·sizeof(T)), i.e. N_t·(n + 2) values per trajectory (t and h are double);
/// <see cref="CheckpointAllocatedBytes"/> what the ensemble allocated for checkpoints (spare capacity, and on the
/// lanes whole 8-lane slots for rejected and idle lanes); <see cref="FirstCallAllocatedBytes"/> the GC bytes allocated
/// from creating the solver to the end of its first solve and gradient; <see cref="SteadyAllocatedBytes"/> the GC
/// bytes of one later forward + gradient (0 expected); <see cref="PeakWorkingSetBytes"/> the child process's peak.
/// </summary>
public sealed record ScalingPoint
{
    public required ScalingSpec Spec { get; init; }
    public int StateSize { get; init; }
    public string? Skipped { get; init; }
    public long AcceptedSteps { get; init; }
    public long RejectedSteps { get; init; }
    public double StepsPerTrajectory { get; init; }
    public double ForwardMs { get; init; }
    public double GradientMs { get; init; }
    public int Repetitions { get; init; }
    public long ReportedGradientBytes { get; init; }
    public long FormulaBytes { get; init; }
    public long CheckpointAllocatedBytes { get; init; }
    public long FirstCallAllocatedBytes { get; init; }
    public long SteadyAllocatedBytes { get; init; }
    public long PeakWorkingSetBytes { get; init; }
    public bool Vectorized { get; init; }

    /// <summary>Forward + gradient (the forward alone for method none).</summary>
    public double TotalMs => ForwardMs + GradientMs;

    /// <summary>The CSV header matching <see cref="CsvLine"/>.</summary>
    public const string CsvHeader =
        "sweep,system,method,backend,precision,B,rtol,workers,n,skipped,accepted_steps,rejected_steps,steps_per_trajectory," +
        "forward_ms,gradient_ms,repetitions,reported_gradient_bytes,formula_bytes,checkpoint_allocated_bytes," +
        "first_call_allocated_bytes,steady_allocated_bytes,peak_working_set_bytes,vectorized";

    /// <summary>One CSV row (invariant culture; the skip reason quoted).</summary>
    public string CsvLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Spec.Sweep},{Spec.System},{Spec.Method},{Spec.Backend},{Spec.Precision},{Spec.Trajectories},{Spec.RelativeTolerance:R}," +
        $"{Spec.Workers},{StateSize},\"{Skipped?.Replace("\"", "'", StringComparison.Ordinal)}\",{AcceptedSteps},{RejectedSteps}," +
        $"{StepsPerTrajectory:F2},{ForwardMs:F4},{GradientMs:F4},{Repetitions},{ReportedGradientBytes},{FormulaBytes}," +
        $"{CheckpointAllocatedBytes},{FirstCallAllocatedBytes},{SteadyAllocatedBytes},{PeakWorkingSetBytes},{Vectorized}");
}
