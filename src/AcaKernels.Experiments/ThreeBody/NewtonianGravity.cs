namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// The known physics shared by the three-body models (the masses fit and both models of the unknown-force variant): dr_i/dt = K2·v_i and the Newtonian pulls
/// dv_i/dt = K1·Σ_{j≠i} m_j (r_j − r_i)/|r_j − r_i|³ (<see cref="ThreeBodyUnits"/>), written into dz. A static helper
/// so the source generator inlines it into each <c>[OdeDynamics]</c> method that calls it (and differentiates it there).
/// </summary>
internal static class NewtonianGravity
{
    /// <summary>Writes all 18 components of dz for state z = (r1, r2, r3, v1, v2, v3) and masses m = (m1, m2, m3).</summary>
    public static void Write(ReadOnlySpan<double> z, ReadOnlySpan<double> m, Span<double> dz)
    {
        const double K1 = ThreeBodyUnits.K1, K2 = ThreeBodyUnits.K2;
        for (int k = 0; k < 9; k++) dz[k] = K2 * z[9 + k];

        // Each pair's pull g = K1 / |r_j − r_i|³ is computed once and applied to both bodies with opposite signs.
        double x12 = z[3] - z[0], y12 = z[4] - z[1], w12 = z[5] - z[2];
        double s12 = x12 * x12 + y12 * y12 + w12 * w12;
        double g12 = K1 / (s12 * Math.Sqrt(s12));
        double x13 = z[6] - z[0], y13 = z[7] - z[1], w13 = z[8] - z[2];
        double s13 = x13 * x13 + y13 * y13 + w13 * w13;
        double g13 = K1 / (s13 * Math.Sqrt(s13));
        double x23 = z[6] - z[3], y23 = z[7] - z[4], w23 = z[8] - z[5];
        double s23 = x23 * x23 + y23 * y23 + w23 * w23;
        double g23 = K1 / (s23 * Math.Sqrt(s23));

        dz[9] = m[1] * g12 * x12 + m[2] * g13 * x13;
        dz[10] = m[1] * g12 * y12 + m[2] * g13 * y13;
        dz[11] = m[1] * g12 * w12 + m[2] * g13 * w13;
        dz[12] = -m[0] * g12 * x12 + m[2] * g23 * x23;
        dz[13] = -m[0] * g12 * y12 + m[2] * g23 * y23;
        dz[14] = -m[0] * g12 * w12 + m[2] * g23 * w23;
        dz[15] = -m[0] * g13 * x13 - m[1] * g23 * x23;
        dz[16] = -m[0] * g13 * y13 - m[1] * g23 * y23;
        dz[17] = -m[0] * g13 * w13 - m[1] * g23 * w23;
    }
}
