using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>An oscillator with a dead computation that overflows: its derivative must not leak 0·∞ = NaN.</summary>
public static partial class DeadOverflow
{
    [OdeDynamics(2, 1)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double big = Math.Exp(1000 * z[0] * z[0] + 800);
        double unused = big * z[1];
        dz[0] = p[0] * z[1];
        dz[1] = -z[0];
    }
}
