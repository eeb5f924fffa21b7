using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// The PNG plots of the scaling curves (log-log, <see cref="LogLogChart"/>): per sweep, time (forward + gradient,
/// forward alone dashed) and memory (what the solver reports, ACA's formula, what it allocated, the peak working set).
/// Skipped points are left out; their reasons are in the CSV.
/// </summary>
internal static class ScalingPlots
{
    private static readonly Color[] Palette =
    [
        Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple, Colors.Brown, Colors.DeepPink, Colors.Gray,
        Colors.Olive, Colors.Teal, Colors.Black,
    ];

    private const int Width = 1100, Height = 620;

    public static IEnumerable<string> Write(IReadOnlyList<ScalingPoint> points, string outDir)
    {
        var measured = points.Where(p => p.Skipped is null).ToList();
        (string Sweep, string Axis, Func<ScalingPoint, double> X)[] sweeps =
        [
            ("trajectories", "trajectories B (Lorenz-63, Dopri5, rtol 1e-6; f32 1e-4)", p => p.Spec.Trajectories),
            ("steps", "accepted steps per trajectory (Lorenz-63, rtol 1e-3 … 1e-10)", p => p.StepsPerTrajectory),
            ("width", "state size n (tanh MLP n → 2n → n, t ∈ [0, 10])", p => p.StateSize),
        ];
        foreach (var (sweep, axis, x) in sweeps)
        {
            var rows = measured.Where(p => p.Spec.Sweep == sweep).ToList();
            if (rows.Count == 0) continue;
            string context = $"B = {rows[0].Spec.Trajectories}, {rows[0].Spec.Workers} worker(s)";
            string time = Path.Combine(outDir, $"scaling-{sweep}-time.png");
            TimeChart(rows, x, $"Time vs {sweep}" + (sweep == "trajectories" ? "" : $" ({context})"), axis).Save(time, Width, Height);
            yield return time;
            string memory = Path.Combine(outDir, $"scaling-{sweep}-memory.png");
            MemoryChart(rows, x, $"Memory vs {sweep}" + (sweep == "trajectories" ? "" : $" ({context})"), axis).Save(memory, Width, Height);
            yield return memory;
            if (sweep != "trajectories") continue;
            string perStep = Path.Combine(outDir, "scaling-trajectories-ns-per-step.png");
            PerStepChart(rows, axis).Save(perStep, Width, Height);
            yield return perStep;
        }
    }

    private static LogLogChart TimeChart(List<ScalingPoint> rows, Func<ScalingPoint, double> x, string title, string axis)
    {
        var chart = new LogLogChart(title, axis, "ms per call on the whole ensemble (median)", logX: true);
        int color = 0;
        foreach (var series in rows.GroupBy(p => p.Spec.Series))
        {
            var list = series.OrderBy(x).ToList();
            bool forwardOnly = list[0].Spec.Method == "none";
            chart.Add(forwardOnly ? $"forward, {Backend(list[0])}" : $"forward + gradient, {series.Key}",
                list.Select(x).ToList(), list.Select(p => (double?)p.TotalMs).ToList(), Palette[color++ % Palette.Length], dashed: forwardOnly);
        }
        return chart;
    }

    private static LogLogChart PerStepChart(List<ScalingPoint> rows, string axis)
    {
        var chart = new LogLogChart("Time per accepted trajectory-step vs trajectories (flat = linear in B)", axis,
            "ns per accepted trajectory-step", logX: true);
        int color = 0;
        foreach (var series in rows.GroupBy(p => p.Spec.Series))
        {
            var list = series.OrderBy(p => p.Spec.Trajectories).ToList();
            bool forwardOnly = list[0].Spec.Method == "none";
            chart.Add(forwardOnly ? $"forward, {Backend(list[0])}" : $"forward + gradient, {series.Key}",
                list.Select(p => (double)p.Spec.Trajectories).ToList(),
                list.Select(p => (double?)(p.TotalMs * 1e6 / p.AcceptedSteps)).ToList(), Palette[color++ % Palette.Length], dashed: forwardOnly);
        }
        return chart;
    }

    private static LogLogChart MemoryChart(List<ScalingPoint> rows, Func<ScalingPoint, double> x, string title, string axis)
    {
        var chart = new LogLogChart(title, axis, "bytes", logX: true);
        int color = 0;
        void Line(string label, IEnumerable<ScalingPoint> points, Func<ScalingPoint, double> y, bool dashed = false)
        {
            var list = points.OrderBy(x).ToList();
            if (list.Count == 0 || list.All(p => y(p) <= 0)) return;
            chart.Add(label, list.Select(x).ToList(), list.Select(p => (double?)y(p)).ToList(), Palette[color++ % Palette.Length], dashed);
        }
        var acaF64 = rows.Where(p => p.Spec is { Method: "aca", Precision: "f64", Backend: "scalar" }).ToList();
        var acaLanes = rows.Where(p => p.Spec is { Method: "aca", Backend: "lanes" }).ToList();
        var acaF32 = rows.Where(p => p.Spec is { Method: "aca", Precision: "f32" }).ToList();
        Line("ACA formula Σ N_t·(2·8 + 8n), f64", acaF64.Count > 0 ? acaF64 : acaLanes, p => p.FormulaBytes, dashed: true);
        Line("ACA reported (GradientMemoryBytes), f64", acaF64.Count > 0 ? acaF64 : acaLanes, p => p.ReportedGradientBytes);
        Line("ACA checkpoints allocated, scalar f64", acaF64, p => p.CheckpointAllocatedBytes);
        Line("ACA checkpoints allocated, lanes f64", acaLanes, p => p.CheckpointAllocatedBytes);
        Line("ACA checkpoints allocated, lanes chunked (per worker)", rows.Where(p => p.Spec.Method == "aca-chunked"),
            p => p.CheckpointAllocatedBytes);
        Line("ACA reported, f32 (2·8 + 4n)", acaF32, p => p.ReportedGradientBytes);
        Line("naive tape reported (Σ over trajectories)", rows.Where(p => p.Spec.Method == "naive"), p => p.ReportedGradientBytes);
        foreach (var series in rows.Where(p => p.Spec.Precision == "f64").GroupBy(p => p.Spec.Series))
            Line($"peak working set, {series.Key}", series, p => p.PeakWorkingSetBytes, dashed: true);
        return chart;
    }

    private static string Backend(ScalingPoint p) => $"{p.Spec.Backend} {p.Spec.Precision}";
}
