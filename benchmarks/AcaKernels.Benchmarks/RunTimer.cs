using System.Diagnostics;
using System.Globalization;

namespace AcaKernels.Benchmarks;

/// <summary>
/// The PyTorch comparator's timing protocol, the same on both sides (benchmarks/pytorch/torch_side.py does the
/// same): `warmups` untimed runs (and more, up to 100, until one second has passed: tiered compilation swaps in
/// optimised code from a background thread, which on a loaded machine takes a while), then `repetitions` timed ones, each printed as
/// "run &lt;label&gt;: &lt;wall&gt; ms wall, &lt;cpu&gt; ms cpu", then the medians as "median &lt;label&gt;: … ms wall, … ms cpu",
/// the line benchmarks/pytorch/compare.sh reads. CPU time is the whole process's (all its threads): on a machine
/// shared with other jobs it counts the work done, not the time spent waiting for a core.
/// </summary>
internal static class RunTimer
{
    public static void Report(string label, int warmups, int repetitions, Action run)
    {
        long warmupStart = Stopwatch.GetTimestamp();
        for (int r = 0; r < 100 && (r < warmups || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < 1); r++) run();
        var wall = new double[repetitions];
        var cpu = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++)
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            run();
            wall[rep] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[rep] = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {label}: {wall[rep]:F3} ms wall, {cpu[rep]:F3} ms cpu"));
        }
        PrintMedians(label, wall, cpu);
    }

    /// <summary>The "median &lt;label&gt;: … ms wall, … ms cpu" line of runs timed elsewhere (sorts the arrays).</summary>
    public static void PrintMedians(string label, double[] wall, double[] cpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {label}: {Median(wall):F3} ms wall, {Median(cpu):F3} ms cpu"));

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
