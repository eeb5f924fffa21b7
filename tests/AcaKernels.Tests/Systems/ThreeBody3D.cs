namespace AcaKernels.Tests.Systems;

/// <summary>
/// Three point masses in space under Newtonian gravity with G = 1; n = 18, the state is positions
/// (x₀, y₀, z₀, x₁, …, z₂) then velocities in the same order; p = the three masses. Acceleration of body i:
/// Σ_{j≠i} m_j (r_j − r_i) / |r_j − r_i|³. <see cref="SampleState"/> is the planar figure-eight
/// (<see cref="PlanarThreeBody"/>) with small out-of-plane velocities of zero total momentum, so the orbit leaves
/// the plane.
/// </summary>
public readonly struct ThreeBody3D : IOdeDynamics<double>
{
    private const int Bodies = 3, Dim = 3, Positions = Bodies * Dim;

    /// <inheritdoc/>
    public static int StateSize => 2 * Positions;

    /// <inheritdoc/>
    public static int ParameterSize => Bodies;

    /// <summary>Autonomous.</summary>
    public static bool DependsOnTime => false;

    /// <summary>The figure-eight lifted out of its plane by velocities (0.05, −0.03, −0.02) along z.</summary>
    public static double[] SampleState =>
        [-0.97000436, 0.24308753, 0, 0.97000436, -0.24308753, 0, 0, 0, 0,
          0.466203685, 0.43236573, 0.05, 0.466203685, 0.43236573, -0.03, -0.93240737, -0.86473146, -0.02];

    /// <summary>Unit masses.</summary>
    public static double[] SampleParameters => [1.0, 1.0, 1.0];

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        for (int k = 0; k < Positions; k++) dz[k] = z[Positions + k];
        dz[Positions..].Clear();
        for (int i = 0; i < Bodies; i++)
            for (int j = 0; j < Bodies; j++)
            {
                if (i == j) continue;
                double dx = z[Dim * j] - z[Dim * i], dy = z[Dim * j + 1] - z[Dim * i + 1], dw = z[Dim * j + 2] - z[Dim * i + 2];
                double r = Math.Sqrt(dx * dx + dy * dy + dw * dw), inv3 = 1 / (r * r * r);
                dz[Positions + Dim * i] += p[j] * dx * inv3;
                dz[Positions + Dim * i + 1] += p[j] * dy * inv3;
                dz[Positions + Dim * i + 2] += p[j] * dw * inv3;
            }
    }

    /// <summary>
    /// vᵀ∂f/∂z and vᵀ∂f/∂p by hand, as <see cref="PlanarThreeBody.VectorJacobianProduct"/> with a third axis: the
    /// term m_j w·d/|d|³ has gradient m_j (w/|d|³ − 3 (w·d) d/|d|⁵) in d and w·d/|d|³ in m_j.
    /// </summary>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        for (int k = 0; k < Positions; k++) gradZ[Positions + k] += v[k];
        Span<double> d = stackalloc double[Dim];
        for (int i = 0; i < Bodies; i++)
            for (int j = 0; j < Bodies; j++)
            {
                if (i == j) continue;
                double r2 = 0, wd = 0;
                for (int a = 0; a < Dim; a++)
                {
                    d[a] = z[Dim * j + a] - z[Dim * i + a];
                    r2 += d[a] * d[a];
                    wd += v[Positions + Dim * i + a] * d[a];
                }
                double r = Math.Sqrt(r2), inv3 = 1 / (r2 * r), inv5 = inv3 / r2;
                for (int a = 0; a < Dim; a++)
                {
                    double g = p[j] * (v[Positions + Dim * i + a] * inv3 - 3 * wd * d[a] * inv5);
                    gradZ[Dim * j + a] += g;
                    gradZ[Dim * i + a] -= g;
                }
                gradP[j] += wd * inv3;
            }
        return 0;
    }
}
