using System.Diagnostics;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Cli;

/// <summary>
/// `aca demo`: solves Lorenz-63 and differentiates L = Σ_k |z(t_k)|² with ACA, the continuous adjoint and naive
/// backpropagation, and prints the gradients, their differences and the cost of each.
/// </summary>
internal static class Demo
{
    public static int Run()
    {
        double[] z0 = [1.0, 1.0, 1.0], theta = [10.0, 28.0, 8.0 / 3.0];
        double[] times = [0.0, 0.25, 0.5, 0.75, 1.0];
        Console.WriteLine("Lorenz-63, θ = (σ, ρ, β) = (10, 28, 8/3), z0 = (1, 1, 1), t ∈ [0, 1], 5 output times");
        Console.WriteLine("Dormand-Prince 5(4), rtol 1e-6, atol 1e-8; loss L = Σ_k |z(t_k)|²");
        Console.WriteLine();
        Console.WriteLine($"{"method",-8} {"dL/dσ",22} {"dL/dρ",22} {"dL/dβ",22} {"steps",6} {"rej",4} {"f fwd",6} {"f bwd",6} {"vjp",6} {"memory B",9} {"µs",8}");
        double[]? reference = null;
        foreach (GradientMethod method in Enum.GetValues<GradientMethod>())
        {
            var solver = new OdeSolver<double, LorenzSystem>(new OdeOptions { Gradient = method });
            var outputs = new double[times.Length * 3];
            var seeds = new double[outputs.Length];
            var gradZ0 = new double[3];
            var gradTheta = new double[3];
            var clock = Stopwatch.StartNew();
            SolveResult solve = solver.Solve(z0, theta, times, outputs);
            if (!solve.IsSuccess)
            {
                Console.Error.WriteLine(solve.Describe());
                return 1;
            }
            for (int i = 0; i < outputs.Length; i++) seeds[i] = 2 * outputs[i];
            GradientResult gradient = solver.Gradient(seeds, gradZ0, gradTheta);
            clock.Stop();
            if (!gradient.IsSuccess)
            {
                Console.Error.WriteLine(gradient.Result.Describe());
                return 1;
            }
            reference ??= gradTheta;
            SolverStatistics s = gradient.Statistics;
            Console.WriteLine($"{method,-8} {gradTheta[0],22:R} {gradTheta[1],22:R} {gradTheta[2],22:R} {s.AcceptedSteps,6} {s.RejectedSteps,4} {s.ForwardEvaluations,6} {s.BackwardEvaluations,6} {s.BackwardVjps,6} {s.GradientMemoryBytes,9} {clock.Elapsed.TotalMicroseconds,8:F0}");
        }
        return 0;
    }
}
