using System.Diagnostics;
using System.Globalization;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Cli;

/// <summary>
/// `aca demo`: (1) Lorenz-63, L = Σ_k |z(t_k)|², gradients by ACA, the continuous adjoint and naive backprop,
/// with their cost; (2) the paper's toy problem dz/dt = αz, L = z(T)², where the exact gradient is known, so
/// each method's error can be read off against the tolerance; (3) a short three-body mass fit
/// (<see cref="DemoThreeBody"/>); (4) an ensemble of Lorenz trajectories (<see cref="DemoEnsemble"/>).
/// </summary>
internal static class Demo
{
    public static int Run(int threads)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (Lorenz() != 0 || Toy() != 0 || DemoThreeBody.Run() != 0 || DemoEnsemble.Run(threads) != 0) return 1;
        Console.WriteLine("The full experiments: 'aca toy' (the toy problem over α, T and the tolerance, with JSON and plots);");
        Console.WriteLine("'aca three-body' (masses learned inside Newtonian gravity, per gradient method; --variant mlp: physics + network");
        Console.WriteLine("on a force the physics lacks, compared on extrapolation); 'aca timeseries' (a neural ODE on irregularly sampled");
        Console.WriteLine("spirals, against the mean predictor); 'aca bench' (speed on this machine); 'aca --help' lists every command.");
        return 0;
    }

    private static int Lorenz()
    {
        double[] z0 = [1.0, 1.0, 1.0], theta = [10.0, 28.0, 8.0 / 3.0];
        double[] times = [0.0, 0.25, 0.5, 0.75, 1.0];
        Console.WriteLine("1. Lorenz-63, θ = (σ, ρ, β) = (10, 28, 8/3), z0 = (1, 1, 1), outputs at t = 0, 0.25, … 1");
        Console.WriteLine("   Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, loss L = Σ_k |z(t_k)|²");
        Console.WriteLine();
        Console.WriteLine($"   {"method",-8} {"dL/dσ",20} {"dL/dρ",20} {"dL/dβ",20} {"steps",6} {"rej",4} {"f fwd",6} {"f bwd",6} {"vjp",5} {"memory",8} {"µs",7}");
        foreach (GradientMethod method in (GradientMethod[])[GradientMethod.Aca, GradientMethod.Adjoint, GradientMethod.Naive])
        {
            var solver = new OdeSolver<double, AcaKernels.Cli.Lorenz.RhsOde>(new OdeOptions { Gradient = method });
            var outputs = new double[times.Length * 3];
            var seeds = new double[outputs.Length];
            var gradZ0 = new double[3];
            var gradTheta = new double[3];
            double best = double.MaxValue;
            GradientResult gradient = default;
            for (int repeat = 0; repeat < 200; repeat++)
            {
                long start = Stopwatch.GetTimestamp();
                SolveResult solve = solver.Solve(z0, theta, times, outputs);
                if (!solve.IsSuccess) return Fail(solve);
                for (int i = 0; i < outputs.Length; i++) seeds[i] = 2 * outputs[i];
                gradient = solver.Gradient(seeds, gradZ0, gradTheta);
                if (!gradient.IsSuccess) return Fail(gradient.Result);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
            SolverStatistics s = gradient.Statistics;
            Console.WriteLine($"   {method,-8} {gradTheta[0],20:F12} {gradTheta[1],20:F12} {gradTheta[2],20:F12} {s.AcceptedSteps,6} {s.RejectedSteps,4} {s.ForwardEvaluations,6} {s.BackwardEvaluations,6} {s.BackwardVjps,5} {s.GradientMemoryBytes,7}B {best,7:F1}");
        }
        Console.WriteLine("   (µs: best of 200 runs of solve + gradient on this machine)");
        Console.WriteLine();
        return 0;
    }

    private static int Toy()
    {
        const double Alpha = -0.5, T = 10.0;
        Console.WriteLine($"2. Toy problem dz/dt = αz, α = {Alpha}, z0 = 1, T = {T}, L = z(T)²: relative error of dL/dα = 2T·z(T)²");
        Console.WriteLine();
        Console.WriteLine($"   {"tol",7} {"forward",10} {"ACA",10} {"adjoint",10} {"naive",10}");
        double exactZ = Math.Exp(Alpha * T), exact = 2 * T * exactZ * exactZ;
        Span<double> errors = stackalloc double[3];
        foreach (double tol in (double[])[1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10])
        {
            double forward = 0;
            foreach (GradientMethod method in (GradientMethod[])[GradientMethod.Aca, GradientMethod.Adjoint, GradientMethod.Naive])
            {
                var solver = new OdeSolver<double, Decay.RhsOde>(new OdeOptions
                {
                    Gradient = method, RelativeTolerance = tol, AbsoluteTolerance = tol, CheckpointGrowth = CheckpointGrowth.Double,
                });
                double[] outputs = new double[2], gradZ0 = new double[1], gradAlpha = new double[1];
                SolveResult solve = solver.Solve([1.0], [Alpha], [0.0, T], outputs);
                if (!solve.IsSuccess) return Fail(solve);
                GradientResult gradient = solver.Gradient([0.0, 2 * outputs[1]], gradZ0, gradAlpha);
                if (!gradient.IsSuccess) return Fail(gradient.Result);
                forward = Math.Abs(outputs[1] - exactZ) / exactZ;
                errors[(int)method] = Math.Abs(gradAlpha[0] - exact) / exact;
            }
            Console.WriteLine($"   {tol,7:E0} {forward,10:E2} {errors[0],10:E2} {errors[1],10:E2} {errors[2],10:E2}");
        }
        Console.WriteLine("   ACA's error follows the forward error; the adjoint's is larger, from its backward re-solve of z.");
        Console.WriteLine();
        return 0;
    }

    private static int Fail(SolveResult result)
    {
        Console.Error.WriteLine(result.Describe());
        return 1;
    }
}
