namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// Four hazards in one system, each switched on by one parameter, so one ensemble can hold healthy trajectories and
/// ones that fail in each way (n = 4, p = (a, c, λ)):
/// <list type="bullet">
/// <item>z₀' = a·z₀²: from z₀ = 1 the solution 1/(1 − a·t) blows up at t = 1/a (a &gt; 1: before t = 1);</item>
/// <item>z₂' = c, z₁' = √(1 − z₂): z₂ = c·t passes 1 at t = 1/c and z₁' turns NaN in component 1 (c &gt; 1);</item>
/// <item>z₃' = −λ·(z₃ − 1): stiff for large λ, where an explicit method crawls at its stability limit h ≈ 3.3/λ.</item>
/// </list>
/// Healthy: a = c = 0.5, λ = 1 on t ∈ [0, 1].
/// </summary>
public static partial class Hazards
{
    [OdeDynamics(stateSize: 4, parameterSize: 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * z[0] * z[0];
        dz[1] = Math.Sqrt(1 - z[2]);
        dz[2] = p[1];
        dz[3] = -p[2] * (z[3] - 1);
    }
}
