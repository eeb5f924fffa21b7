using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// The repressilator (Elowitz and Leibler 2000, three genes repressing each other in a ring), as a user writes it for
/// the generator (<c>GeneratedRepressilator.RhsOde</c>), with the Hill coefficient n as a parameter:
/// dm_i/dt = −m_i + α/(1 + p_{i−1}^n) + α₀, dp_i/dt = −β(p_i − m_i), i = 0, 1, 2 (cyclically); state
/// (m_0, m_1, m_2, p_0, p_1, p_2), p = (α, α₀, β, n). Each evaluation of f is three Math.Pow with a variable
/// exponent, and its VJP three more and three logarithms (∂/∂n of p^n is p^n·ln p): the ensemble benchmark of a
/// pow-bound system (the lane kernels compute x^y by OdeMath.Pow's Vector512 form).
/// </summary>
public static partial class GeneratedRepressilator
{
    /// <summary>(α, α₀, β, n) = (216, 0.216, 5, 2.5): past the Hopf bifurcation, so every trajectory winds onto the
    /// limit cycle (period about 15 time units) and the proteins stay positive.</summary>
    public static double[] Parameters => [216.0, 0.216, 5.0, 2.5];

    [OdeDynamics(6, 4)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = -z[0] + p[0] / (1 + Math.Pow(z[5], p[3])) + p[1];
        dz[1] = -z[1] + p[0] / (1 + Math.Pow(z[3], p[3])) + p[1];
        dz[2] = -z[2] + p[0] / (1 + Math.Pow(z[4], p[3])) + p[1];
        dz[3] = -p[2] * (z[3] - z[0]);
        dz[4] = -p[2] * (z[4] - z[1]);
        dz[5] = -p[2] * (z[5] - z[2]);
    }
}
