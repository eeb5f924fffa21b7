using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Large nests of constant loops (issue 7, item 5): a tape beyond the documented stack budget is refused with a
/// located ACA1008 naming the limit (it was an unlocated ACA1999 overflow, or a stackalloc of 16 MB that killed
/// the process); a nest just inside the budget builds and differentiates exactly.
/// </summary>
public sealed class TapeBudgetTests
{
    private static string Nest(int outer, int inner) => $$"""
        public static partial class Nested
        {
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double x = z[0];
                for (int q = 0; q < {{outer}}; q++)
                    for (int w = 0; w < {{inner}}; w++)
                        x = Math.Sin(x) * 0.5 + p[0];
                dz[0] = x;
            }
        }
        """;

    [Theory]
    [InlineData(100000, 100000, true)]
    [InlineData(100000, 100000, false)]
    [InlineData(1000, 2000, true)]
    [InlineData(1000, 2000, false)]
    public void NestBeyondBudget_IsRefusedAtTheOuterLoop(int outer, int inner, bool registerKernels)
    {
        string source = Nest(outer, inner);
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, source);
        Assert.Empty(run.Exceptions);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ACA1008", diagnostic.Id);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path); // Source0.cs holds the global usings
        Assert.Equal($"for (int q = 0; q < {outer}; q++)", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        // x = f(x) saves one double per iteration: 8·outer·inner bytes, computed in 64 bits.
        Assert.Contains($"{8L * outer * inner} bytes", message);
        Assert.Contains("budget of 131072 bytes", message); // BodyParser.StackBudgetBytes, 128 KiB
        Assert.Empty(run.GeneratedSources);
    }

    [Theory]
    [InlineData(40, 200, true)]   // 64 000 B of scalar tape: 512 000 B in lanes, inside the 768 KiB lane budget
    [InlineData(40, 400, false)]  // 128 000 B: 1 024 000 B in lanes, over it (a 1.5 MiB thread would overflow)
    public void LaneVjp_IsEmittedOnlyWithinTheLaneStackBudget(int outer, int inner, bool laneVjp)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: false, Nest(outer, inner));
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        Assert.Contains("TrialStepLanesDormandPrince5(", generated, StringComparison.Ordinal); // the forward keeps its lanes
        Assert.Equal(laneVjp, generated.Contains("VectorJacobianProductLanes(", StringComparison.Ordinal));
        Assert.Equal(laneVjp, generated.Contains("TryLaneStepVjp(", StringComparison.Ordinal));
    }

    [Fact]
    public void HugeNestWithNothingToTape_GeneratesWithoutWalkingEveryIteration()
    {
        // No tape, so no ACA1008; the unroller gives up after a bounded walk (it took 10^10 steps before).
        GeneratorRun run = GeneratorHarness.Run("""
            public static partial class Empty
            {
                [OdeDynamics(1, 1)]
                public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
                {
                    for (int q = 0; q < 100000; q++)
                        for (int w = 0; w < 100000; w++) { }
                    dz[0] = z[0] * p[0];
                }
            }
            """);
        Assert.Empty(run.Errors);
        Assert.DoesNotContain(run.GeneratedSources, s => s.Contains("// Straight-line form:", StringComparison.Ordinal));
    }

    [Fact]
    public void NestInsideBudget_BuildsAndMatchesDualNumbers()
    {
        // 40·400 saved doubles = 128 000 bytes, just under the 131 072-byte budget; only the loop form holds it.
        using var snippet = CompiledSnippet.Build("""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double x = z[0];
                for (int q = 0; q < 40; q++)
                    for (int w = 0; w < 400; w++)
                        x = Math.Sin(x) * 0.5 + p[0];
                dz[0] = x;
            }
            """, 1, 1, registerKernels: false);
        snippet.Check(0, [0.3], [0.2], [1.0]);
    }
}
