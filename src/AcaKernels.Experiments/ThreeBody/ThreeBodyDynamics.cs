namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// Three bodies under Newtonian gravity in 3-D, with the masses as the parameters to learn; the generator emits
/// <c>ThreeBodyDynamics.RhsOde</c>. State z = (r1, r2, r3, v1, v2, v3), 18 numbers: body i's position at 3i and its
/// velocity at 9 + 3i. Parameters p = (m1, m2, m3).
/// </summary>
/// <remarks>dr_i/dt = K2·v_i, dv_i/dt = K1·Σ_{j≠i} m_j (r_j − r_i)/|r_j − r_i|³ (<see cref="ThreeBodyUnits"/>).
/// Each pair's pull is computed once and applied to both bodies with opposite signs.</remarks>
public static partial class ThreeBodyDynamics
{
    /// <summary>State size: three positions and three velocities in 3-D.</summary>
    public const int StateSize = 18;
    /// <summary>Offset of the velocities in the state (the positions come first).</summary>
    public const int VelocityOffset = 9;

    /// <summary>The right-hand side.</summary>
    [OdeDynamics(StateSize, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        NewtonianGravity.Write(z, p, dz);
    }
}
