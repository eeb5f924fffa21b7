using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Support;

/// <summary>A point (t, z, p) at which a system is evaluated, plus a cotangent v.</summary>
public sealed record SamplePoint(double T, double[] Z, double[] P, double[] V);

/// <summary>Seeded points near a system's sample state and parameters, so tests are reproducible.</summary>
public static class SamplePoints
{
    /// <summary>
    /// The sample point itself, then <paramref name="perturbed"/> points with each entry moved by up to 30%
    /// (of max(1, |x|)), at times 0.7, −1.3, 2.9, …, each with a random cotangent v ~ U(−1, 1)ⁿ.
    /// </summary>
    public static IEnumerable<SamplePoint> For<TSys>(int perturbed = 2, int seed = 12345) where TSys : ITestSystem
    {
        var random = new Random(seed);
        double[] z = TSys.SampleState, p = TSys.SampleParameters;
        yield return new SamplePoint(0.7, z, p, Uniform(random, z.Length));
        for (int k = 0; k < perturbed; k++)
            yield return new SamplePoint(-1.3 + 4.2 * k, Perturb(random, z), Perturb(random, p), Uniform(random, z.Length));
    }

    /// <summary>n draws from U(−1, 1).</summary>
    public static double[] Uniform(Random random, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * random.NextDouble() - 1;
        return x;
    }

    private static double[] Perturb(Random random, double[] x) =>
        x.Select(v => v + 0.3 * (2 * random.NextDouble() - 1) * Math.Max(1, Math.Abs(v))).ToArray();
}
