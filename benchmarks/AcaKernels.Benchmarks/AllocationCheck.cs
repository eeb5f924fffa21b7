using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--allocations [--full] [BenchmarkDotNet arguments]`: every Perf_* suite under BenchmarkDotNet's
/// <c>[MemoryDiagnoser]</c>, timed as little as will do (a dry job: one jitting call, one warm-up call, one measured
/// call, in this process), then one table, suite / method / parameters → bytes allocated per operation, with every
/// non-zero row (and every case that failed to run) flagged. benchmarks/allocations.sh runs it.
/// </summary>
/// <remarks>
/// BenchmarkDotNet reads the allocations in an extra call after the measured ones, from the process-wide precise
/// allocated-bytes counter (GC.GetTotalAllocatedBytes(true), worker threads included), so one operation per call
/// counts exact bytes; the times of a dry job are one cold call each and mean nothing. Without <c>--full</c> the cases
/// with 10⁶ trajectories are left out (the scaling suites' largest B: ~2.6 GB of checkpoints and tens of seconds per
/// call); the allocation per call does not depend on B (the buffers are sized in the untimed global setup).
/// </remarks>
internal static class AllocationCheck
{
    /// <summary>Trajectory counts from which a case is left out without --full.</summary>
    private const int LargeEnsemble = 1_000_000;

    /// <summary>The marker line before the table, for the script that cuts it out of BenchmarkDotNet's log.</summary>
    public const string TableMarker = "== allocations ==";

    /// <summary>Runs the suites; returns 0 when every case ran and allocated 0 B, 1 otherwise.</summary>
    public static int Run(string[] args)
    {
        bool full = args.Contains("--full");
        string[] rest = [.. args.Where(a => a != "--full")];
        if (!rest.Contains("--filter")) rest = [.. rest, "--filter", "*Perf_*"];
        Job job = Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("allocations");
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddFilter(new SimpleFilter(c => full || !IsLargeEnsemble(c)));
        Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(AllocationCheck).Assembly).Run(rest, config)];
        (string Table, int Flagged) result = Table(summaries);
        Console.WriteLine(TableMarker);
        Console.Write(result.Table);
        Console.WriteLine(result.Flagged == 0
            ? "All cases: 0 B per operation."
            : $"{result.Flagged} case(s) flagged (!): allocated in the measured operation or did not run.");
        if (!full) Console.WriteLine($"Left out: the cases with {LargeEnsemble:N0} trajectories (run with --full for them).");
        return result.Flagged == 0 && summaries.Length > 0 ? 0 : 1;
    }

    private static bool IsLargeEnsemble(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Any(p => p.Name == "Trajectories" && p.Value is int b && b >= LargeEnsemble);

    /// <summary>A Markdown table, one row per case in the order run, and the number of rows flagged.</summary>
    private static (string Table, int Flagged) Table(IEnumerable<Summary> summaries)
    {
        var text = new StringBuilder();
        text.AppendLine("| suite | method | parameters | allocated B/op | |");
        text.AppendLine("|---|---|---|---:|---|");
        int flagged = 0;
        foreach (Summary summary in summaries)
            foreach (BenchmarkReport report in summary.Reports)
            {
                BenchmarkCase c = report.BenchmarkCase;
                long? bytes = report.ResultStatistics is null ? null : report.GcStats.GetBytesAllocatedPerOperation(c);
                bool flag = bytes is not 0;
                if (flag) flagged++;
                string parameters = string.Join(", ", c.Parameters.Items.Select(p => $"{p.Name}={Format(p.Value)}"));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {SuiteName(c.Descriptor.Type)} | {c.Descriptor.WorkloadMethod.Name} | {parameters} | {(bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "did not run")} | {(flag ? "!" : "")} |");
            }
        return (text.ToString(), flagged);
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };

    // Perf_EnsembleScaling`2 with (Double, RhsOde) → Perf_EnsembleScaling<Double, GeneratedLorenz.RhsOde>.
    private static string SuiteName(Type type)
    {
        if (!type.IsGenericType) return type.Name;
        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(a => a.DeclaringType is { } d ? $"{d.Name}.{a.Name}" : a.Name))}>";
    }
}
