using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>ACA1024: a [RungeKuttaTableau] the generator cannot build is reported at the offending code, and the
/// systems still get the built-in kernels (and none for it).</summary>
public sealed class UserTableauDiagnosticTests
{
    private const string System = """
        public static partial class Sys
        {
            [OdeDynamics(1, 0)]
            static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { dz[0] = -z[0]; }
        }
        """;

    /// <summary>(text the diagnostic must point at, the tableau class).</summary>
    public static TheoryData<string, string> Cases => new()
    {
        // A coefficient read from a field is not a compile-time constant.
        { "Half", Tableau("static readonly double Half = 0.5;", "c: [0.0, 1.0], a: [[], [1.0]], b: [Half, 0.5], error: [-0.5, 0.5]") },
        // Inconsistent: row 1 of A sums to 0.9, not c[1] = 1 (ButcherTableau's own check, its message).
        { "Tableau", Tableau("", "c: [0.0, 1.0], a: [[], [0.9]], b: [0.5, 0.5], error: [-0.5, 0.5]") },
        // The array is built by a method call, not written out.
        { "Weights()", Tableau("static double[] Weights() => [0.5, 0.5];", "c: [0.0, 1.0], a: [[], [1.0]], b: Weights(), error: [-0.5, 0.5]") },
    };

    private static string Tableau(string members, string arguments) => $$"""
        [RungeKuttaTableau]
        public static class Heun2
        {
            {{members}}
            public static AcaKernels.Tableaus.ButcherTableau Tableau { get; } = new("Heun2", order: 2, errorOrder: 1, {{arguments}});
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidTableau_ReportsAca1024AtTheCode(string at, string tableau)
    {
        GeneratorRun run = GeneratorHarness.Run(System, tableau);
        Assert.Empty(run.Exceptions);
        string all = string.Join("\n", run.GeneratorDiagnostics);
        Diagnostic? diagnostic = run.GeneratorDiagnostics.SingleOrDefault(d => d.Id == "ACA1024");
        Assert.True(diagnostic is not null, "expected one ACA1024, got:\n" + all);
        string located = tableau.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.True(located.Contains(at, StringComparison.Ordinal), $"ACA1024 located at '{located}', expected '{at}'");
        string source = Assert.Single(run.GeneratedSources);
        Assert.Contains("TrialStepDormandPrince5", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Heun2", source, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidTableau_WithConstantArithmetic_GetsKernelsDispatchedByReference()
    {
        GeneratorRun run = GeneratorHarness.Run(System, Tableau("const double Half = 0.5;",
            "c: [0.0, 2.0 / 2], a: [[], [1]], b: [Half, 1.0 - Half], error: [-0.5, 0.5]"));
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.Errors);
        string source = Assert.Single(run.GeneratedSources);
        Assert.Contains("TrialStepHeun2(", source, StringComparison.Ordinal);
        Assert.Contains("StepVjpHeun2(", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Object.ReferenceEquals(tableau, global::Heun2.Tableau)", source, StringComparison.Ordinal);
    }
}
