using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Three point masses in the plane under Newtonian gravity, G = 1, as a user writes it for the generator
/// (<c>GeneratedPlanarThreeBody.RhsOde</c>): state (x₀, y₀, x₁, y₁, x₂, y₂) then the velocities in the same order,
/// p = the three masses. Body i accelerates by Σ_{j≠i} m_j (r_j − r_i)/|r_j − r_i|³, each pair's 1/|d|³ computed once.
/// </summary>
public static partial class GeneratedPlanarThreeBody
{
    /// <summary>The figure-eight choreography (Chenciner and Montgomery, Ann. Math. 2000; Simó's initial values),
    /// unit masses, period ≈ 6.3259.</summary>
    public static double[] FigureEight =>
        [-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0,
          0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146];

    [OdeDynamics(12, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double dx01 = z[2] - z[0], dy01 = z[3] - z[1];
        double dx02 = z[4] - z[0], dy02 = z[5] - z[1];
        double dx12 = z[4] - z[2], dy12 = z[5] - z[3];
        double r01 = Math.Sqrt(dx01 * dx01 + dy01 * dy01);
        double r02 = Math.Sqrt(dx02 * dx02 + dy02 * dy02);
        double r12 = Math.Sqrt(dx12 * dx12 + dy12 * dy12);
        double c01 = 1 / (r01 * r01 * r01), c02 = 1 / (r02 * r02 * r02), c12 = 1 / (r12 * r12 * r12);
        dz[0] = z[6];
        dz[1] = z[7];
        dz[2] = z[8];
        dz[3] = z[9];
        dz[4] = z[10];
        dz[5] = z[11];
        dz[6] = p[1] * dx01 * c01 + p[2] * dx02 * c02;
        dz[7] = p[1] * dy01 * c01 + p[2] * dy02 * c02;
        dz[8] = -p[0] * dx01 * c01 + p[2] * dx12 * c12;
        dz[9] = -p[0] * dy01 * c01 + p[2] * dy12 * c12;
        dz[10] = -p[0] * dx02 * c02 - p[1] * dx12 * c12;
        dz[11] = -p[0] * dy02 * c02 - p[1] * dy12 * c12;
    }
}
