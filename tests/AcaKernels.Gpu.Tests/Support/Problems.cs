using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests.Support;

/// <summary>A batch of trajectories to solve: initial states, θ (shared or per trajectory), output times, loss seeds.</summary>
public sealed record Problem(double[] Z0, double[] Theta, double[] Times, double[] Seeds, OdeOptions Options);

/// <summary>The test problems, from fixed seeds.</summary>
public static class Problems
{
    public static readonly OdeOptions Options = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>Lorenz from (1, 1, 1) + noise; θ = (10, 28, 8/3) shared, or per trajectory with ±10% noise.</summary>
    public static Problem Lorenz(int trajectories, bool sharedTheta, double[]? times = null, OdeOptions? options = null)
    {
        var random = new Random(1234);
        times ??= [0, 0.5, 1.0];
        var z0 = new double[trajectories * 3];
        for (int i = 0; i < z0.Length; i++) z0[i] = 1 + 0.5 * (random.NextDouble() - 0.5);
        double[] theta = sharedTheta ? [10, 28, 8.0 / 3] : new double[trajectories * 3];
        if (!sharedTheta)
            for (int b = 0; b < trajectories; b++)
            {
                theta[3 * b] = 10 * (1 + 0.1 * (random.NextDouble() - 0.5));
                theta[3 * b + 1] = 28 * (1 + 0.1 * (random.NextDouble() - 0.5));
                theta[3 * b + 2] = 8.0 / 3 * (1 + 0.1 * (random.NextDouble() - 0.5));
            }
        return new Problem(z0, theta, times, Seeds(random, trajectories * times.Length * 3), options ?? Options);
    }

    /// <summary>The tanh MLP from states in [−1, 1]², θ shared (small random weights), t ∈ [0, 2] unless
    /// <paramref name="times"/> says otherwise.</summary>
    public static Problem TanhMlp(int trajectories, double[]? times = null)
    {
        var random = new Random(99);
        var z0 = new double[trajectories * 2];
        for (int i = 0; i < z0.Length; i++) z0[i] = 2 * random.NextDouble() - 1;
        var theta = new double[TanhMlpSystem.M];
        for (int i = 0; i < theta.Length; i++) theta[i] = random.NextDouble() - 0.5;
        times ??= [0, 1, 2];
        return new Problem(z0, theta, times, Seeds(random, trajectories * times.Length * 2), Options);
    }

    /// <summary>The unit-by-unit neural ODE with sine features (<see cref="Systems.SweptMlp"/>, a loop-form system with a
    /// 2-component state) from states in [−1, 1]², θ shared (<see cref="Systems.SweptMlp.Parameters"/>), t ∈ [0, 2].</summary>
    public static Problem SweptMlp(int trajectories)
    {
        var random = new Random(23);
        var z0 = new double[trajectories * 2];
        for (int i = 0; i < z0.Length; i++) z0[i] = 2 * random.NextDouble() - 1;
        double[] times = [0, 1, 2];
        return new Problem(z0, Systems.SweptMlp.Parameters(), times, Seeds(random, trajectories * times.Length * 2), Options);
    }

    /// <summary>Three bodies near an equilateral triangle, rotating; masses ≈ 1 per trajectory; t ∈ [0, 1] unless
    /// <paramref name="times"/> says otherwise.</summary>
    public static Problem ThreeBody(int trajectories, double[]? times = null)
    {
        var random = new Random(7);
        var z0 = new double[trajectories * 12];
        var theta = new double[trajectories * 3];
        for (int b = 0; b < trajectories; b++)
        {
            for (int i = 0; i < 3; i++)
            {
                double angle = 2 * Math.PI * i / 3 + 0.05 * random.NextDouble();
                double x = Math.Cos(angle), y = Math.Sin(angle);
                z0[12 * b + 2 * i] = x;
                z0[12 * b + 2 * i + 1] = y;
                z0[12 * b + 6 + 2 * i] = -0.7 * y;
                z0[12 * b + 6 + 2 * i + 1] = 0.7 * x;
                theta[3 * b + i] = 1 + 0.1 * (random.NextDouble() - 0.5);
            }
        }
        times ??= [0, 0.5, 1];
        return new Problem(z0, theta, times, Seeds(random, trajectories * times.Length * 12), Options);
    }

    private static double[] Seeds(Random random, int length)
    {
        var seeds = new double[length];
        for (int i = 0; i < length; i++) seeds[i] = random.NextDouble() - 0.5;
        return seeds;
    }
}
