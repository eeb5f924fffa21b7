extern alias Generators;

using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeDynamicsGenerator = Generators::AcaKernels.Generators.OdeDynamicsGenerator;

namespace AcaKernels.Generators.Tests;

/// <summary>The user-tableau model is plain data: an edit that leaves the coefficients alone keeps the generated
/// code cached; a changed coefficient regenerates it.</summary>
public sealed class UserTableauIncrementalityTests
{
    private const string Dynamics = """
        public static partial class Sys
        {
            [OdeDynamics(1, 0)]
            static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { dz[0] = -z[0]; }
        }
        """;

    private const string Tableau = """
        [RungeKuttaTableau]
        public static class Heun2
        {
            public static AcaKernels.Tableaus.ButcherTableau Tableau { get; } = new("Heun2", order: 2, errorOrder: 1,
                c: [0.0, 1.0], a: [[], [1.0]], b: [0.5, 0.5], error: [-0.5, 0.5]);
        }
        """;

    private static GeneratorDriverRunResult Edit(GeneratorRun first, string tableau) =>
        first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(first.Input.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(tableau, GeneratorHarness.ParseOptions))).GetRunResult();

    [Fact]
    public void EditKeepingTheCoefficients_LeavesTheOutputCached()
    {
        GeneratorRun first = GeneratorHarness.Run(Dynamics, Tableau);
        Assert.Empty(first.Errors);
        GeneratorDriverRunResult second = Edit(first, "// a comment\n" + Tableau.Replace("[0.5, 0.5]", "[1.0 / 2, 0.5]"));
        var result = second.Results.Single();
        Assert.All(result.TrackedSteps[OdeDynamicsGenerator.TableausStep].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void ChangedCoefficient_Regenerates()
    {
        GeneratorRun first = GeneratorHarness.Run(Dynamics, Tableau);
        GeneratorDriverRunResult second = Edit(first, Tableau.Replace("error: [-0.5, 0.5]", "error: [-0.25, 0.25]"));
        Assert.Contains(second.Results.Single().TrackedSteps[OdeDynamicsGenerator.TableausStep].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("0.25", second.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }
}
