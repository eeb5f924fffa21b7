using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The reverse sweep reads a quotient or call back from the variable the forward sweep assigned it to instead of
/// computing it again (Passes/Reverse/ResultReuse), where that costs no tape. The three-body pair term
/// c = 1/(r·r·r), r = √(dx² + dy²): the VJP computes each √ once (3, the forward's) and divides 3 times (the
/// forward's; c and r differentiate straight into dx² + dy² as −1.5·c·c·r, Passes/Reverse/PowerChains), not 6 and 12.
/// A quotient
/// of two variables divides once in the reverse sweep (g/b, shared by both operands' terms). A value a loop
/// overwrites before the reverse sweep reaches it is recomputed, with the tape it had. The gradients are checked
/// against central differences; bit-identity with the other engines is the lane and fused-kernel tests' business.
/// </summary>
public sealed partial class ResultReuseTests
{
    private const string Pairs = """
        namespace ReuseSnip;
        public static partial class S
        {
            [OdeDynamics(6, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double dx01 = z[2] - z[0], dy01 = z[3] - z[1];
                double dx02 = z[4] - z[0], dy02 = z[5] - z[1];
                double dx12 = z[4] - z[2], dy12 = z[5] - z[3];
                double r01 = Math.Sqrt(dx01 * dx01 + dy01 * dy01);
                double r02 = Math.Sqrt(dx02 * dx02 + dy02 * dy02);
                double r12 = Math.Sqrt(dx12 * dx12 + dy12 * dy12);
                double c01 = 1 / (r01 * r01 * r01), c02 = 1 / (r02 * r02 * r02), c12 = 1 / (r12 * r12 * r12);
                dz[0] = p[0] * dx01 * c01 + p[1] * dx02 * c02;
                dz[1] = p[0] * dy01 * c01 + p[1] * dy02 * c02;
                dz[2] = -p[0] * dx01 * c01 + p[1] * dx12 * c12;
                dz[3] = -p[0] * dy01 * c01 + p[1] * dy12 * c12;
                dz[4] = -p[0] * dx02 * c02 - p[1] * dx12 * c12;
                dz[5] = -p[0] * dy02 * c02 - p[1] * dy12 * c12;
            }
        }
        """;

    /// <summary>w is overwritten every iteration before the reverse sweep reaches the previous one: reading it back
    /// would need a tape slot per iteration, so the reverse recomputes Exp and the VJP keeps no tape.</summary>
    private const string Overwritten = """
        namespace ReuseSnip;
        public static partial class S
        {
            [OdeDynamics(3, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double acc = 0;
                for (int i = 0; i < 3; i++)
                {
                    double w = Math.Exp(p[i] * z[i]);
                    acc += w;
                }
                for (int i = 0; i < 3; i++) dz[i] = acc * p[i];
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PairTerms_VjpComputesEachSqrtOnceAndSixQuotients_AndMatchesDifferences(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, Pairs);
        Assert.Empty(run.Errors);
        string vjp = GeneratedMethod.Text(Assert.Single(run.GeneratedSources), "public static double VectorJacobianProduct(", withoutComments: true);
        Assert.Equal(3, Count(vjp, "Math.Sqrt("));
        Assert.Equal(3, Count(vjp, " / "));
        AssertMatchesDifferences(run, 6, 2, seed: 808);
    }

    /// <summary>Quotients of two variables, one read back (q) and one recomputed in the rule (a quotient the tape
    /// does not keep): each divides once in the forward sweep and once in the reverse (g/b, shared).</summary>
    private const string TwoVariableQuotients = """
        namespace ReuseSnip;
        public static partial class S
        {
            [OdeDynamics(3, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double q = z[0] / (z[1] + p[0]);
                dz[0] = q * z[2];
                dz[1] = z[2] / z[0];
                dz[2] = -q;
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void QuotientOfTwoVariables_DividesOnceInTheReverseSweep_AndMatchesDifferences(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, TwoVariableQuotients);
        Assert.Empty(run.Errors);
        string vjp = GeneratedMethod.Text(Assert.Single(run.GeneratedSources), "public static double VectorJacobianProduct(", withoutComments: true);
        Assert.Equal(4, Count(vjp, " / ")); // forward 2, reverse 2: one per quotient, not two
        AssertMatchesDifferences(run, 3, 1, seed: 810);
    }

    [Fact]
    public void ValueOverwrittenInALoop_IsRecomputedWithoutTape_AndMatchesDifferences()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: false, Overwritten);
        Assert.Empty(run.Errors);
        string vjp = GeneratedMethod.Text(Assert.Single(run.GeneratedSources), "public static double VectorJacobianProduct(", withoutComments: true);
        Assert.DoesNotContain("tape", vjp, StringComparison.Ordinal);
        Assert.Equal(2, Count(vjp, "OdeMath.Exp(")); // the forward sweep's and the reverse sweep's
        AssertMatchesDifferences(run, 3, 3, seed: 809);
    }

    private static void AssertMatchesDifferences(GeneratorRun run, int n, int m, int seed)
    {
        using var assembly = new InMemoryAssembly(run.Output);
        var evaluate = assembly.Method<EvaluateFn>("ReuseSnip.S+FOde", "Evaluate");
        var vjpFn = assembly.Method<VjpFn>("ReuseSnip.S+FOde", "VectorJacobianProduct");
        var random = new Random(seed);
        for (int trial = 0; trial < 5; trial++)
        {
            // Positions kept apart (|d| ≥ ~0.5) so 1/r³ stays well conditioned for the differences.
            double[] z = [.. Enumerable.Range(0, n).Select(k => k + random.NextDouble() * 0.5)];
            double[] p = [.. Enumerable.Range(0, m).Select(_ => random.NextDouble() + 0.5)];
            double[] v = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
            double[] gradient = GradientCheck.Gradient(vjpFn, n, m, 0.0, z, p, v);
            Assert.Null(GradientCheck.AgainstDifferences(evaluate, gradient, n, m, 0.0, z, p, v));
        }
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
