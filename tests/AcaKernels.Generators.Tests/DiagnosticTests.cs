using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>Each diagnostic, located at the offending code; nothing is generated for an invalid method.</summary>
public sealed class DiagnosticTests
{
    private const string Signature = "static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)";

    /// <summary>(expected id, text the diagnostic must point at, body of F).</summary>
    public static TheoryData<string, string, string> BodyCases => new()
    {
        { "ACA1004", "z[3]", "dz[0] = z[3];" },
        { "ACA1004", "dz[2]", "dz[2] = z[0];" },
        { "ACA1004", "p[i + 2]", "for (int i = 0; i < 2; i++) dz[0] = p[i + 2];" },
        { "ACA1004", "h[4]", "Span<double> h = stackalloc double[4]; h[4] = 1; dz[0] = h[0];" },
        { "ACA1004", "p.Slice(2, 2)", "ReadOnlySpan<double> w = p.Slice(2, 2); dz[0] = w[0];" },
        { "ACA1006", "stackalloc double[2]", "for (int i = 0; i < 2; i++) { Span<double> h = stackalloc double[2]; h[0] = z[0]; dz[0] = h[0]; }" },
        { "ACA1007", "t", "t = 2; dz[0] = t;" },
        { "ACA2001", "while (z[0] > 0) { }", "while (z[0] > 0) { } dz[0] = 0;" },
        { "ACA2001", "return", "for (int i = 0; i < 2; i++) { if (z[i] > 0) return; } dz[0] = 0;" },
        { "ACA2002", "Console.WriteLine(z[0])", "Console.WriteLine(z[0]); dz[0] = 0;" },
        { "ACA2002", "Math.BitDecrement(z[0])", "dz[0] = Math.BitDecrement(z[0]);" },
        { "ACA1021", "z.Length", "for (int i = 0; i < z.Length; i++) dz[0] += z[i];" },
        { "ACA2003", "i < 2", "for (int i = 0; i < 2; i += 0) dz[0] += z[i];" },
        { "ACA2003", "i", "for (int i = 0; i < 2; i++) { i = 3; dz[0] = 0; }" },
        { "ACA2004", "(int)z[0]", "dz[0] = p[(int)z[0]];" },
        { "ACA2004", "i * i", "for (int i = 0; i < 2; i++) dz[0] = p[i * i];" },
        { "ACA2004", "i / 2", "for (int i = 0; i < 2; i++) dz[0] = p[i / 2];" },
        { "ACA2005", "dz[0]", "dz[0] = 1; dz[1] = dz[0];" },
        { "ACA2005", "dz[0]", "dz[0] = 1; dz[0] *= 2;" },
        { "ACA2006", "z[0] % 2", "dz[0] = z[0] % 2;" },
        { "ACA2006", "x++", "double x = z[0]; dz[0] = x++;" },
        { "ACA2007", "k", "int k = 0; k = 1; dz[0] = z[k];" },
        { "ACA2008", "Rec(x, k - 1)", "dz[0] = Rec(z[0], 3);" },
        { "ACA2009", "return x;", "dz[0] = Early(z[0]);" },
    };

    private const string Helpers = """
        static double Rec(double x, int k) => k == 0 ? x : Rec(x, k - 1);
        static double Early(double x) { if (x > 0) return x; return -x; }
        """;

    [Theory]
    [MemberData(nameof(BodyCases))]
    public void InvalidBody_ReportsDiagnosticAtTheOffendingCode(string id, string at, string body)
    {
        string source = $$"""
            public static partial class C
            {
                [OdeDynamics(2, 3)]
                {{Signature}}
                {
                    {{body}}
                }
                {{Helpers}}
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Exceptions);
        string all = string.Join("\n", run.GeneratorDiagnostics);
        Diagnostic? diagnostic = run.GeneratorDiagnostics.SingleOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, "expected one " + id + ", got:\n" + all);
        string located = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.True(located.Contains(at), $"{id} located at '{located}', expected '{at}'");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "ACA1999");
        Assert.Empty(run.GeneratedSources);
    }

    public static TheoryData<string, string> DeclarationCases => new()
    {
        { "ACA1001", "public static class C { [OdeDynamics(2, 0)] " + Signature + " { dz[0] = 0; } }" },
        { "ACA1001", "public class Outer { public partial class C { [OdeDynamics(2, 0)] " + Signature + " { dz[0] = 0; } } }" },
        { "ACA1002", "public partial class C { [OdeDynamics(2, 0)] void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { dz[0] = 0; } }" },
        { "ACA1002", "public partial class C { [OdeDynamics(2, 0)] static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<float> p, Span<double> dz) { dz[0] = 0; } }" },
        { "ACA1002", "public partial class C { [OdeDynamics(2, 0)] static int F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => 0; }" },
        { "ACA1002", "public partial class C { [OdeDynamics(2, 0)] static void F(decimal t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { } }" },
        { "ACA1002", "public partial class C { [OdeDynamics(2, 0)] static void F<T>(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) { } }" },
        { "ACA1003", "public partial class C { [OdeDynamics(0, 0)] " + Signature + " { } }" },
        { "ACA1003", "public partial class C { [OdeDynamics(2, -1)] " + Signature + " { dz[0] = 0; } }" },
        { "ACA1005", "public partial class C { [OdeDynamics(2, 0)] " + Signature + " { dz[0] = 0; } public struct FOde { } }" },
    };

    [Theory]
    [MemberData(nameof(DeclarationCases))]
    public void InvalidDeclaration_ReportsUsageDiagnostic(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Exceptions);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            public static partial class C
            {
                [OdeDynamics(2, 1)]
                {{Signature}}
                {
                    dz[0] = z[5];
                    dz[1] = Math.BitDecrement(p[0]);
                }
            }
            """);
        Assert.Equal(["ACA1004", "ACA2002"], run.GeneratorDiagnostics.Select(d => d.Id).Order());
    }

    [Fact]
    public void ValidMethod_ProducesNoDiagnosticsAndCompiles()
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            namespace N;
            public static partial class C
            {
                [OdeDynamics(2, 1)]
                {{Signature}}
                {
                    dz[0] = z[1];
                    dz[1] = -p[0] * z[0];
                }
            }
            """);
        Assert.True(!run.Errors.Any(), string.Join("\n", run.Errors));
        Assert.Single(run.GeneratedSources);
    }
}
