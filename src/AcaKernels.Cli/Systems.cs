namespace AcaKernels.Cli;

/// <summary>The paper's toy problem dz/dt = αz, p = (α).</summary>
public static partial class Decay
{
    [OdeDynamics(1, 1)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = p[0] * z[0];
}
