namespace AcaKernels.Cli;

/// <summary>Lorenz-63 with θ = (σ, ρ, β), written as plain C#; the generator emits <c>Lorenz.RhsOde</c>.</summary>
public static partial class Lorenz
{
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}

/// <summary>The paper's toy problem dz/dt = αz, p = (α).</summary>
public static partial class Decay
{
    [OdeDynamics(1, 1)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = p[0] * z[0];
}
