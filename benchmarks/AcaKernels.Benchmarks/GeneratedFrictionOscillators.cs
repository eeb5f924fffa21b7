using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Two coupled oscillators with stiffening springs and smooth Coulomb friction, as a user writes it for the generator
/// (<c>GeneratedFrictionOscillators.RhsOde</c>): for i = 0, 1, dx_i/dt = v_i and
/// dv_i/dt = −k·sinh(x_i) − μ·atan(v_i/ε) ± c·(x_1 − x_0), plus a drive a·cos t on the first; p = (k, μ, 1/ε, c, a).
/// sinh is a spring that stiffens with the stretch (an electrochemical double layer's Butler–Volmer current has the same
/// shape) and (2/π)·atan(v/ε) the usual smooth stand-in for the sign of v in dry friction. An evaluation of f is two
/// sinh, two atan and a cos, its VJP two cosh and a sin: the ensemble benchmark of a system whose cost is atan and the
/// hyperbolic functions (the lane kernels compute them by OdeMath's Vector512 forms).
/// </summary>
public static partial class GeneratedFrictionOscillators
{
    /// <summary>k = 1, μ = 0.4, 1/ε = 20 (the friction saturates beyond |v| ≈ 0.1), c = 0.5, a = 0.8.</summary>
    public static double[] Parameters => [1.0, 0.4, 20.0, 0.5, 0.8];

    [OdeDynamics(4, 5)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double coupling = p[3] * (z[2] - z[0]);
        dz[0] = z[1];
        dz[1] = -p[0] * Math.Sinh(z[0]) - p[1] * Math.Atan(p[2] * z[1]) + coupling + p[4] * Math.Cos(t);
        dz[2] = z[3];
        dz[3] = -p[0] * Math.Sinh(z[2]) - p[1] * Math.Atan(p[2] * z[3]) - coupling;
    }
}
