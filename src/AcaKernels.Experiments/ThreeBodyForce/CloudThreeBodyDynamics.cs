using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The true system of the unknown-force variant: the three bodies of <see cref="ThreeBody.ThreeBodySystem"/>
/// inside a uniform cloud of dust centred on the origin. Inside a uniform sphere gravity grows linearly with the
/// distance from its centre (Newton's shell theorem), so every body feels an extra pull dv_i/dt += −κ·r_i that the
/// Newtonian physics model lacks. The generator emits <c>CloudThreeBodyDynamics.RhsOde</c>; p = (m1, m2, m3).
/// </summary>
public static partial class CloudThreeBodyDynamics
{
    /// <summary>κ, the cloud's pull per unit distance (non-dimensional): about a quarter of the bodies' mutual
    /// pull at their distances (~0.5), enough that no choice of masses makes up for it.</summary>
    public const double CloudStrength = 0.2;

    /// <summary>The right-hand side: Newtonian gravity plus the cloud's harmonic pull.</summary>
    [OdeDynamics(18, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        NewtonianGravity.Write(z, p, dz);
        for (int k = 0; k < 9; k++) dz[9 + k] -= CloudStrength * z[k];
    }
}
