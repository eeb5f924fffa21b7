namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// The planar three-body problem (G = 1), softened by ε² = 10⁻³ so close encounters stay finite: z = (x₀, y₀, x₁,
/// y₁, x₂, y₂, then the six velocities), θ = the three masses; a_i = Σ_{j≠i} m_j (r_j − r_i) / (|r_j − r_i|² + ε²)^{3/2}.
/// </summary>
public readonly struct ThreeBodySystem : ITestSystem<double>
{
    public const double Softening = 1e-3;
    public static int N => 12;
    public static int M => 3;

    public static void F<TV>(TV z, TV p, TV dz) where TV : struct, IVec<double>
    {
        for (int c = 0; c < 6; c++) dz[c] = z[6 + c];
        for (int i = 0; i < 3; i++)
        {
            double ax = 0, ay = 0;
            for (int j = 0; j < 3; j++)
            {
                if (j == i) continue;
                double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                double d2 = dx * dx + dy * dy + Softening;
                double inv = 1 / (d2 * Math.Sqrt(d2));
                ax += p[j] * dx * inv;
                ay += p[j] * dy * inv;
            }
            dz[6 + 2 * i] = ax;
            dz[6 + 2 * i + 1] = ay;
        }
    }

    public static void Vjp<TV>(TV z, TV p, TV v, TV gz, TV gp) where TV : struct, IVec<double>
    {
        for (int c = 0; c < 6; c++) gz[6 + c] += v[c];
        for (int i = 0; i < 3; i++)
        {
            double bx = v[6 + 2 * i], by = v[6 + 2 * i + 1];
            for (int j = 0; j < 3; j++)
            {
                if (j == i) continue;
                double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                double d2 = dx * dx + dy * dy + Softening;
                double inv = 1 / (d2 * Math.Sqrt(d2));
                double s = bx * dx + by * dy;
                gp[j] += s * inv;
                // ∂inv/∂dx = −3·dx·inv/d2.
                double gx = p[j] * (bx * inv - 3 * s * dx * inv / d2), gy = p[j] * (by * inv - 3 * s * dy * inv / d2);
                gz[2 * j] += gx;
                gz[2 * i] -= gx;
                gz[2 * j + 1] += gy;
                gz[2 * i + 1] -= gy;
            }
        }
    }
}
