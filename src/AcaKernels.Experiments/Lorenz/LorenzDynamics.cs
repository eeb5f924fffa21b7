namespace AcaKernels.Experiments.Lorenz;

/// <summary>
/// Lorenz-63 with θ = (σ, ρ, β), written as plain C#: dx = σ(y − x), dy = x(ρ − z) − y, dz = xy − βz. The
/// generator emits <c>LorenzDynamics.RhsOde</c> for the CPU engines and, this assembly referencing AcaKernels.Gpu,
/// the GPU steppers <c>LorenzDynamics.RhsOde.Gpu.*</c> that `aca` runs through its embedded kernels; the float
/// overload gives <c>LorenzDynamics.RhsSingleOde</c> and its float32 GPU steppers (the GPU check's workload; `aca`
/// embeds its Dormand-Prince 5 kernels too).
/// </summary>
public static partial class LorenzDynamics
{
    /// <summary>The right-hand side.</summary>
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }

    /// <summary>The right-hand side in float32 (float64 time, as every float32 system).</summary>
    [OdeDynamics(3, 3)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
