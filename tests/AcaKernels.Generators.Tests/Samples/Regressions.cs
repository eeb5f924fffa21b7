using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// Programs the random-program tests once failed on, kept as samples so every run checks them (dual numbers,
/// central differences, Evaluate against the method) whatever the seed. The dead-code overflow is DeadOverflow.
/// </summary>
public static partial class Regressions
{
    /// <summary>A dead assignment overwrites a value that an earlier ?: condition reads: the reverse sweep must
    /// still restore it before re-evaluating the condition (else the wrong branch is differentiated).</summary>
    [OdeDynamics(2, 1)]
    public static void DeadRestore(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double a = z[0];
        double b = a > 0 ? a * a : -a * z[1];
        dz[0] = b * p[0];
        dz[1] = z[1] - b;
        a = 100;
    }

    /// <summary>A trailing 'return;' is valid C# and needs no diagnostic.</summary>
    [OdeDynamics(2, 1)]
    public static void TrailingReturn(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * z[1];
        dz[1] = -Math.Sin(z[0]);
        return;
    }
}
