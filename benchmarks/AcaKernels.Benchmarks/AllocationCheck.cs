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
/// counts exact bytes; the times of a dry job are one cold call each and mean nothing. Process-wide also means that
/// another thread's allocation during the measured call is counted, as are the phantom kilobytes of a retired
/// allocation context that tests/AcaKernels.Tests/Support/Allocations.cs describes (seen here: 336 to 6 000 B, in one
/// pass and not the next, in cases that allocate nothing: Perf_Control.AcceptFactor is one log and one exp), so a case
/// that allocated is run again, up to five passes, and flagged only when it allocated in every pass: code that
/// allocates does so on every call. Without <c>--full</c> the cases
/// with 10⁶ trajectories are left out (the scaling suites' largest B: ~2.6 GB of checkpoints and tens of seconds per
/// call); the allocation per call does not depend on B (the buffers are sized in the untimed global setup).
/// </remarks>
internal static class AllocationCheck
{
    /// <summary>Trajectory counts from which a case is left out without --full.</summary>
    private const int LargeEnsemble = 1_000_000;

    /// <summary>Passes at most: a case that allocated is run again, up to this many times in all.</summary>
    private const int Passes = 5;

    /// <summary>The marker line before the table, for the script that cuts it out of BenchmarkDotNet's log.</summary>
    public const string TableMarker = "== allocations ==";

    /// <summary>Runs the suites; returns 0 when every case ran and allocated 0 B, 1 otherwise.</summary>
    public static int Run(string[] args)
    {
        bool full = args.Contains("--full");
        string[] rest = [.. args.Where(a => a != "--full")];
        if (!rest.Contains("--filter")) rest = [.. rest, "--filter", "*Perf_*"];
        // Pass 1 runs every case; passes 2 and 3 only the cases that allocated in all passes so far.
        var readings = new Dictionary<string, List<long?>>();
        var order = new List<(string Key, BenchmarkCase Case)>();
        HashSet<string>? only = null;
        for (int pass = 1; pass <= Passes && only is not { Count: 0 }; pass++)
        {
            HashSet<string>? these = only;
            IConfig config = Config(c => (full || !IsLargeEnsemble(c)) && (these is null || these.Contains(Key(c))));
            foreach (Summary summary in BenchmarkSwitcher.FromAssembly(typeof(AllocationCheck).Assembly).Run(rest, config))
                foreach (BenchmarkReport report in summary.Reports)
                {
                    string key = Key(report.BenchmarkCase);
                    if (!readings.TryGetValue(key, out List<long?>? list))
                    {
                        readings[key] = list = [];
                        order.Add((key, report.BenchmarkCase));
                    }
                    list.Add(report.ResultStatistics is null ? null : report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
                }
            only = [.. readings.Where(r => r.Value.Count == pass && r.Value.All(v => v is not 0)).Select(r => r.Key)];
        }
        (string table, int flagged) = Table(order, readings);
        Console.WriteLine(TableMarker);
        Console.Write(table);
        Console.WriteLine(flagged == 0
            ? "All cases: 0 B per operation."
            : $"{flagged} case(s) flagged (!): allocated in the measured operation in every pass, or did not run.");
        if (!full) Console.WriteLine($"Left out: the cases with {LargeEnsemble:N0} trajectories (run with --full for them).");
        return flagged == 0 && order.Count > 0 ? 0 : 1;
    }

    /// <summary>How long one case may run in process. BenchmarkDotNet's in-process default (5 minutes) aborts the whole
    /// process, table lost, on a 10⁶-trajectory ACA case under load (seen: Perf_EnsembleScaling&lt;Double&gt;
    /// ForwardAcaGradient at B = 10⁶, 1-minute load ~50, 2026-12-01); a dry job's four calls of it fit an hour.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromHours(1);

    private static IConfig Config(Func<BenchmarkCase, bool> include) => ManualConfig.CreateEmpty()
        .AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(CaseTimeout, logOutput: true)))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddLogger(ConsoleLogger.Default)
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddFilter(new SimpleFilter(include));

    private static string Key(BenchmarkCase c) =>
        $"{c.Descriptor.Type.FullName}.{c.Descriptor.WorkloadMethod.Name}({c.Parameters.DisplayInfo})";

    private static bool IsLargeEnsemble(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Any(p => p.Name == "Trajectories" && p.Value is int b && b >= LargeEnsemble);

    /// <summary>A Markdown table, one row per case in the order run, and the number of rows flagged: a case is
    /// flagged when it did not run or allocated in every pass (a real allocation repeats; a reading of a background
    /// thread's allocation does not). The allocation shown is the smallest reading, the others follow it.</summary>
    private static (string Table, int Flagged) Table(List<(string Key, BenchmarkCase Case)> order, Dictionary<string, List<long?>> readings)
    {
        var text = new StringBuilder();
        text.AppendLine("| suite | method | parameters | allocated B/op | readings (passes) | |");
        text.AppendLine("|---|---|---|---:|---|---|");
        int flagged = 0;
        foreach ((string key, BenchmarkCase c) in order)
        {
            List<long?> values = readings[key];
            long? bytes = values.Any(v => v is null) ? null : values.Min();
            bool flag = bytes is not 0;
            if (flag) flagged++;
            string parameters = string.Join(", ", c.Parameters.Items.Select(p => $"{p.Name}={Format(p.Value)}"));
            string shown = bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "did not run";
            string all = string.Join(" / ", values.Select(v => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "-"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {SuiteName(c.Descriptor.Type)} | {c.Descriptor.WorkloadMethod.Name} | {parameters} | {shown} | {all} | {(flag ? "!" : "")} |");
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
