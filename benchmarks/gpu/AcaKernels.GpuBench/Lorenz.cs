namespace AcaKernels.GpuBench;

/// <summary>Lorenz-63 in float64 and float32 (θ = σ, ρ, β): the generator emits <c>Lorenz.RhsOde</c> (CPU, with lane
/// kernels) and <c>Lorenz.RhsSingleOde</c>, each with its GPU steppers (<c>.Gpu.DormandPrince5</c>).</summary>
public static partial class Lorenz
{
    [OdeDynamics(stateSize: 3, parameterSize: 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }

    [OdeDynamics(stateSize: 3, parameterSize: 3)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
