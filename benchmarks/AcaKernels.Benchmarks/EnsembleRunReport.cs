using System.Diagnostics;
using System.Globalization;
using AcaKernels.Ensembles;

namespace AcaKernels.Benchmarks;

/// <summary>
/// What the side-by-side ensemble commands print (`--ensemble-per-step`, `--ensemble-target`): the summary that
/// proves two runs solved the same thing, and the timing loop of benchmarks/native/lorenz_ensemble_avx512.cpp. The
/// scripts that interleave the runs (benchmarks/ensemble-compare.sh, benchmarks/ensemble-targets.sh) compare the
/// summary lines byte for byte and read the timing lines, so their format is fixed.
/// </summary>
internal static class EnsembleRunReport
{
    /// <summary>
    /// Two lines: the accepted and rejected steps of all trajectories and the sum over trajectories of each
    /// component of z(t_end), then the sums of ∂L/∂z₀ and ∂L/∂θ; sums in trajectory order, 10 significant digits, as
    /// printSummary in lorenz_ensemble_avx512.cpp (<paramref name="endLabel"/> "z(1)" there).
    /// </summary>
    public static void PrintSummary(EnsembleSetup setup, EnsembleResult result, string endLabel)
    {
        int n = setup.StateSize, trajectories = setup.Trajectories;
        ReadOnlySpan<double> outputs = setup.Outputs, gradZ0 = setup.GradZ0;
        double[] z = new double[n], g = new double[n];
        for (int b = 0; b < trajectories; b++)
            for (int i = 0; i < n; i++)
            {
                z[i] += outputs[(2 * b + 1) * n + i];
                g[i] += gradZ0[n * b + i];
            }
        PrintSummary(trajectories, result.AcceptedSteps, result.RejectedSteps, endLabel, z, g, setup.GradTheta);
    }

    /// <summary>The same two lines from the totals: steps, Σ z(t_end), Σ ∂L/∂z₀ and ∂L/∂θ.</summary>
    public static void PrintSummary(int trajectories, long accepted, long rejected, string endLabel, ReadOnlySpan<double> endSum,
        ReadOnlySpan<double> gradZ0Sum, ReadOnlySpan<double> gradTheta)
    {
        Console.WriteLine($"{trajectories} trajectories: {accepted} accepted, {rejected} rejected steps; sum of {endLabel} = {Tuple(endSum)}");
        Console.WriteLine($"sum of dL/dz0 = {Tuple(gradZ0Sum)}, dL/dtheta = {Tuple(gradTheta)}");
    }

    /// <summary>
    /// Two untimed runs (the first is partly tier-0 code; two reach the optimised kernels), then
    /// <paramref name="repetitions"/> timed ones; prints "label: median X ns per accepted trajectory-step (min, max)",
    /// wall-clock time over the accepted steps of one run; then an indented line with the same for the process's CPU
    /// time (<see cref="Environment.CpuUsage"/>), the figure to compare on a loaded machine, where the wall clock
    /// measures the load (with one worker the process's CPU time is the solve's, plus the runtime's few threads).
    /// </summary>
    public static void Report(string label, long stepsPerRun, int repetitions, Action run)
    {
        for (int r = 0; r < 2; r++) run();
        var perStep = new double[repetitions];
        var cpuPerStep = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++)
        {
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            run();
            perStep[rep] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / stepsPerRun;
            cpuPerStep[rep] = (Environment.CpuUsage.TotalTime - cpu).TotalNanoseconds / stepsPerRun;
        }
        Array.Sort(perStep);
        Array.Sort(cpuPerStep);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: median {perStep[repetitions / 2]:F1} ns per accepted trajectory-step (min {perStep[0]:F1}, max {perStep[^1]:F1})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}, process CPU time: median {cpuPerStep[repetitions / 2]:F1} ns per accepted trajectory-step (min {cpuPerStep[0]:F1}, max {cpuPerStep[^1]:F1})"));
    }

    private static string Tuple(ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = G(values[i]);
        return $"({string.Join(", ", parts)})";
    }

    // C's %.10g for the magnitudes printed here (no exponent below 1e10).
    private static string G(double x) => x.ToString("G10", CultureInfo.InvariantCulture);
}
