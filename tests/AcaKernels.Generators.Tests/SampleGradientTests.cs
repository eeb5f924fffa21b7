using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>The generated VJP of every sample against dual numbers and central differences; Evaluate against the
/// user's own method.</summary>
public sealed class SampleGradientTests
{
    private const int Points = 5;

    [Theory]
    [MemberData(nameof(SampleCase.Names), MemberType = typeof(SampleCase))]
    public void Sample_Vjp_MatchesDualNumbers(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        TangentFn tangent = DualCompiler.ForSample(sample);
        var random = new Random(1234);
        for (int point = 0; point < Points; point++)
        {
            (double t, double[] z, double[] p, double[] v) = RandomPoint(sample, random);
            double[] gradient = GradientCheck.Gradient(sample.Vjp, sample.N, sample.M, t, z, p, v);
            Assert.Null(GradientCheck.AgainstDual(tangent, gradient, sample.N, sample.M, t, z, p, v));
        }
    }

    [Theory]
    [MemberData(nameof(SampleCase.Names), MemberType = typeof(SampleCase))]
    public void Sample_Vjp_MatchesCentralDifferences(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        var random = new Random(99);
        for (int point = 0; point < Points; point++)
        {
            (double t, double[] z, double[] p, double[] v) = RandomPoint(sample, random);
            double[] gradient = GradientCheck.Gradient(sample.Vjp, sample.N, sample.M, t, z, p, v);
            Assert.Null(GradientCheck.AgainstDifferences(sample.Evaluate, gradient, sample.N, sample.M, t, z, p, v));
        }
    }

    [Theory]
    [MemberData(nameof(SampleCase.Names), MemberType = typeof(SampleCase))]
    public void Sample_Evaluate_IsBitIdenticalToTheUserMethod(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        bool lowered = sample.Source().Contains("Math.Tanh", StringComparison.Ordinal)
            || sample.Source().Contains("Math.Pow(r, 3)", StringComparison.Ordinal);
        var random = new Random(7);
        for (int point = 0; point < Points; point++)
        {
            (double t, double[] z, double[] p, _) = RandomPoint(sample, random);
            var expected = new double[sample.N];
            var actual = new double[sample.N];
            sample.User(t, z, p, expected);
            sample.Evaluate(t, z, p, actual);
            if (!lowered)
            {
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
                continue;
            }
            // Math.Tanh is lowered to OdeMath.Tanh (≤ 2 ulp from it, so that lanes and GPU compute the same bits):
            // each hidden unit may differ by 2 ulp ≤ 4.5e-16, and the output layer sums H such units with weights
            // of order 1 (RandomPoint), so 1e-14·max(1, |f|) is a few times that bound and far below any real change.
            // Math.Pow(r, 3) is parsed as r·r·r (≤ 1.5 ulp from the cube, BodyParser.Powers.cs), and the N-body rows
            // sum two or three such pulls: the same bound holds.
            for (int i = 0; i < sample.N; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-14 * Math.Max(1, Math.Abs(expected[i])),
                    $"f[{i}]: generated {actual[i]:R}, user method {expected[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(SampleCase.Names), MemberType = typeof(SampleCase))]
    public void Sample_Vjp_AddsToExistingGradients(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        (double t, double[] z, double[] p, double[] v) = RandomPoint(sample, new Random(3));
        double[] once = GradientCheck.Gradient(sample.Vjp, sample.N, sample.M, t, z, p, v);
        var gz = Enumerable.Repeat(1.0, sample.N).ToArray();
        var gp = Enumerable.Repeat(1.0, sample.M).ToArray();
        sample.Vjp(t, z, p, v, gz, gp);
        // Several contributions land in one gradient entry, so starting from 1 instead of 0 changes the rounding
        // of each partial sum: equal to a few ulps of the magnitudes involved.
        for (int i = 0; i < sample.N; i++) Assert.True(Math.Abs(1.0 + once[1 + i] - gz[i]) <= 1e-13 * (1 + Math.Abs(once[1 + i])));
        for (int i = 0; i < sample.M; i++)
            Assert.True(Math.Abs(1.0 + once[1 + sample.N + i] - gp[i]) <= 1e-13 * (1 + Math.Abs(once[1 + sample.N + i])));
    }

    internal static (double T, double[] Z, double[] P, double[] V) RandomPoint(SampleCase sample, Random random)
    {
        double t = random.NextDouble() * 2;
        double[] z = Enumerable.Range(0, sample.N).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] p = Enumerable.Range(0, sample.M).Select(_ => (random.NextDouble() * 2 - 1) * sample.ParameterScale).ToArray();
        if (sample.Name.Contains("Body"))
            for (int i = 0; i < sample.M; i++) p[i] = 0.5 + random.NextDouble();
        double[] v = Enumerable.Range(0, sample.N).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return (t, z, p, v);
    }
}
