using AcaKernels.Ensembles;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>One ensemble problem (float64, θ shared or per trajectory), run through any of the three solvers' shape.</summary>
internal sealed record Problem(int Trajectories, int N, double[] Z0, double[] Theta, double[] Times, double[] Seeds, OdeOptions Options)
{
    public static readonly OdeOptions Tolerances = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>Lorenz from (1, 1, 1) + noise; θ = (10, 28, 8/3) shared, or per trajectory with ±10 % noise.</summary>
    public static Problem Lorenz(int trajectories, bool sharedTheta)
    {
        var random = new Random(1234);
        double[] times = [0, 0.5, 1.0];
        var z0 = new double[trajectories * 3];
        for (int i = 0; i < z0.Length; i++) z0[i] = 1 + 0.5 * (random.NextDouble() - 0.5);
        double[] theta = sharedTheta ? [10, 28, 8.0 / 3] : new double[trajectories * 3];
        if (!sharedTheta)
            for (int i = 0; i < theta.Length; i++) theta[i] = (i % 3 == 0 ? 10 : i % 3 == 1 ? 28 : 8.0 / 3) * (1 + 0.1 * (random.NextDouble() - 0.5));
        return new Problem(trajectories, 3, z0, theta, times, RandomSeeds(random, trajectories * times.Length * 3), Tolerances);
    }

    /// <summary>Three bodies in 3-D near an equilateral triangle, rotating in the plane z = 0 with a small tilt; masses ≈ 1 per
    /// trajectory (ThreeBodyDynamics' units); t ∈ [0, 0.5].</summary>
    public static Problem ThreeBody(int trajectories)
    {
        var random = new Random(7);
        var z0 = new double[trajectories * 18];
        var theta = new double[trajectories * 3];
        for (int b = 0; b < trajectories; b++)
            for (int i = 0; i < 3; i++)
            {
                double angle = 2 * Math.PI * i / 3 + 0.05 * random.NextDouble();
                double x = Math.Cos(angle), y = Math.Sin(angle);
                z0[18 * b + 3 * i] = x;
                z0[18 * b + 3 * i + 1] = y;
                z0[18 * b + 3 * i + 2] = 0.01 * random.NextDouble();
                z0[18 * b + 9 + 3 * i] = -0.5 * y;
                z0[18 * b + 9 + 3 * i + 1] = 0.5 * x;
                theta[3 * b + i] = 1 + 0.1 * (random.NextDouble() - 0.5);
            }
        double[] times = [0, 0.25, 0.5];
        return new Problem(trajectories, 18, z0, theta, times, RandomSeeds(random, trajectories * times.Length * 18), Tolerances);
    }

    private static double[] RandomSeeds(Random random, int length)
    {
        var seeds = new double[length];
        for (int i = 0; i < length; i++) seeds[i] = random.NextDouble() - 0.5;
        return seeds;
    }
}

/// <summary>A solver's outputs and gradients on a <see cref="Problem"/>.</summary>
internal sealed record Outcome(double[] Outputs, double[] GradZ0, double[] GradTheta, SolveResult[] Results, GradientResult[] Gradients)
{
    public delegate EnsembleResult SolveCall(double[] z0, double[] p, double[] times, double[] outputs, SolveResult[] results);

    public delegate EnsembleResult GradientCall(double[] seeds, double[] gradZ0, double[] gradP, GradientResult[] results);

    public static Outcome Of(Problem problem, SolveCall solve, GradientCall gradient)
    {
        int b = problem.Trajectories;
        var outputs = new double[b * problem.Times.Length * problem.N];
        var results = new SolveResult[b];
        solve(problem.Z0, problem.Theta, problem.Times, outputs, results);
        var gradZ0 = new double[b * problem.N];
        var gradTheta = new double[problem.Theta.Length];
        var gradients = new GradientResult[b];
        gradient(problem.Seeds, gradZ0, gradTheta, gradients);
        return new Outcome(outputs, gradZ0, gradTheta, results, gradients);
    }

    /// <summary>|a − e| ≤ tol·max(1, |e|) elementwise; tolerance 0 means the same bits.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = tolerance == 0
                ? BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a)
                : Math.Abs(a - e) <= tolerance * Math.Max(1, Math.Abs(e));
            Assert.True(ok, $"{what}[{i}]: expected {e:R}, got {a:R} (tolerance {tolerance:R})");
        }
    }
}
