namespace AcaKernels.GpuBench;

/// <summary>Warms every engine up, checks each against the CPU engine, then times them interleaved.</summary>
internal static class Bench
{
    public static void Run(List<Engine> engines, int rounds)
    {
        // Warm-up (kernel compiles, first-touch of device memory) and the check: final states and ∂L/∂z₀ against
        // the CPU engine's, max |Δ| / max(1, |reference|).
        (double[] finals, double[] gradZ0)? reference = null;
        foreach (Engine engine in engines)
        {
            engine.Solve();
            engine.SolveAndGradient();
            (double[] finals, double[] gradZ0) mine = engine.Results();
            if (reference is not { } cpu) reference = mine;
            else
                Console.WriteLine($"  check {engine.Name}: z(1) within {Difference(cpu.finals, mine.finals):E1}, " +
                    $"dL/dz0 within {Difference(cpu.gradZ0, mine.gradZ0):E1} of the CPU engine");
        }

        var solve = engines.Select(_ => new List<double>()).ToArray();
        var both = engines.Select(_ => new List<double>()).ToArray();
        var steps = new long[engines.Count];
        for (int round = 0; round < rounds; round++)
            for (int e = 0; e < engines.Count; e++)
            {
                (double seconds, long accepted) = engines[e].Solve();
                solve[e].Add(seconds * 1e9 / accepted);
                (seconds, accepted) = engines[e].SolveAndGradient();
                both[e].Add(seconds * 1e9 / accepted);
                steps[e] = accepted;
            }

        Console.WriteLine($"  {"engine",-72} {"steps/traj",10} {"solve ns",9} {"fwd+ACA ns",11} {"vs CPU",7}");
        double cpuBoth = Median(both[0]);
        for (int e = 0; e < engines.Count; e++)
        {
            double perTrajectory = (double)steps[e] / Trajectories(engines[e]);
            Console.WriteLine($"  {engines[e].Name,-72} {perTrajectory,10:F1} {Median(solve[e]),9:F2} {Median(both[e]),11:F2} {cpuBoth / Median(both[e]),6:F2}x");
        }
    }

    private static int Trajectories(Engine engine) => engine.Results().Finals.Length / 3;

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Difference(double[] reference, double[] values)
    {
        double worst = 0;
        for (int i = 0; i < reference.Length; i++)
            worst = Math.Max(worst, Math.Abs(values[i] - reference[i]) / Math.Max(1, Math.Abs(reference[i])));
        return worst;
    }
}
