namespace AcaKernels.Tests.Systems;

/// <summary>
/// Three point masses in the plane under Newtonian gravity with G = 1; n = 12, the state is positions
/// (x₀, y₀, x₁, y₁, x₂, y₂) then velocities in the same order; p = the three masses. Acceleration of body i:
/// Σ_{j≠i} m_j (r_j − r_i) / |r_j − r_i|³. <see cref="SampleState"/> is the figure-eight choreography
/// (Chenciner and Montgomery, Ann. Math. 2000; initial values from Simó) with unit masses.
/// </summary>
public readonly struct PlanarThreeBody : IOdeDynamics<double>
{
    private const int Bodies = 3;

    /// <inheritdoc/>
    public static int StateSize => 4 * Bodies;

    /// <inheritdoc/>
    public static int ParameterSize => Bodies;

    /// <summary>Autonomous.</summary>
    public static bool DependsOnTime => false;

    /// <summary>The figure-eight: body 2 at the origin, bodies 0 and 1 symmetric, period ≈ 6.3259.</summary>
    public static double[] SampleState =>
        [-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0,
          0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146];

    /// <summary>Unit masses.</summary>
    public static double[] SampleParameters => [1.0, 1.0, 1.0];

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int v = 2 * Bodies;
        for (int k = 0; k < v; k++) dz[k] = z[v + k];
        dz[v..].Clear();
        for (int i = 0; i < Bodies; i++)
            for (int j = 0; j < Bodies; j++)
            {
                if (i == j) continue;
                double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                double r = Math.Sqrt(dx * dx + dy * dy), inv3 = 1 / (r * r * r);
                dz[v + 2 * i] += p[j] * dx * inv3;
                dz[v + 2 * i + 1] += p[j] * dy * inv3;
            }
    }

    /// <summary>
    /// vᵀ∂f/∂z and vᵀ∂f/∂p, by hand: with d = r_j − r_i and w = v's entries for body i's acceleration, the term
    /// m_j w·d/|d|³ has gradient m_j (w/|d|³ − 3 (w·d) d/|d|⁵) in d (+ for r_j, − for r_i) and w·d/|d|³ in m_j.
    /// Checked against central differences in the ensemble tests.
    /// </summary>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        const int vel = 2 * Bodies;
        for (int k = 0; k < vel; k++) gradZ[vel + k] += v[k];
        for (int i = 0; i < Bodies; i++)
            for (int j = 0; j < Bodies; j++)
            {
                if (i == j) continue;
                double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                double r2 = dx * dx + dy * dy, r = Math.Sqrt(r2), inv3 = 1 / (r2 * r), inv5 = inv3 / r2;
                double wx = v[vel + 2 * i], wy = v[vel + 2 * i + 1], wd = wx * dx + wy * dy;
                double gx = p[j] * (wx * inv3 - 3 * wd * dx * inv5), gy = p[j] * (wy * inv3 - 3 * wd * dy * inv5);
                gradZ[2 * j] += gx;
                gradZ[2 * j + 1] += gy;
                gradZ[2 * i] -= gx;
                gradZ[2 * i + 1] -= gy;
                gradP[j] += wd * inv3;
            }
        return 0;
    }
}
