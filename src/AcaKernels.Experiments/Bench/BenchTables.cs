using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Bench;

/// <summary>The table of `aca bench`: per row the median times, ns per accepted trajectory-step and the speed-up
/// over the single-threaded scalar ensemble, with the load average around the run and where the rigorous numbers are.</summary>
public static class BenchTables
{
    /// <summary>The table and its notes.</summary>
    public static string Render(BenchReport report)
    {
        var table = new TextTable(
            $"Lorenz-63, Dormand-Prince 5(4), rtol 1e-6, atol 1e-8: forward solve and solve + ACA gradient, median of {report.Repeats} " +
            "(one trajectory over [0, 10]; ensembles over [0, 1])",
            "engine", "threads", "trajectories", "steps", "solve ms", "ns/step", "solve+ACA ms", "ns/step", "vs scalar 1 thread", "status");
        BenchRow? baseline = report.Rows.FirstOrDefault(r => r.Engine == BenchRunner.Scalar && r.Threads == 1 && r.SolveAndGradientSeconds is not null);
        foreach (BenchRow row in report.Rows)
        {
            bool measured = row.SolveSeconds is not null && row.SolveAndGradientSeconds is not null;
            string speedup = measured && baseline is not null && row.Engine != BenchRunner.Single
                ? (baseline.SolveAndGradientSeconds!.Value / row.SolveAndGradientSeconds!.Value).ToString("0.0", CultureInfo.InvariantCulture) + "x"
                : "-";
            table.Add(row.Engine, row.Threads == 0 ? "-" : Integer(row.Threads), Integer(row.Trajectories),
                measured ? Integer(row.AcceptedSteps) : "-",
                Milliseconds(row.SolveSeconds), PerStep(row.SolveSeconds, row.AcceptedSteps),
                Milliseconds(row.SolveAndGradientSeconds), PerStep(row.SolveAndGradientSeconds, row.AcceptedSteps),
                speedup, measured ? "ok" : "not run (below)");
        }
        // Why a row did not run is a sentence: it goes under the table, not into a column as wide as itself.
        string notRun = string.Concat(report.Rows.Where(r => r.SolveSeconds is null).Select(r => $"not run: {r.Engine}: {r.Status}\n"));
        return table.ToString() + notRun +
            $"(load average /proc/loadavg: {report.LoadAverageBefore ?? "n/a"} before, {report.LoadAverageAfter ?? "n/a"} after; " +
            $"{report.Run.ProcessorCount} logical processors, {report.Run.Processor}; AVX-512 {(report.Avx512 ? "on" : "off")} in this build.\n" +
            " ns/step: per accepted trajectory-step; vs scalar 1 thread: solve + ACA, the single-threaded scalar ensemble over this row.\n" +
            " A quick look, not a benchmark: for rigorous numbers run BenchmarkDotNet (benchmarks/AcaKernels.Benchmarks) and see\n" +
            " benchmarks/RESULTS.md.)\n";
    }

    private static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Milliseconds(double? seconds) =>
        seconds is { } s ? (s * 1000).ToString(s < 0.01 ? "0.000" : "0.0", CultureInfo.InvariantCulture) : "-";

    private static string PerStep(double? seconds, long steps) =>
        seconds is { } s && steps > 0 ? (s * 1e9 / steps).ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
