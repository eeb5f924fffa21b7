using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The VJP's forward sweep computes only what its reverse sweep reads (Passes/Reverse/ForwardPruning): in a
/// two-layer loop body (tanh layer, then a linear layer into dz) the second layer's sums are never read by the
/// reverse sweep (its rule reads the hidden values and weights), so the forward sweep leaves them out; the VJP
/// still matches central differences.
/// </summary>
public sealed class ForwardPruningTests
{
    private const string TwoLayers = """
        namespace PruneSnip;
        public static partial class S
        {
            [OdeDynamics(3, 12)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> hidden = stackalloc double[3];
                for (int o = 0; o < 3; o++)
                {
                    double first = p[o];
                    for (int i = 0; i < 3; i++) first += p[3 + o] * z[i] * (i + 1);
                    hidden[o] = Math.Tanh(first);
                }
                for (int o = 0; o < 3; o++)
                {
                    double second = p[6 + o];
                    for (int i = 0; i < 3; i++) second += p[9 + i] * hidden[i];
                    dz[o] = second;
                }
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SecondLayer_IsNotRecomputedByTheVjp_AndTheVjpMatchesDifferences(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, TwoLayers);
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        int vjp = generated.IndexOf("public static double VectorJacobianProduct(", StringComparison.Ordinal);
        if (!registerKernels)
        {
            int start = generated.IndexOf("// Forward sweep", vjp, StringComparison.Ordinal);
            string forwardSweep = generated[start..generated.IndexOf("// Reverse sweep.", start, StringComparison.Ordinal)];
            // Loop form: the first layer's sum is in the forward sweep, the second's is not.
            Assert.Contains("first +=", forwardSweep, StringComparison.Ordinal);
            Assert.DoesNotContain("second", forwardSweep, StringComparison.Ordinal);
        }
        using var assembly = new InMemoryAssembly(run.Output);
        var evaluate = assembly.Method<EvaluateFn>("PruneSnip.S+FOde", "Evaluate");
        var vjpFn = assembly.Method<VjpFn>("PruneSnip.S+FOde", "VectorJacobianProduct");
        var random = new Random(515);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] z = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)];
            double[] p = [.. Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 2 - 1)];
            double[] v = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)];
            double[] gradient = GradientCheck.Gradient(vjpFn, 3, 12, 0.0, z, p, v);
            Assert.Null(GradientCheck.AgainstDifferences(evaluate, gradient, 3, 12, 0.0, z, p, v));
        }
    }
}
