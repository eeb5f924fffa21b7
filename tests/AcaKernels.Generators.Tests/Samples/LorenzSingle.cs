using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>Lorenz-63 in single precision, with a float-only call (MathF) so the float path is exercised.</summary>
public static partial class LorenzSingle
{
    [OdeDynamics(3, 3)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        float sigma = p[0], rho = p[1], beta = p[2];
        dz[0] = sigma * (z[1] - z[0]);
        dz[1] = z[0] * (rho - z[2]) - z[1];
        dz[2] = z[0] * z[1] - beta * z[2] + 0.1f * MathF.Sin(t);
    }
}
