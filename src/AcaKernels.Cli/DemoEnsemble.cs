using System.Diagnostics;
using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Cli;

/// <summary>
/// `aca demo`, part 4: an ensemble of Lorenz trajectories with shared θ, each with its own adaptive steps, solved
/// and differentiated by ACA on one thread and on all cores (or --threads); the cost per accepted trajectory-step, and a check
/// that one trajectory of the ensemble equals the single-trajectory solver bit for bit.
/// </summary>
internal static class DemoEnsemble
{
    private const int Trajectories = 65_536;

    public static int Run(int threads)
    {
        double[] theta = [10.0, 28.0, 8.0 / 3.0], times = [0.0, 1.0];
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        Console.WriteLine($"4. An ensemble: {Trajectories:N0} Lorenz-63 trajectories, shared θ, z0 spread around (1, 1, 1), t ∈ [0, 1],");
        Console.WriteLine("   each with its own adaptive steps; L = Σ_b |z_b(1)|², ∂L/∂θ summed over the trajectories by ACA.");
        Console.WriteLine(Vector512.IsHardwareAccelerated
            ? "   SIMD: Vector512 is hardware-accelerated: 8 trajectories per AVX-512 register."
            : "   SIMD: this CPU (or this build's instruction set) has no AVX-512: trajectories run on the scalar engine.");
        Console.WriteLine();

        var z0 = new double[Trajectories * 3];
        for (int b = 0; b < Trajectories; b++)
        {
            // A deterministic spread: trajectory b starts at (1, 1, 1) + b·(1e-5, 2e-5, 3e-5) mod small offsets.
            z0[3 * b] = 1.0 + 1e-5 * (b % 1000);
            z0[3 * b + 1] = 1.0 + 2e-5 * (b % 777);
            z0[3 * b + 2] = 1.0 + 3e-5 * (b % 555);
        }
        var outputs = new double[Trajectories * times.Length * 3];
        var seeds = new double[outputs.Length];
        var gradZ0 = new double[z0.Length];
        var gradTheta = new double[3];
        var solveResults = new SolveResult[Trajectories];
        var gradientResults = new GradientResult[Trajectories];

        Console.WriteLine($"   {"threads",7} {"forward s",10} {"ns/step",8} {"fwd+ACA s",10} {"ns/step",8} {"steps",12} {"dL/dσ",16} {"dL/dρ",16} {"dL/dβ",16}");
        foreach (int workers in threads > 1 ? [1, threads] : (int[])[1])
        {
            using var ensemble = new EnsembleSolver<double, Lorenz.RhsOde>(Trajectories, options, new EnsembleOptions { WorkerCount = workers });
            double bestForward = double.MaxValue, bestBoth = double.MaxValue;
            EnsembleResult solve = default;
            for (int repeat = 0; repeat < 3; repeat++)
            {
                long start = Stopwatch.GetTimestamp();
                solve = ensemble.Solve(z0, theta, times, outputs, solveResults);
                double forward = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (!solve.IsSuccess) return Fail(solve);
                for (int i = 0; i < outputs.Length; i++) seeds[i] = 2 * outputs[i];
                EnsembleResult gradient = ensemble.Gradient(seeds, gradZ0, gradTheta, gradientResults);
                double both = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (!gradient.IsSuccess) return Fail(gradient);
                bestForward = Math.Min(bestForward, forward);
                bestBoth = Math.Min(bestBoth, both);
            }
            double steps = solve.AcceptedSteps;
            Console.WriteLine($"   {workers,7} {bestForward,10:F3} {bestForward * 1e9 / steps,8:F1} {bestBoth,10:F3} {bestBoth * 1e9 / steps,8:F1} {solve.AcceptedSteps,12:N0} {gradTheta[0],16:E8} {gradTheta[1],16:E8} {gradTheta[2],16:E8}");
        }
        Console.WriteLine("   (best of 3; ns/step: per accepted trajectory-step; the gradient does not depend on the thread count)");
        return CheckOneTrajectory(z0, theta, times, outputs, gradZ0, options);
    }

    /// <summary>Trajectory 12345 of the ensemble against the single-trajectory solver: the same numbers, bit for bit.</summary>
    private static int CheckOneTrajectory(double[] z0, double[] theta, double[] times, double[] outputs, double[] gradZ0, OdeOptions options)
    {
        const int b = 12_345;
        var solver = new OdeSolver<double, Lorenz.RhsOde>(options);
        var single = new double[times.Length * 3];
        SolveResult result = solver.Solve(z0.AsSpan(3 * b, 3), theta, times, single);
        if (!result.IsSuccess) return Fail(result);
        var seeds = new double[single.Length];
        for (int i = 0; i < single.Length; i++) seeds[i] = 2 * single[i];
        var singleGradZ0 = new double[3];
        GradientResult gradient = solver.Gradient(seeds, singleGradZ0, new double[3]);
        if (!gradient.IsSuccess) return Fail(gradient.Result);
        bool same = single.AsSpan().SequenceEqual(outputs.AsSpan(b * single.Length, single.Length))
            && singleGradZ0.AsSpan().SequenceEqual(gradZ0.AsSpan(3 * b, 3));
        Console.WriteLine($"   Trajectory {b:N0} alone on the single-trajectory solver: z(1) and ∂L/∂z0 {(same ? "bit-identical to the ensemble's" : "DIFFER from the ensemble's")}.");
        Console.WriteLine();
        return same ? 0 : 1;
    }

    private static int Fail(EnsembleResult result)
    {
        Console.Error.WriteLine(result.Describe());
        return 1;
    }

    private static int Fail(SolveResult result)
    {
        Console.Error.WriteLine(result.Describe());
        return 1;
    }
}
