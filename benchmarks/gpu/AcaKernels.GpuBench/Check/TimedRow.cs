using System.Diagnostics;
using System.Globalization;

namespace AcaKernels.GpuBench.Check;

/// <summary>One timed figure: the median wall seconds of a call over the rounds, after one untimed warm-up call.</summary>
internal sealed record TimedRow(string Workload, string Engine, int Trajectories, double Seconds, bool Reference, string Note)
{
    public static TimedRow Measure(string workload, string engine, int trajectories, int rounds, Action call, bool reference, Func<string> note)
    {
        call();
        var seconds = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        double median = rounds % 2 == 1 ? seconds[rounds / 2] : (seconds[rounds / 2 - 1] + seconds[rounds / 2]) / 2;
        return new TimedRow(workload, engine, trajectories, median, reference, note());
    }

    public string Tsv() => string.Join('\t', Workload, Engine, Trajectories.ToString(CultureInfo.InvariantCulture),
        Seconds.ToString("R", CultureInfo.InvariantCulture), Reference ? "ref" : "", Note);

    public override string ToString() =>
        $"  {Workload,-17} {Engine,-62} {Trajectories,9} {Seconds * 1e3,10:F2} ms {Seconds * 1e9 / Trajectories,9:F2} ns/traj  {Note}";
}
