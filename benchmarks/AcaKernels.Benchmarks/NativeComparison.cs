using System.Diagnostics;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--lorenz-per-step`: the same timing loop as benchmarks/native/lorenz_aca.cpp (20 000 solve + ACA gradient
/// runs, 15 repetitions, median ns per accepted step), so benchmarks/native/compare.sh can interleave the two
/// and quote a ratio taken side by side.
/// </summary>
internal static class NativeComparison
{
    public static void Run()
    {
        var solver = new OdeSolver<double, GeneratedLorenz.RhsOde>(new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 });
        double[] z0 = [1, 1, 1], theta = [10, 28, 8.0 / 3], times = [0, 1], outputs = new double[6];
        double[] seeds = [0, 0, 0, 1, 1, 1], gradZ0 = new double[3], gradTheta = new double[3];
        for (int i = 0; i < 20_000; i++) Once();
        var perStep = new double[15];
        for (int rep = 0; rep < perStep.Length; rep++)
        {
            const int Runs = 20_000;
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < Runs; r++) Once();
            perStep[rep] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Runs / solver.Statistics.AcceptedSteps;
        }
        Array.Sort(perStep);
        Console.WriteLine($"steps {solver.Statistics.AcceptedSteps}, dL/dtheta = ({gradTheta[0]:F12}, {gradTheta[1]:F12}, {gradTheta[2]:F12})");
        Console.WriteLine($"forward + ACA gradient: median {perStep[7]:F1} ns per accepted step (min {perStep[0]:F1}, max {perStep[^1]:F1})");

        void Once()
        {
            solver.Solve(z0, theta, times, outputs);
            solver.Gradient(seeds, gradZ0, gradTheta);
        }
    }
}
