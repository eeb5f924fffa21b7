using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// <c>--scaling [--full] [--sweeps trajectories,steps,width] [--out DIR] [--workers W] [--memory-cap-gb G] [--point-cap-s S]</c>: runs every point of
/// <see cref="ScalingPlan"/>, each in a child process (<c>--scaling-point</c>) so that its peak working set is its
/// own, and writes DIR/results/scaling.csv and .json and the plots (<see cref="ScalingPlots"/>). Within a series it
/// extrapolates the next point's peak memory and time linearly in the work from the last point, and skips that
/// point and the rest of the series, with the reason in the results, when either would pass its cap.
/// </summary>
internal static class ScalingDriver
{
    private const string PointPrefix = "SCALING-POINT ";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly string[] SweepOrder = ["trajectories", "steps", "width"];

    public static int Run(string[] args)
    {
        bool full = args.Contains("--full");
        string outDir = Option(args, "--out") ?? "benchmarks/scaling";
        int workers = int.Parse(Option(args, "--workers") ?? "1", CultureInfo.InvariantCulture);
        double capGb = double.Parse(Option(args, "--memory-cap-gb") ?? Format(AvailableGb() / 2), CultureInfo.InvariantCulture);
        double pointCapSeconds = double.Parse(Option(args, "--point-cap-s") ?? (full ? "300" : "25"), CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scaling: {(full ? "full" : "quick")} plan, {workers} worker(s), memory cap {capGb:F1} GB per point, time cap {pointCapSeconds} s per point"));

        string results = Path.Combine(outDir, "results");
        string json = Path.Combine(results, "scaling.json");
        // --sweeps width (or trajectories,steps): re-run only those sweeps and keep the other sweeps' points of the
        // last run, so one curve can be redone without the rest.
        string[] sweeps = Option(args, "--sweeps")?.Split(',') ?? ["trajectories", "steps", "width"];
        var points = sweeps.Length < 3 && File.Exists(json)
            ? JsonSerializer.Deserialize<List<ScalingPoint>>(File.ReadAllText(json))!.Where(p => !sweeps.Contains(p.Spec.Sweep)).ToList()
            : [];
        foreach (ScalingSpec[] series in ScalingPlan.Series(full, workers).Where(s => sweeps.Contains(s[0].Sweep)))
        {
            ScalingPoint? first = null, last = null;
            string? skip = null;
            foreach (ScalingSpec spec in series)
            {
                skip ??= last is null ? null : CapReason(first!, last, spec, capGb, pointCapSeconds);
                ScalingPoint point = skip is null ? RunChild(spec) : new ScalingPoint { Spec = spec, Skipped = skip };
                points.Add(point);
                Console.WriteLine(Describe(point));
                if (point.Skipped is not null) { skip ??= "after an earlier point of this series failed"; continue; }
                first ??= point;
                last = point;
            }
        }

        Directory.CreateDirectory(results);
        points = [.. points.OrderBy(p => Array.IndexOf(SweepOrder, p.Spec.Sweep))]; // stable: series keep their order
        File.WriteAllLines(Path.Combine(results, "scaling.csv"), [ScalingPoint.CsvHeader, .. points.Select(p => p.CsvLine())]);
        File.WriteAllText(json, JsonSerializer.Serialize(points, Json));
        foreach (string png in ScalingPlots.Write(points, outDir)) Console.WriteLine($"wrote {png}");
        Console.WriteLine($"wrote {Path.Combine(results, "scaling.csv")} and scaling.json ({points.Count} points)");
        return 0;
    }

    /// <summary><c>--scaling-point …</c>: measures one point here and prints it as one JSON line.</summary>
    public static int RunPoint(string[] args)
    {
        ScalingPoint point = ScalingProblems.Measure(ScalingSpec.Parse(args));
        Console.WriteLine(PointPrefix + JsonSerializer.Serialize(point));
        return 0;
    }

    /// <summary>Why the next point of a series is not run, or null to run it: its peak memory and one call's time
    /// extrapolated linearly in B (or in the steps: tolerances are not extrapolated, their points are small).</summary>
    private static string? CapReason(ScalingPoint first, ScalingPoint last, ScalingSpec next, double capGb, double capSeconds)
    {
        double ratio = (double)next.Trajectories / last.Spec.Trajectories;
        if (ratio <= 1) return null;
        double baseBytes = first.PeakWorkingSetBytes;
        double peakGb = (baseBytes + (last.PeakWorkingSetBytes - baseBytes) * ratio) / 1e9;
        if (peakGb > capGb)
            return string.Create(CultureInfo.InvariantCulture,
                $"memory cap: the peak working set extrapolated from B = {last.Spec.Trajectories} is {peakGb:F1} GB > {capGb:F1} GB");
        // Warm-up call, the allocation check and at least three timed calls: five calls of forward + gradient.
        double seconds = 5 * last.TotalMs * ratio / 1000;
        if (seconds > capSeconds)
            return string.Create(CultureInfo.InvariantCulture,
                $"time cap: five calls extrapolated from B = {last.Spec.Trajectories} take {seconds:F0} s > {capSeconds:F0} s");
        return null;
    }

    private static ScalingPoint RunChild(ScalingSpec spec)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet AcaKernels.Benchmarks.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ScalingDriver).Assembly.Location);
        start.ArgumentList.Add("--scaling-point");
        foreach (string arg in spec.ToArgs()) start.ArgumentList.Add(arg);
        using Process child = Process.Start(start)!;
        Task<string> error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(PointPrefix, StringComparison.Ordinal));
        if (child.ExitCode == 0 && line is not null)
            return JsonSerializer.Deserialize<ScalingPoint>(line[PointPrefix.Length..])!;
        string why = error.Result.Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim()
            ?? $"exit code {child.ExitCode}";
        return new ScalingPoint { Spec = spec, Skipped = "failed: " + why };
    }

    private static string Describe(ScalingPoint p) => p.Skipped is not null
        ? $"{p.Spec.Sweep,-12} {p.Spec.System,-6} {p.Spec.Series,-20} B={p.Spec.Trajectories,-8} rtol={p.Spec.RelativeTolerance:0e0}  skipped: {p.Skipped}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{p.Spec.Sweep,-12} {p.Spec.System,-6} {p.Spec.Series,-20} B={p.Spec.Trajectories,-8} rtol={p.Spec.RelativeTolerance:0e0}  " +
            $"steps/traj {p.StepsPerTrajectory,7:F1}  fwd {p.ForwardMs,10:F3} ms  grad {p.GradientMs,10:F3} ms  " +
            $"reported {p.ReportedGradientBytes / 1e6,9:F3} MB  formula {p.FormulaBytes / 1e6,9:F3} MB  " +
            $"ckpt alloc {p.CheckpointAllocatedBytes / 1e6,9:F3} MB  peak WS {p.PeakWorkingSetBytes / 1e6,8:F1} MB  steady alloc {p.SteadyAllocatedBytes} B");

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return null;
        if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
        return args[i + 1];
    }

    /// <summary>MemAvailable from /proc/meminfo in GB (8 GB assumed where it cannot be read).</summary>
    private static double AvailableGb()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 / 1e9;
        }
        catch (IOException) { }
        return 8;
    }

    private static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
