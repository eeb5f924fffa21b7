using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// <c>Math.Pow(x, e)</c> with a small constant e is written as products, a square root and a reciprocal
/// (Parsing/BodyParser.Powers.cs). The values are checked against the user's own method (its Math.Pow) within the
/// rounding the products add (documented there: ≤ 2.5 ulp; 4 ulp allowed here), the VJP against dual numbers and
/// complex-step derivatives (1e-12 relative, as every VJP), and the generated code for the absence (or, for the
/// exponents left alone, the presence) of the pow call.
/// </summary>
public sealed class ConstantPowerTests
{
    public static TheoryData<string> Rewritten => new()
    {
        "0", "1", "2", "3", "4", "0.5", "-0.5", "-1", "-2", "-3", "-4", "1.5", "2.5", "3.5", "-1.5", "-2.5", "-3.5", "2.0", "-(1.5)",
    };

    [Theory]
    [MemberData(nameof(Rewritten))]
    public void SmallConstantExponent_BecomesProducts(string exponent)
    {
        // A leaf base (a state component), a compound one (spilled once) and, under integer powers, a base that
        // can be negative.
        string members = Small(exponent);
        Assert.DoesNotContain("Pow(", GeneratedCode(members));
        CheckAgainstOracles(members, positiveOnly: exponent.Contains(".5", StringComparison.Ordinal));
    }

    /// <summary>A positive half power above ½ as a divisor (gravity's m / |d|³ as it is usually written) becomes
    /// products and √ too; the one-statement form K / Math.Pow(s, 1.5) is then a power chain (no divide in the VJP
    /// beyond the forward's quotient).</summary>
    [Theory]
    [MemberData(nameof(HalfPowers))]
    public void PositiveHalfPowerAsADivisor_BecomesProducts(string exponent)
    {
        string members = Divisor(exponent);
        Assert.DoesNotContain("Pow(", GeneratedCode(members));
        CheckAgainstOracles(members, positiveOnly: true);
    }

    /// <summary>Inside loops (unrolled in the register form, kept in the loop form): a compound base is spilled into a
    /// local once per iteration, and the pairs' m / Math.Pow(s, 1.5) is a divisor.</summary>
    [Fact]
    public void PowersInLoops_MatchDualsAndComplexStep()
    {
        const string members = """
            [OdeDynamics(6, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                for (int k = 0; k < 6; k++) dz[k] = 0.1 * Math.Pow(z[k] - 0.5, 2) - Math.Pow(z[k] * z[k] + 1, -0.5);
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        if (i != j)
                        {
                            double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                            dz[2 * i] += p[j] * dx / Math.Pow(dx * dx + dy * dy + 0.01, 1.5);
                            dz[2 * i + 1] += p[j] * dy / Math.Pow(dx * dx + dy * dy + 0.01, 1.5);
                        }
            }
            """;
        Assert.DoesNotContain("Pow(", GeneratedCode(members));
        foreach (bool registerKernels in new[] { true, false })
        {
            using var snippet = CompiledSnippet.Build(members, 6, 3, registerKernels);
            var random = new Random(11);
            for (int trial = 0; trial < 5; trial++)
            {
                double[] z = [.. Enumerable.Range(0, 6).Select(k => (k % 2 == 0 ? 1 : -1) * (0.3 + k + random.NextDouble()))];
                double[] p = [.. Enumerable.Range(0, 3).Select(_ => 0.5 + random.NextDouble())];
                double[] v = [.. Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 2 - 1)];
                double[] gradient = snippet.Gradient(0.25, z, p, v);
                Assert.Null(GradientCheck.AgainstDual(snippet.Tangent, gradient, 6, 3, 0.25, z, p, v));
                Assert.Null(GradientCheck.AgainstComplexStep(snippet.ComplexStep, snippet.Tangent, gradient, 6, 3, 0.25, z, p, v));
            }
        }
    }

    public static TheoryData<string> HalfPowers => new() { "1.5", "2.5", "3.5" };

    public static TheoryData<string> LeftAlone => new() { "5", "-5", "0.3", "1.0 / 3", "p[0]" };

    [Theory]
    [MemberData(nameof(LeftAlone))]
    public void OtherExponents_StayCalls(string exponent)
    {
        string members = Dynamics($"Math.Pow(z[0], {exponent})", "z[1]", "z[2]");
        Assert.Contains("Pow(", GeneratedCode(members));
        CheckAgainstOracles(members, positiveOnly: true);
    }

    /// <summary>At x = 0 a positive power's derivative is 0 (n·x^(n−1)), as pow's rule gives, not NaN: the half powers
    /// through x^(3/2)'s own rule (3/2)·√x (OdeMath.ThreeHalvesPower), not x·√x's product rule (0·∞).</summary>
    [Theory]
    [InlineData("1.5")]
    [InlineData("2.5")]
    [InlineData("3.5")]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("4")]
    public void PositivePowerAtZero_HasAFiniteDerivative(string exponent)
    {
        using var snippet = CompiledSnippet.Build(Dynamics($"Math.Pow(z[0], {exponent}) + p[0] * z[1]", "z[1]", "z[2]"), 3, 1, true,
            fusedKernels: false);
        double[] gradient = snippet.Gradient(0, [0, 0.5, 0.25], [0.5], [1, 0, 0]); // (t, z, p)
        Assert.Equal(0.0, gradient[1]);
        Assert.Equal(0.5, gradient[2]);
    }

    /// <summary>Special values the rewritten forms share with Math.Pow: ±0, ±∞ and NaN under integer powers, NaN for
    /// a negative base under √ (the documented exceptions, −0 and −∞ under √, are left out); ordinary bases, positive
    /// and negative, within the products' rounding.</summary>
    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("-2")]
    [InlineData("-3")]
    [InlineData("0.5")]
    [InlineData("-0.5")]
    public void SpecialValues_MatchMathPow(string exponent)
    {
        using var snippet = CompiledSnippet.Build(Dynamics($"Math.Pow(z[0], {exponent})", "z[1]", "z[2]"), 3, 1, true, fusedKernels: false);
        double e = double.Parse(exponent, System.Globalization.CultureInfo.InvariantCulture);
        foreach (double x in new[] { 0.0, -2.0, 3.0, double.PositiveInfinity, double.NaN, -0.0 })
        {
            if (e % 1 != 0 && x == 0 && double.IsNegative(x)) continue;
            double[] dz = new double[3];
            snippet.Evaluate(0, [x, 1, 1], [0.5], dz);
            if (double.IsFinite(dz[0]) && dz[0] != 0) Assert.True(Ulps(Math.Pow(x, e), dz[0]) <= 4, $"{x}^{e}: {dz[0]:R}");
            else Assert.Equal(Math.Pow(x, e), dz[0]);
        }
    }

    /// <summary>
    /// The fused steps and step VJPs (register and loop form) of every case above compile: one class holding all the
    /// cases' dynamics, compiled once per form (the cases' own snippets leave the fused steps out, which made them
    /// four times faster to build).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedStepsOfEveryCase_Compile(bool registerKernels)
    {
        var cases = new List<string>();
        foreach (string exponent in Exponents(Rewritten)) cases.Add(Small(exponent));
        foreach (string exponent in Exponents(HalfPowers)) cases.Add(Divisor(exponent));
        foreach (string exponent in Exponents(LeftAlone)) cases.Add(Dynamics($"Math.Pow(z[0], {exponent})", "z[1]", "z[2]"));
        FusedStepsCheck.AssertAllCompile(cases, registerKernels);
    }

    private static IEnumerable<string> Exponents(TheoryData<string> data) => ((IEnumerable<object[]>)data).Select(row => (string)row[0]);

    private static string Small(string exponent) => Dynamics($"Math.Pow(z[0], {exponent})", $"Math.Pow(z[1] * z[1] + p[0], {exponent})",
        exponent.Contains(".5", StringComparison.Ordinal) ? "p[0] * z[2]" : $"Math.Pow(z[2] - 2, {exponent})");

    private static string Divisor(string exponent) =>
        Dynamics($"p[0] / Math.Pow(z[0] * z[0] + z[1] * z[1], {exponent})", $"z[2] / (Math.Pow(z[1], {exponent}))", "z[0] * z[1]");

    private static string Dynamics(string row0, string row1, string row2) => $$"""
        [OdeDynamics(3, 1)]
        public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
        {
            dz[0] = {{row0}};
            dz[1] = {{row1}};
            dz[2] = {{row2}};
        }
        """;

    private static void CheckAgainstOracles(string members, bool positiveOnly)
    {
        foreach (bool registerKernels in new[] { true, false })
        {
            // No fused steps: FusedStepsOfEveryCase_Compile compiles them for every case at once.
            using var snippet = CompiledSnippet.Build(members, 3, 1, registerKernels, fusedKernels: false);
            var random = new Random(2026);
            for (int trial = 0; trial < 20; trial++)
            {
                // |z| in [0.3, 3.3]: every power well conditioned; signs mixed unless a half power needs z ≥ 0.
                double[] z = [.. Enumerable.Range(0, 3).Select(k => (positiveOnly || k % 2 == 0 ? 1 : -1) * (0.3 + 3 * random.NextDouble()))];
                double[] p = [0.5 + random.NextDouble()];
                double[] v = [.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)];
                double[] expected = new double[3], actual = new double[3];
                snippet.User(0.25, z, p, expected);
                snippet.Evaluate(0.25, z, p, actual);
                for (int k = 0; k < 3; k++)
                    Assert.True(Ulps(expected[k], actual[k]) <= 4, $"dz[{k}]: {actual[k]:R}, Math.Pow gives {expected[k]:R}");
                double[] gradient = snippet.Gradient(0.25, z, p, v);
                Assert.Null(GradientCheck.AgainstDual(snippet.Tangent, gradient, 3, 1, 0.25, z, p, v));
                Assert.Null(GradientCheck.AgainstComplexStep(snippet.ComplexStep, snippet.Tangent, gradient, 3, 1, 0.25, z, p, v));
            }
        }
    }

    private static long Ulps(double a, double b) =>
        a == b ? 0 : Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    /// <summary>The generated source's code lines (comments left out); its compile is FusedStepsOfEveryCase_Compile's.</summary>
    private static string GeneratedCode(string members)
    {
        string source = $"namespace PowSnip;\npublic static partial class S\n{{\n{members}\n}}\n";
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, source);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        string generated = Assert.Single(run.GeneratedSources);
        return string.Join("\n", generated.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
    }
}
