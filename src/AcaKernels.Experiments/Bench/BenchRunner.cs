using System.Diagnostics;
using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.Bench;

/// <summary>
/// `aca bench`: a quick speed table of this machine, not a benchmark suite. Each row is one warm-up and then
/// <see cref="BenchSettings.Repeats"/> timed samples of a forward solve and of a solve + ACA gradient, reported as
/// medians (robust to the odd descheduled sample, where a minimum would flatter). The rigorous numbers, with
/// BenchmarkDotNet's statistics, are benchmarks/AcaKernels.Benchmarks and benchmarks/RESULTS.md.
/// </summary>
public static class BenchRunner
{
    /// <summary>Engine names of the rows.</summary>
    public const string Single = "single trajectory", Scalar = "ensemble, scalar workers", Lanes = "ensemble, SIMD lanes",
        Gpu = "ensemble, GPU (GpuEnsembleSolver)";

    /// <summary>Why the GPU row is not measured: `aca` does not link the ILGPU host, whose kernels are compiled by
    /// ILGPU's JIT at run time, which Native AOT does not have.</summary>
    public const string GpuStatus = "not run by bench: the GPU ensemble runs from the AOT binary in aca ensemble --backend opencl|cuda (kernels compiled at build time)";

    private static readonly double[] Theta = [10.0, 28.0, 8.0 / 3.0];
    private static readonly OdeOptions Options = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, Gradient = GradientMethod.Aca };

    /// <summary>Measures every row; stops between rows when <paramref name="cancel"/> fires.</summary>
    /// <param name="progress">Called after each row with the rows done, their total and the row.</param>
    public static BenchReport Run(BenchSettings settings, Action<int, int, BenchRow>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        RunInfo run = RunInfo.Capture();
        string? loadBefore = LoadAverage();
        var plan = new List<Func<BenchRow>> { () => SingleTrajectory(settings) };
        foreach (int threads in settings.Threads > 1 ? [1, settings.Threads] : (int[])[1])
            plan.Add(() => Ensemble(settings, EnsembleVectorization.Never, threads));
        if (Vector512.IsHardwareAccelerated)
            foreach (int threads in settings.Threads > 1 ? [1, settings.Threads] : (int[])[1])
                plan.Add(() => Ensemble(settings, EnsembleVectorization.Auto, threads));
        else
            plan.Add(() => new BenchRow
            {
                Engine = Lanes, Threads = 1, Trajectories = settings.Trajectories,
                Status = "not on this CPU or build: Vector512 is not hardware-accelerated (no AVX-512)",
            });
        plan.Add(() => new BenchRow { Engine = Gpu, Threads = 0, Trajectories = settings.Trajectories, Status = GpuStatus });

        var rows = new List<BenchRow>(plan.Count);
        foreach (Func<BenchRow> measure in plan)
        {
            if (cancel.IsCancellationRequested) break;
            BenchRow row = measure();
            rows.Add(row);
            progress?.Invoke(rows.Count, plan.Count, row);
        }
        return new BenchReport
        {
            Run = run, Completed = rows.Count == plan.Count, LoadAverageBefore = loadBefore, LoadAverageAfter = LoadAverage(),
            Avx512 = Vector512.IsHardwareAccelerated, Repeats = settings.Repeats, Rows = rows,
        };
    }

    /// <summary>The first three fields of /proc/loadavg (1, 5 and 15-minute load), or null where it cannot be read.</summary>
    public static string? LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return null;
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 ? string.Join(' ', fields[..3]) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Start states of the ensemble: (1, 1, 1) plus small deterministic offsets, so each trajectory takes its own steps.</summary>
    public static double[] EnsembleStart(int trajectories)
    {
        var z0 = new double[trajectories * 3];
        for (int b = 0; b < trajectories; b++)
        {
            z0[3 * b] = 1.0 + 1e-5 * (b % 1000);
            z0[3 * b + 1] = 1.0 + 2e-5 * (b % 777);
            z0[3 * b + 2] = 1.0 + 3e-5 * (b % 555);
        }
        return z0;
    }

    private static BenchRow SingleTrajectory(BenchSettings settings)
    {
        var solver = new OdeSolver<double, BenchLorenz.RhsOde>(Options);
        double[] z0 = [1.0, 1.0, 1.0], times = [0.0, settings.SingleEndTime], outputs = new double[6], seeds = new double[6];
        double[] gradZ0 = new double[3], gradTheta = new double[3];
        long steps = 0;
        (double solve, double both) = Samples(settings.Repeats, () =>
        {
            solver.Solve(z0, Theta, times, outputs).ThrowIfFailed();
            steps = solver.Statistics.AcceptedSteps;
        }, () =>
        {
            for (int i = 0; i < 6; i++) seeds[i] = i < 3 ? 0 : 2 * outputs[i];
            solver.Gradient(seeds, gradZ0, gradTheta).ThrowIfFailed();
        });
        return new BenchRow
        {
            Engine = Single, Threads = 1, Trajectories = 1, Status = "measured", AcceptedSteps = steps,
            SolveSeconds = solve, SolveAndGradientSeconds = both, GradientTheta = gradTheta,
        };
    }

    private static BenchRow Ensemble(BenchSettings settings, EnsembleVectorization vectorize, int threads)
    {
        int count = settings.Trajectories;
        using var ensemble = new EnsembleSolver<double, BenchLorenz.RhsOde>(count, Options,
            new EnsembleOptions { WorkerCount = threads, Vectorize = vectorize });
        double[] z0 = EnsembleStart(count), times = [0.0, 1.0];
        double[] outputs = new double[count * 6], seeds = new double[outputs.Length];
        double[] gradZ0 = new double[z0.Length], gradTheta = new double[3];
        var solveResults = new SolveResult[count];
        var gradientResults = new GradientResult[count];
        long steps = 0;
        (double solve, double both) = Samples(settings.Repeats, () =>
        {
            EnsembleResult result = ensemble.Solve(z0, Theta, times, outputs, solveResults);
            if (!result.IsSuccess) throw new InvalidOperationException(result.Describe());
            steps = result.AcceptedSteps;
        }, () =>
        {
            for (int i = 0; i < outputs.Length; i++) seeds[i] = i % 6 < 3 ? 0 : 2 * outputs[i];
            EnsembleResult result = ensemble.Gradient(seeds, gradZ0, gradTheta, gradientResults);
            if (!result.IsSuccess) throw new InvalidOperationException(result.Describe());
        });
        return new BenchRow
        {
            Engine = ensemble.IsVectorized ? Lanes : Scalar, Threads = ensemble.WorkerCount, Trajectories = count,
            Status = "measured", AcceptedSteps = steps, SolveSeconds = solve, SolveAndGradientSeconds = both, GradientTheta = gradTheta,
        };
    }

    /// <summary>One warm-up, then <paramref name="repeats"/> timed runs of solve and of solve + gradient: their medians.</summary>
    private static (double Solve, double Both) Samples(int repeats, Action solve, Action gradient)
    {
        solve();
        gradient();
        var solves = new double[repeats];
        var boths = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            solve();
            solves[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            gradient();
            boths[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return (Median(solves), Median(boths));
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(double[] values)
    {
        if (values.Length == 0) throw new ArgumentException("no samples to take the median of.", nameof(values));
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
