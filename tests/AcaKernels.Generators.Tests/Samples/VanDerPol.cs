using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>Van der Pol oscillator x'' - μ(1 - x²)x' + x = 0 with p = (μ), plus a time-dependent forcing.</summary>
public static partial class VanDerPol
{
    [OdeDynamics(2, 2)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0], y = z[1];
        double mu = p[0];
        dz[0] = y;
        dz[1] = mu * (1 - x * x) * y - x + p[1] * Math.Cos(t);
    }
}
