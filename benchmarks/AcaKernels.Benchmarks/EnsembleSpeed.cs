using System.Diagnostics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Speed sanity of the ensemble engines (not a BenchmarkDotNet run): Lorenz-63, B = 65,536, t ∈ [0, 1], DOPRI5,
/// rtol 1e-6, atol 1e-8, one worker; nanoseconds per accepted trajectory-step, forward only and forward + ACA
/// gradient, lanes against the scalar engine. Best of <c>rounds</c> after a warm-up, in process CPU time.
/// Run: dotnet run -c Release --project benchmarks/AcaKernels.Benchmarks -- --ensemble-lanes [B] [rounds]
/// </summary>
internal static class EnsembleSpeed
{
    public static void Run(int trajectories, int rounds)
    {
        Console.WriteLine($"Lorenz B = {trajectories}, t in [0, 1], DOPRI5, rtol 1e-6, atol 1e-8, one worker; ns per accepted trajectory-step (best of {rounds})");
        foreach (EnsembleVectorization mode in new[] { EnsembleVectorization.Auto, EnsembleVectorization.Never })
        {
            (double forward, bool vectorized) = Measure<GeneratedLorenz.RhsOde>(trajectories, rounds, mode, GradientMethod.None);
            (double both, _, double backward) = MeasureSplit<GeneratedLorenz.RhsOde>(trajectories, rounds, mode, GradientMethod.Aca);
            Console.WriteLine($"  generated, {mode,-6} (lanes: {vectorized,-5}) forward {forward,7:F2} ns   forward + ACA {both,7:F2} ns (of which backward {backward,7:F2} ns)");
        }
        (double laneForward, _) = Measure<LaneLorenz>(trajectories, rounds, EnsembleVectorization.Auto, GradientMethod.None);
        (double laneBoth, _) = Measure<LaneLorenz>(trajectories, rounds, EnsembleVectorization.Auto, GradientMethod.Aca);
        Console.WriteLine($"  hand lane kernels, Auto    forward {laneForward,7:F2} ns   forward + ACA {laneBoth,7:F2} ns");
    }

    private static (double Ns, bool Vectorized) Measure<TSys>(int trajectories, int rounds, EnsembleVectorization mode, GradientMethod gradient)
        where TSys : IOdeDynamics<double>
    {
        (double ns, bool vectorized, _) = MeasureSplit<TSys>(trajectories, rounds, mode, gradient);
        return (ns, vectorized);
    }

    /// <summary>As Measure, also the best backward pass alone (0 without a gradient).</summary>
    private static (double Ns, bool Vectorized, double BackwardNs) MeasureSplit<TSys>(int trajectories, int rounds, EnsembleVectorization mode, GradientMethod gradient)
        where TSys : IOdeDynamics<double>
    {
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, Gradient = gradient };
        using var solver = new EnsembleSolver<double, TSys>(trajectories, options,
            new EnsembleOptions { WorkerCount = 1, Vectorize = mode });
        var random = new Random(1);
        var z0 = new double[trajectories * 3];
        for (int i = 0; i < z0.Length; i++) z0[i] = 1.0 + 0.1 * (2 * random.NextDouble() - 1);
        double[] theta = [10, 28, 8.0 / 3], times = [0, 1];
        var outputs = new double[trajectories * times.Length * 3];
        var results = new SolveResult[trajectories];
        var seeds = new double[outputs.Length];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = 2 * random.NextDouble() - 1;
        var gradZ0 = new double[trajectories * 3];
        var gradTheta = new double[3];
        var gradients = new GradientResult[trajectories];
        double best = double.MaxValue, bestBackward = double.MaxValue;
        for (int round = 0; round <= rounds; round++)
        {
            // Processor time of the process, not wall time: on a shared machine (other builds running) the wall clock
            // counts time this one worker spent descheduled. One worker, so the process time is the solve's.
            TimeSpan start = Process.GetCurrentProcess().TotalProcessorTime;
            solver.Solve(z0, theta, times, outputs, results).ThrowIfFailed();
            TimeSpan solved = Process.GetCurrentProcess().TotalProcessorTime;
            if (gradient != GradientMethod.None) solver.Gradient(seeds, gradZ0, gradTheta, gradients).ThrowIfFailed();
            TimeSpan end = Process.GetCurrentProcess().TotalProcessorTime;
            double seconds = (end - start).TotalSeconds, backwardSeconds = (end - solved).TotalSeconds;
            long steps = 0;
            foreach (SolveResult r in results) steps += r.Statistics.AcceptedSteps;
            if (round > 0) // round 0 warms up
            {
                best = Math.Min(best, seconds * 1e9 / steps);
                bestBackward = Math.Min(bestBackward, backwardSeconds * 1e9 / steps);
            }
        }
        return (best, solver.IsVectorized, gradient == GradientMethod.None ? 0 : bestBackward);
    }
}
