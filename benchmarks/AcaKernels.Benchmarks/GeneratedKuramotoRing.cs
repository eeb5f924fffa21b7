using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Four Kuramoto oscillators on a ring, as a user writes it for the generator (<c>GeneratedKuramotoRing.RhsOde</c>):
/// dθ_i/dt = ω_i + K·(sin(θ_{i+1} − θ_i) − sin(θ_i − θ_{i−1})), p = (K, ω_0, …, ω_3). Each edge's sine is formed once,
/// so an evaluation of f is four sines and a few adds, and its VJP four cosines: the ensemble benchmark of a system
/// whose cost is sin and cos (the lane kernels compute them by OdeMath.Sin/Cos's Vector512 forms).
/// </summary>
public static partial class GeneratedKuramotoRing
{
    /// <summary>K = 0.5 and natural frequencies around 1 (not all locked: the phases keep slipping).</summary>
    public static double[] Parameters => [0.5, 1.0, 1.3, 0.8, 1.15];

    [OdeDynamics(4, 5)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double s01 = Math.Sin(z[1] - z[0]), s12 = Math.Sin(z[2] - z[1]), s23 = Math.Sin(z[3] - z[2]), s30 = Math.Sin(z[0] - z[3]);
        dz[0] = p[1] + p[0] * (s01 - s30);
        dz[1] = p[2] + p[0] * (s12 - s01);
        dz[2] = p[3] + p[0] * (s23 - s12);
        dz[3] = p[4] + p[0] * (s30 - s23);
    }
}
