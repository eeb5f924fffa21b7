namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// Three point masses under Newtonian gravity (G = 1, no softening), masses as the parameters, the layouts of
/// AcaKernels.Tests' hand-written PlanarThreeBody and ThreeBody3D. Planar: n = 12, z = (x₀, y₀, x₁, y₁, x₂, y₂,
/// then the velocities in the same order); small enough for the straight-line register form. Spatial: n = 18,
/// positions (x₀, y₀, z₀, x₁, …) then velocities; above the register form's state limit, so it exercises the loop
/// form (views and per-thread local memory). Acceleration of body i: Σ_{j≠i} m_j (r_j − r_i) / |r_j − r_i|³.
/// </summary>
public static partial class ThreeBody
{
    private const int Bodies = 3;

    [OdeDynamics(stateSize: 4 * Bodies, parameterSize: Bodies)]
    public static void Planar(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int v = 2 * Bodies;
        for (int k = 0; k < v; k++) dz[k] = z[v + k];
        for (int i = 0; i < Bodies; i++)
        {
            double ax = 0, ay = 0;
            for (int j = 0; j < Bodies; j++)
            {
                if (i != j)
                {
                    double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                    double r = Math.Sqrt(dx * dx + dy * dy), inv3 = 1 / (r * r * r);
                    ax += p[j] * dx * inv3;
                    ay += p[j] * dy * inv3;
                }
            }
            dz[v + 2 * i] = ax;
            dz[v + 2 * i + 1] = ay;
        }
    }

    [OdeDynamics(stateSize: 6 * Bodies, parameterSize: Bodies)]
    public static void Spatial(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int dim = 3, positions = dim * Bodies;
        for (int k = 0; k < positions; k++) dz[k] = z[positions + k];
        for (int i = 0; i < Bodies; i++)
        {
            double ax = 0, ay = 0, aw = 0;
            for (int j = 0; j < Bodies; j++)
            {
                if (i != j)
                {
                    double dx = z[dim * j] - z[dim * i], dy = z[dim * j + 1] - z[dim * i + 1], dw = z[dim * j + 2] - z[dim * i + 2];
                    double r = Math.Sqrt(dx * dx + dy * dy + dw * dw), inv3 = 1 / (r * r * r);
                    ax += p[j] * dx * inv3;
                    ay += p[j] * dy * inv3;
                    aw += p[j] * dw * inv3;
                }
            }
            dz[positions + dim * i] = ax;
            dz[positions + dim * i + 1] = ay;
            dz[positions + dim * i + 2] = aw;
        }
    }
}
