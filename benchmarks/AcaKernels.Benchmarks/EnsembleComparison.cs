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
        EnsembleRunReport.PrintSummary(gradient, result, "z(1)");
        Console.WriteLine($"workers: {workers}");
        EnsembleRunReport.Report("forward", result.AcceptedSteps, repetitions, () => forward.Forward());
        EnsembleRunReport.Report("forward + ACA gradient", result.AcceptedSteps, repetitions, () => gradient.ForwardAndGradient());
    }

    internal static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
