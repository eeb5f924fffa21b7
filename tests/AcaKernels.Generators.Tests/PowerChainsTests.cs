using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Powers of a square root differentiate straight into the radicand (Passes/Reverse/PowerChains): c = K/(r·…·r) with
/// r = √S, or c = K/(s·√s…) within one statement, is c = K·S^p, and its VJP pushes c̄·p·c^i·r^j·s^m/K^(i−1) into S
/// with no divide, where reverse mode by the statement took 1/x's rule, the product rule and √'s 1/(r + r). Each
/// case is checked against dual numbers and complex-step derivatives (1e-12 relative: the rule's value differs from
/// the chain's by rounding only) in the register and the loop form, and the divides the VJP keeps are counted.
/// </summary>
public sealed class PowerChainsTests
{
    /// <summary>Across statements: c = K/rⁿ, r = √S, for n = 1 … 4 and K = 1 or not.</summary>
    public static TheoryData<string> Across => new()
    {
        "1 / r", "1 / (r * r)", "1 / (r * r * r)", "0.2 / (r * r * r)", "-3 / (r * (r * r))", "1 / (r * r * r * r)", "0.7 / r",
    };

    [Theory]
    [MemberData(nameof(Across))]
    public void PowerOfARoot_DifferentiatesIntoTheRadicandWithoutDividing(string power)
    {
        string members = RootPower(power);
        Check(members, 3, 1, fusedKernels: false);
        // The forward sweep's quotient is the VJP's only divide (the chain rules took one more for √).
        Assert.Equal(1, Divides(members, "VectorJacobianProduct("));
    }

    /// <summary>Within one statement: c = K/(s^a·√s^b), s a local (NewtonianGravity's K1/(s·√s)).</summary>
    public static TheoryData<string> WithinOne => new()
    {
        "0.2 / (s * Math.Sqrt(s))", "1 / Math.Sqrt(s)", "2.5 / (s * s * Math.Sqrt(s))", "1 / (Math.Sqrt(s) * Math.Sqrt(s) * Math.Sqrt(s))",
    };

    [Theory]
    [MemberData(nameof(WithinOne))]
    public void PowerOfALocalAndItsRoot_DifferentiatesIntoTheLocalWithoutDividing(string power)
    {
        string members = LocalPower(power);
        Check(members, 3, 1, fusedKernels: false);
        Assert.Equal(1, Divides(members, "VectorJacobianProduct("));
    }

    /// <summary>Where r is read by anything but powers, r̄ holds ∂L/∂r, not ∂L/∂S: the chain rules stay (and agree).</summary>
    [Fact]
    public void RootReadElsewhere_KeepsTheChainRules()
    {
        string members = """
            [OdeDynamics(3, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double r = Math.Sqrt(z[0] * z[0] + z[1] * z[1] + p[0]);
                double c = 1 / (r * r * r);
                dz[0] = c * z[0];
                dz[1] = c * z[1] - r;
                dz[2] = c * p[0];
            }
            """;
        Check(members, 3, 1);
        Assert.Equal(2, Divides(members, "VectorJacobianProduct("));
    }

    /// <summary>The pairs of a loop, unrolled or not: r and c are written once per pair, each power reads the root
    /// written just before it; a root overwritten between the two keeps the chain rules.</summary>
    [Fact]
    public void PairsInALoop_MatchDualsAndComplexStep()
    {
        Check("""
            [OdeDynamics(6, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int k = 0; k < 6; k++) dz[k] = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        if (i != j)
                        {
                            double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                            double r = Math.Sqrt(dx * dx + dy * dy), inv3 = 1 / (r * r * r);
                            dz[2 * i] += p[j] * dx * inv3;
                            dz[2 * i + 1] += p[j] * dy * inv3;
                        }
            }
            """, 6, 3);
        Check("""
            [OdeDynamics(2, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double r = Math.Sqrt(z[0] * z[0] + p[0]);
                if (z[1] > 0) r = Math.Sqrt(z[1] * z[1] + p[0]);
                double c = 1 / (r * r * r);
                dz[0] = c * z[0];
                dz[1] = c;
            }
            """, 2, 1);
    }

    /// <summary>
    /// The fused steps and step VJPs (register and loop form) of every power case above compile: one class holding all
    /// their dynamics, compiled once per form (the cases' own snippets leave the fused steps out, several times faster).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedStepsOfEveryPowerCase_Compile(bool registerKernels)
    {
        var cases = new List<string>();
        foreach (object[] row in (IEnumerable<object[]>)Across) cases.Add(RootPower((string)row[0]));
        foreach (object[] row in (IEnumerable<object[]>)WithinOne) cases.Add(LocalPower((string)row[0]));
        FusedStepsCheck.AssertAllCompile(cases, registerKernels);
    }

    private static string RootPower(string power) => Power("double r = Math.Sqrt(z[0] * z[0] + z[1] * z[1] + p[0]);", power);

    private static string LocalPower(string power) => Power("double s = z[0] * z[0] + z[1] * z[1] + p[0];", power);

    /// <summary>f with c = <paramref name="power"/> after <paramref name="base"/>, c read by every row.</summary>
    private static string Power(string @base, string power) => $$"""
        [OdeDynamics(3, 1)]
        public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
        {
            {{@base}}
            double c = {{power}};
            dz[0] = c * z[0];
            dz[1] = c * z[1] - z[2];
            dz[2] = c * p[0];
        }
        """;

    private static void Check(string members, int n, int m, bool fusedKernels = true)
    {
        foreach (bool registerKernels in new[] { true, false })
        {
            using var snippet = CompiledSnippet.Build(members, n, m, registerKernels, fusedKernels: fusedKernels);
            var random = new Random(4711);
            for (int trial = 0; trial < 5; trial++)
            {
                // Points kept away from 0 so every power stays well conditioned.
                double[] z = [.. Enumerable.Range(0, n).Select(k => (k % 2 == 0 ? 1 : -1) * (0.3 + k + random.NextDouble()))];
                double[] p = [.. Enumerable.Range(0, m).Select(_ => 0.5 + random.NextDouble())];
                double[] v = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
                snippet.Check(0.25, z, p, v);
            }
        }
    }

    /// <summary>The divides in the generated method <paramref name="name"/> (register form), comments left out.</summary>
    private static int Divides(string members, string name)
    {
        string source = $"namespace PowerSnip;\npublic static partial class S\n{{\n{members}\n}}\n";
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, source);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)); // compiled by FusedStepsOfEveryPowerCase_Compile
        string generated = Assert.Single(run.GeneratedSources);
        int start = generated.IndexOf("public static double " + name, StringComparison.Ordinal);
        Assert.True(start >= 0, "no " + name);
        int end = generated.IndexOf("/// <", start, StringComparison.Ordinal);
        string method = end < 0 ? generated[start..] : generated[start..end];
        string code = string.Join("\n", method.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return Regex.Matches(code, " / ").Count;
    }
}
