using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>Lorenz-63: p = (σ, ρ, β).</summary>
public static partial class Lorenz
{
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double sigma = p[0], rho = p[1], beta = p[2];
        dz[0] = sigma * (z[1] - z[0]);
        dz[1] = z[0] * (rho - z[2]) - z[1];
        dz[2] = z[0] * z[1] - beta * z[2];
    }
}
