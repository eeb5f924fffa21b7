using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Three point masses in the plane under Newtonian gravity, G = 1, as a user writes it for the generator
/// (<c>GeneratedPlanarThreeBody.RhsOde</c>): state (x₀, y₀, x₁, y₁, x₂, y₂) then the velocities in the same order,
/// p = the three masses. Body i accelerates by Σ_{j≠i} m_j (r_j − r_i)/|r_j − r_i|³.
/// </summary>
/// <remarks>Each pair's pull a = d/|d|³ (d = r_j − r_i) is formed once and applied to both bodies, +m_j·a and −m_i·a,
/// the arithmetic of the native comparator (<c>benchmarks/native/threebody_ensemble_avx512.cpp</c>). The generated
/// VJP follows the statements as written, so this form also gives the backward the pair's shared adjoint
/// m_j·w_i − m_i·w_j: forward + ACA 0.90–0.97× the time of the same system written term by term
/// (<c>m_j·d·c</c> in each row), RESULTS §44.</remarks>
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
        double ax01 = dx01 * c01, ay01 = dy01 * c01;
        double ax02 = dx02 * c02, ay02 = dy02 * c02;
        double ax12 = dx12 * c12, ay12 = dy12 * c12;
        dz[0] = z[6];
        dz[1] = z[7];
        dz[2] = z[8];
        dz[3] = z[9];
        dz[4] = z[10];
        dz[5] = z[11];
        dz[6] = p[1] * ax01 + p[2] * ax02;
        dz[7] = p[1] * ay01 + p[2] * ay02;
        dz[8] = p[2] * ax12 - p[0] * ax01;
        dz[9] = p[2] * ay12 - p[0] * ay01;
        dz[10] = -(p[0] * ax02 + p[1] * ax12);
        dz[11] = -(p[0] * ay02 + p[1] * ay12);
    }
}
