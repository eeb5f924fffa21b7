using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// The three-body problem as issue 8's benchmark writes it (G = 1, masses as parameters, no softening), planar and in
/// space. The planar body is straight-line code whose register form is over the fused backward's budget for the
/// larger tableaus (n = 12, Dormand-Prince 5's seven stages): its scalar backward keeps the loop form, its lane
/// backward is straight-line within the lane budget (Dormand-Prince 5, Tsitouras 5) and the loop kernel around the
/// register VJP beyond it (Dormand-Prince 8(5,3)); the spatial one (n = 18) is over the register form's state limit
/// and keeps its loops.
/// </summary>
public static partial class ThreeBody
{
    /// <summary>The figure-eight choreography (Chenciner and Montgomery, Ann. Math. 2000; Simó's initial values):
    /// positions (x₀, y₀, x₁, y₁, x₂, y₂) then velocities, unit masses, period ≈ 6.3259.</summary>
    public static double[] FigureEight =>
        [-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0,
          0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146];

    /// <summary>The figure-eight lifted out of its plane: positions (x₀, y₀, z₀, …) then velocities, with the out-of-plane
    /// velocities (0.05, −0.03, −0.02) of zero total momentum.</summary>
    public static double[] FigureEightLifted =>
        [-0.97000436, 0.24308753, 0, 0.97000436, -0.24308753, 0, 0, 0, 0,
          0.466203685, 0.43236573, 0.05, 0.466203685, 0.43236573, -0.03, -0.93240737, -0.86473146, -0.02];

    /// <summary>Three bodies in the plane, each pair's 1/|d|³ computed once.</summary>
    [OdeDynamics(12, 3)]
    public static void Planar(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
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

    /// <summary>Three bodies in space: z = (positions 9, velocities 9), p = masses 3.</summary>
    [OdeDynamics(18, 3)]
    public static void Spatial(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int bodies = 3, dim = 3, positions = bodies * dim;
        for (int k = 0; k < positions; k++)
            dz[k] = z[positions + k];
        for (int i = 0; i < bodies; i++)
        {
            double ax = 0, ay = 0, aw = 0;
            for (int j = 0; j < bodies; j++)
            {
                if (j != i)
                {
                    double dx = z[dim * j] - z[dim * i], dy = z[dim * j + 1] - z[dim * i + 1], dw = z[dim * j + 2] - z[dim * i + 2];
                    double r = Math.Sqrt(dx * dx + dy * dy + dw * dw);
                    double w = p[j] / (r * r * r);
                    ax += w * dx;
                    ay += w * dy;
                    aw += w * dw;
                }
            }
            dz[positions + dim * i] = ax;
            dz[positions + dim * i + 1] = ay;
            dz[positions + dim * i + 2] = aw;
        }
    }
}
