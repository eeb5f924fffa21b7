using System.Diagnostics;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--lorenz-per-step`: the same timing loop as benchmarks/native/timing.hpp (20 000 warm-up runs, then 15
/// repetitions of 20 000 runs, median ns per accepted step), for a forward-only solve (a solver built with
/// <see cref="GradientMethod.None"/>, which records nothing) and for solve + ACA gradient, so
/// benchmarks/native/compare.sh can interleave it with the C++ comparators and quote ratios taken side by side.
/// Prints the step counts, z(1) and the gradient in the C++ programs' format so the script can check they agree.
/// `--lorenz-per-step forward` or `--lorenz-per-step gradient` times only one of the two (for a profiler).
/// </summary>
internal static class NativeComparison
{
    private const int Repetitions = 15, RunsPerRepetition = 20_000;

    public static void Run(string which)
    {
        if (which is not ("both" or "forward" or "gradient"))
        {
            Console.Error.WriteLine($"--lorenz-per-step takes 'forward', 'gradient' or nothing, not '{which}'.");
            Environment.Exit(2);
        }
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var solver = new OdeSolver<double, GeneratedLorenz.RhsOde>(options);
        var forwardOnly = new OdeSolver<double, GeneratedLorenz.RhsOde>(options with { Gradient = GradientMethod.None });
        double[] z0 = [1, 1, 1], theta = [10, 28, 8.0 / 3], times = [0, 1], outputs = new double[6];
        double[] seeds = [0, 0, 0, 1, 1, 1], gradZ0 = new double[3], gradTheta = new double[3];

        SolveAndGradient();
        SolverStatistics s = solver.Statistics;
        Console.WriteLine($"steps {s.AcceptedSteps} accepted, {s.RejectedSteps} rejected, z(1) = ({outputs[3]:F12}, {outputs[4]:F12}, {outputs[5]:F12})");
        Console.WriteLine($"dL/dz0 = ({gradZ0[0]:F12}, {gradZ0[1]:F12}, {gradZ0[2]:F12}), dL/dtheta = ({gradTheta[0]:F12}, {gradTheta[1]:F12}, {gradTheta[2]:F12})");
        if (which != "gradient") Report("forward", s.AcceptedSteps, Forward);
        if (which != "forward") Report("forward + ACA gradient", s.AcceptedSteps, SolveAndGradient);

        void Forward() => forwardOnly.Solve(z0, theta, times, outputs);

        void SolveAndGradient()
        {
            solver.Solve(z0, theta, times, outputs);
            solver.Gradient(seeds, gradZ0, gradTheta);
        }
    }

    // COMPARE_WINDOWS=1: short windows and their 5th percentile, as benchmarks/native/timing.hpp (why: see there).
    private const int Windows = 4000, RunsPerWindow = 50, WindowWarmUpRuns = 40_000;

    private static void Report(string label, int acceptedStepsPerRun, Action run)
    {
        if (Environment.GetEnvironmentVariable("COMPARE_WINDOWS") == "1")
        {
            ReportWindows(label, acceptedStepsPerRun, run);
            return;
        }
        for (int i = 0; i < RunsPerRepetition; i++) run(); // reach the optimised (tier-1) code before timing
        var perStep = new double[Repetitions];
        for (int rep = 0; rep < Repetitions; rep++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < RunsPerRepetition; r++) run();
            perStep[rep] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / RunsPerRepetition / acceptedStepsPerRun;
        }
        Array.Sort(perStep);
        Console.WriteLine($"{label}: median {perStep[Repetitions / 2]:F1} ns per accepted step (min {perStep[0]:F1}, max {perStep[^1]:F1})");
    }

    private static void ReportWindows(string label, int acceptedStepsPerRun, Action run)
    {
        for (int i = 0; i < WindowWarmUpRuns; i++) run(); // also reaches the tier-1 code
        var perStep = new double[Windows];
        for (int w = 0; w < Windows; w++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < RunsPerWindow; r++) run();
            perStep[w] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / RunsPerWindow / acceptedStepsPerRun;
        }
        Array.Sort(perStep);
        Console.WriteLine($"{label}: p5 {perStep[Windows / 20]:F1} ns per accepted step (min {perStep[0]:F1}, median {perStep[Windows / 2]:F1})");
    }
}
