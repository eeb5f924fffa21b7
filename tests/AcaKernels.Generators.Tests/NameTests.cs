using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// User names never collide with generated ones, and verbatim identifiers keep their '@' (issue 7, items 2
/// and 3). Each body builds in the register and in the loop form with no error, computes what the user's method
/// computes bit for bit, and differentiates like dual numbers.
/// </summary>
public sealed class NameTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UserLocalsNamedLikeGeneratedOnes_BuildAndDifferentiate(bool registerKernels)
    {
        // A loop with a carried nonlinear update and a branch, so the loop form has a tape and branch flags;
        // x beside xBar, a beside aBar; names of the kernels' locals and parameters' adjoints.
        using var snippet = CompiledSnippet.Build("""
            [OdeDynamics(2, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> a = stackalloc double[2];
                Span<double> tape = stackalloc double[2];
                double x = z[0], xBar = z[1] * p[0], branches = 0.25, tBar = t, dzBar = p[1];
                double g0 = 1.5, r0 = 0.5, tp0 = z[1], br0 = 0.1, aBar = 0.3, zBar = z[0] * z[1], gradZ1 = 0.2, acc = 1.0;
                for (int g1 = 0; g1 < 2; g1++)
                {
                    x = Math.Sin(x) * 0.5 + p[0];
                    if (x > xBar) branches += x * tBar; else branches -= 0.5 * x;
                    a[g1] += x * dzBar;
                    a[1 - g1] *= x;
                }
                for (int tp1 = 0; tp1 < 2; tp1++) tape[tp1] = a[tp1] * g0 + r0 * tp0;
                dz[0] = branches + tape[0] * br0 + aBar * zBar + gradZ1 * acc;
                dz[1] = xBar * tape[1] + x;
            }
            """, 2, 2, registerKernels);
        snippet.Check(0.3, [0.4, -0.7], [0.9, 1.1], [0.5, -1.5]);
        snippet.Check(-0.2, [1.4, 0.2], [-0.3, 0.6], [1.0, 2.0]);
    }

    [Fact]
    public void UserLocalsNamedLikeGeneratedOnes_LoopFormByDefaultForLargeArrays_Builds()
    {
        // 65 array elements: the loop form even with register kernels on (the default for arrays over 64).
        using var snippet = CompiledSnippet.Build("""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> tape = stackalloc double[65];
                double x = z[0], xBar = p[0], tBar = 0.5, dzBar = 0.0, @in = 1.0;
                for (int branches = 0; branches < 65; branches++)
                {
                    x = Math.Sin(x) * xBar + tBar;
                    if (x > 0.3) tape[branches] = x * @in; else tape[branches] = -x;
                    dzBar += tape[branches] * x;
                }
                dz[0] = dzBar;
            }
            """, 1, 1, registerKernels: true, expectRegisterForm: false);
        snippet.Check(0.0, [0.4], [0.8], [1.0]);
        snippet.Check(0.0, [-1.2], [1.1], [0.5]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VerbatimIdentifiers_KeepTheirAt(bool registerKernels)
    {
        using var snippet = CompiledSnippet.Build("""
            [OdeDynamics(1, 1)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> @for = stackalloc double[2];
                double @in = z[0] * p[0];
                double @event = @in * @in;
                for (int @do = 0; @do < 2; @do++) @for[@do] = Twice(@in) + @do;
                dz[0] = @event + @for[1] * Math.Sqrt(2 + @in * @in); // not a transcendental function: OdeMath's, an ulp from Math's at some points, and Check wants f bit for bit
            }

            private static double Twice(double @var) { double @class = @var * 2.0; return @class; }
            """, 1, 1, registerKernels);
        snippet.Check(0.1, [0.7], [1.3], [0.9]);
    }
}
