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
        const double K1 = ThreeBodyUnits.K1, K2 = ThreeBodyUnits.K2;
        for (int k = 0; k < 9; k++) dz[k] = K2 * z[VelocityOffset + k];

        // Pair (1, 2): g12 = K1 / |r2 − r1|³, so body 1 gains m2·g12·(r2 − r1) and body 2 loses m1·g12·(r2 − r1).
        double x12 = z[3] - z[0], y12 = z[4] - z[1], w12 = z[5] - z[2];
        double s12 = x12 * x12 + y12 * y12 + w12 * w12;
        double g12 = K1 / (s12 * Math.Sqrt(s12));
        // Pair (1, 3).
        double x13 = z[6] - z[0], y13 = z[7] - z[1], w13 = z[8] - z[2];
        double s13 = x13 * x13 + y13 * y13 + w13 * w13;
        double g13 = K1 / (s13 * Math.Sqrt(s13));
        // Pair (2, 3).
        double x23 = z[6] - z[3], y23 = z[7] - z[4], w23 = z[8] - z[5];
        double s23 = x23 * x23 + y23 * y23 + w23 * w23;
        double g23 = K1 / (s23 * Math.Sqrt(s23));

        dz[9] = p[1] * g12 * x12 + p[2] * g13 * x13;
        dz[10] = p[1] * g12 * y12 + p[2] * g13 * y13;
        dz[11] = p[1] * g12 * w12 + p[2] * g13 * w13;
        dz[12] = -p[0] * g12 * x12 + p[2] * g23 * x23;
        dz[13] = -p[0] * g12 * y12 + p[2] * g23 * y23;
        dz[14] = -p[0] * g12 * w12 + p[2] * g23 * w23;
        dz[15] = -p[0] * g13 * x13 - p[1] * g23 * x23;
        dz[16] = -p[0] * g13 * y13 - p[1] * g23 * y23;
        dz[17] = -p[0] * g13 * w13 - p[1] * g23 * w23;
    }
}
