using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>Lorenz-63 as a user writes it: the generator emits <c>GeneratedLorenz.RhsOde</c> with fused kernels.</summary>
public static partial class GeneratedLorenz
{
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
