using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Inlined helpers keep C#'s evaluation order: they run after the operands to their left are read, and only on
/// the taken branch of ?:, &amp;&amp; and || (issue 7, item 1). Each case in both the register and the loop form;
/// values are compared with the user's own method bit for bit, gradients with dual numbers.
/// </summary>
public sealed class HelperOrderTests
{
    private const string Root = "private static double Root(double x) => Math.Sqrt(x);";

    private const string Put = "private static double Put(Span<double> a, double x) { a[0] += x; return x; }";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HelperInUntakenBranch_DoesNotRun_GradientIsFinite(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build($$"""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = z[0] > 0 ? Root(z[0]) : -z[0];
            }
            {{Root}}
            """, 1, 1, registerKernels);
        // At z0 = −0.5 f = −z0, so ∂f/∂z0 = −1 exactly (Sqrt(−0.5) in the untaken branch gave NaN).
        double[] gradient = snippet.Check(0, [-0.5], [0.0], [1.0]);
        Assert.Equal(-1.0, gradient[1]);
        // And the taken branch still differentiates the helper: ∂√z/∂z = 1/(2√z) = 0.5 at z = 1.
        Assert.Equal(0.5, snippet.Check(0, [1.0], [0.0], [1.0])[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OperandLeftOfSpanHelper_IsReadBeforeTheHelperWrites(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build($$"""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[1];
                dz[0] = a[0] + Put(a, z[0]);
            }
            {{Put}}
            """, 1, 1, registerKernels);
        double[] value = new double[1];
        snippet.Evaluate(0, [0.5], [0.0], value);
        Assert.Equal(0.5, value[0]); // a[0] is read (0) before Put adds z0 to it: f = z0; it was 1 = 2·z0.
        Assert.Equal(1.0, snippet.Check(0, [0.5], [0.0], [1.0])[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SpanHelperInUntakenBranch_DoesNotWrite(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build($$"""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[1];
                double e = z[0] > 5 ? Put(a, 1.0) : 0.0;
                dz[0] = a[0] + e + z[0] * p[0];
            }
            {{Put}}
            """, 1, 1, registerKernels);
        double[] value = new double[1];
        snippet.Evaluate(0, [0.5], [2.0], value);
        Assert.Equal(1.0, value[0]); // 0 + 0 + 0.5·2; Put ran anyway and gave 2.
        snippet.Check(0, [0.5], [2.0], [1.0]);
        snippet.Check(0, [6.0], [2.0], [1.0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HelperInCompoundAssignmentAndShortCircuit_KeepsCSharpOrder(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build($$"""
            [OdeDynamics(2, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[1];
                a[0] = z[1];
                a[0] *= Put(a, z[0]);
                double g = z[0] > 0 && Root(z[0]) > 0.5 ? z[1] * p[0] : Math.Sin(z[1]);
                double h = z[0] < 0 || Put(a, p[0]) > 1 ? 2.0 * a[0] : a[0] * z[0];
                dz[0] = a[0] + g;
                dz[1] = Math.Max(a[0], Put(a, z[1])) + h * a[0];
            }
            {{Root}}
            {{Put}}
            """, 2, 1, registerKernels);
        // Points on both sides of every condition (z0 < 0 takes the untaken-helper paths).
        foreach (double[] z in new[] { new[] { 0.7, -0.3 }, new[] { -0.4, 0.9 }, new[] { 0.1, 0.2 } })
            foreach (double p0 in new[] { 0.5, 1.5 })
                snippet.Check(0.1, z, [p0], [0.6, -1.3]);
    }
}
