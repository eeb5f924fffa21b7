using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The reverse sweep starts no accumulator with <c>0 +</c> (Passes/Reverse/FreshAccumulators): the first term into
/// an adjoint that still holds its initial 0 is assigned, and x += -g is written x -= g. Lorenz with θ in locals:
/// every local's adjoint gets its single term by assignment, none by a fused multiply-add onto 0; the caller's
/// gradZ and gradP keep accumulating. The gradients are checked against central differences; bit-identity between
/// the engines (which all print this IR) is the lane and fused-kernel tests' business.
/// </summary>
public sealed class FreshAccumulatorsTests
{
    private const string LorenzWithLocals = """
        namespace FreshSnip;
        public static partial class S
        {
            [OdeDynamics(3, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double sigma = p[0], rho = p[1], beta = p[2];
                dz[0] = sigma * (z[1] - z[0]);
                dz[1] = z[0] * (rho - z[2]) - z[1];
                dz[2] = z[0] * z[1] - beta * z[2];
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LocalsAdjoints_AreAssignedNotAddedToZero_AndMatchDifferences(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, LorenzWithLocals);
        Assert.Empty(run.Errors);
        string vjp = GeneratedMethod.Text(Assert.Single(run.GeneratedSources), "public static double VectorJacobianProduct(", withoutComments: true);
        Assert.DoesNotContain("+= -", vjp, StringComparison.Ordinal);
        foreach (string local in new[] { "sigmaBar", "rhoBar", "betaBar" })
        {
            Assert.DoesNotMatch($@"\b{local} \+=", vjp);
            Assert.DoesNotMatch($@"\b{local} = global::System\.Math\.FusedMultiplyAdd\(", vjp);
            Assert.Matches($@"\b{local} = ", vjp);
        }
        // ∂L/∂θ still accumulates onto the caller's gradP (read into locals gp0… or written in place): one term per parameter.
        Assert.Equal(3, Regex.Matches(vjp, @"\b(gp\d|gradP\[\d\]) \+= ").Count);
        AssertMatchesDifferences(run, seed: 1313);
    }

    private static void AssertMatchesDifferences(GeneratorRun run, int seed)
    {
        using var assembly = new InMemoryAssembly(run.Output);
        var evaluate = assembly.Method<EvaluateFn>("FreshSnip.S+FOde", "Evaluate");
        var vjpFn = assembly.Method<VjpFn>("FreshSnip.S+FOde", "VectorJacobianProduct");
        var random = new Random(seed);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] z = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)];
            double[] p = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() + 0.5)];
            double[] v = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)];
            double[] gradient = GradientCheck.Gradient(vjpFn, 3, 3, 0.0, z, p, v);
            Assert.Null(GradientCheck.AgainstDifferences(evaluate, gradient, 3, 3, 0.0, z, p, v));
        }
    }
}
