using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Large nests of constant loops (issue 7, item 5): a tape beyond the documented stack budget is refused with a
/// located ACA1008 naming the limit (it was an unlocated ACA1999 overflow, or a stackalloc of 16 MB that killed
/// the process); a nest just inside the budget builds and differentiates exactly, and gets a lane step VJP whose
/// tape is in the caller's workspace (LaneWorkspaceTests runs one).
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
    [InlineData(40, 200)]   // 64 000 B of scalar tape: 512 000 B in lanes
    [InlineData(40, 400)]   // 128 000 B: 1 024 000 B in lanes, over the 768 KiB lane stack budget that used to drop it
    public void LaneVjp_ForAnyTapeTheScalarBudgetAdmits_HasItsTapeInTheWorkspace(int outer, int inner)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: false, Nest(outer, inner));
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        Assert.Contains("TrialStepLanesDormandPrince5(", generated, StringComparison.Ordinal);
        Assert.Contains("VectorJacobianProductLanes(", generated, StringComparison.Ordinal);
        Assert.Contains("TryLaneStepVjp(", generated, StringComparison.Ordinal);
        // One vector per saved x, plus the seed (n = 1); none of it on the stack.
        Assert.Contains($"LaneStepVjpWorkspaceLength => {outer * inner + 1};", generated, StringComparison.Ordinal);
        Assert.Contains($"tape = workspace.Slice(0, {outer * inner});", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("stackalloc global::System.Runtime.Intrinsics.Vector512", generated, StringComparison.Ordinal);
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
