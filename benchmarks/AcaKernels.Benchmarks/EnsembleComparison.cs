using System.Diagnostics;
using System.Globalization;
using AcaKernels.Ensembles;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--ensemble-per-step [workers] [repetitions]`: B = 65 536 Lorenz trajectories (<see cref="EnsembleSetup"/>, the
/// setup of benchmarks/native/lorenz_ensemble_avx512.cpp) timed by that program's loop: one warm-up run per timed
/// run, then `repetitions` (default 15) single runs, median ns per accepted trajectory-step, for the forward solve
/// and for solve + ACA gradient. Prints the step counts and the sums of z(1), ∂L/∂z₀ and ∂L/∂θ in the C++
/// program's format, so benchmarks/ensemble-compare.sh can interleave the two and check they solved the same thing.
/// </summary>
internal static class EnsembleComparison
{
    private const int Trajectories = 65536;

    public static void Run(ReadOnlySpan<string> args)
    {
        int workers = 1, repetitions = 15;
        if (args.Length > 2 || (args.Length > 0 && !TryPositive(args[0], out workers))
            || (args.Length > 1 && !TryPositive(args[1], out repetitions)))
        {
            Console.Error.WriteLine("--ensemble-per-step takes up to two positive integers: worker threads (default 1) and repetitions (default 15).");
            Environment.Exit(2);
        }
        using var forward = new EnsembleSetup(EnsembleSystem.Lorenz, Trajectories, workers, gradient: false);
        using var gradient = new EnsembleSetup(EnsembleSystem.Lorenz, Trajectories, workers, gradient: true);
        EnsembleResult result = gradient.ForwardAndGradient();
        result.ThrowIfFailed();
        PrintSummary(gradient, result);
        Console.WriteLine($"workers: {workers}");
        Report("forward", result.AcceptedSteps, repetitions, () => forward.Forward());
        Report("forward + ACA gradient", result.AcceptedSteps, repetitions, () => gradient.ForwardAndGradient());
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    // Sums in trajectory order, 10 significant digits, as printSummary in lorenz_ensemble_avx512.cpp.
    private static void PrintSummary(EnsembleSetup setup, EnsembleResult result)
    {
        ReadOnlySpan<double> outputs = setup.Outputs, gradZ0 = setup.GradZ0, gradTheta = setup.GradTheta;
        double[] z = new double[3], g = new double[3];
        for (int b = 0; b < Trajectories; b++)
            for (int i = 0; i < 3; i++)
            {
                z[i] += outputs[(2 * b + 1) * 3 + i];
                g[i] += gradZ0[3 * b + i];
            }
        Console.WriteLine($"{Trajectories} trajectories: {result.AcceptedSteps} accepted, {result.RejectedSteps} rejected steps; " +
            $"sum of z(1) = ({G(z[0])}, {G(z[1])}, {G(z[2])})");
        Console.WriteLine($"sum of dL/dz0 = ({G(g[0])}, {G(g[1])}, {G(g[2])}), dL/dtheta = ({G(gradTheta[0])}, {G(gradTheta[1])}, {G(gradTheta[2])})");
    }

    // C's %.10g for the magnitudes printed here (no exponent below 1e10).
    private static string G(double x) => x.ToString("G10", CultureInfo.InvariantCulture);

    private static void Report(string label, long stepsPerRun, int repetitions, Action run)
    {
        for (int r = 0; r < 2; r++) run(); // the first run is partly tier-0 code; two reach the optimised kernels
        var perStep = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            perStep[rep] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / stepsPerRun;
        }
        Array.Sort(perStep);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: median {perStep[repetitions / 2]:F1} ns per accepted trajectory-step (min {perStep[0]:F1}, max {perStep[^1]:F1})"));
    }
}
