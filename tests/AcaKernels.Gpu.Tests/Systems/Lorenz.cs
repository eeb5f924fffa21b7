namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// Lorenz-63 in float64 and float32: dx = σ(y − x), dy = x(ρ − z) − y, dz = xy − βz; n = 3, p = (σ, ρ, β)
/// (classic 10, 28, 8/3), the layout of AcaKernels.Tests' hand-written Lorenz63. The double overload generates
/// <c>Lorenz.RhsOde</c>, the float one <c>Lorenz.RhsSingleOde</c>; each gets a GPU form (<c>RhsOde.Gpu.DormandPrince5</c>, …).
/// </summary>
public static partial class Lorenz
{
    [OdeDynamics(stateSize: 3, parameterSize: 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0], y = z[1], w = z[2];
        dz[0] = p[0] * (y - x);
        dz[1] = x * (p[1] - w) - y;
        dz[2] = x * y - p[2] * w;
    }

    [OdeDynamics(stateSize: 3, parameterSize: 3)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        float x = z[0], y = z[1], w = z[2];
        dz[0] = p[0] * (y - x);
        dz[1] = x * (p[1] - w) - y;
        dz[2] = x * y - p[2] * w;
    }
}
