using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// For the lane kernels: the functions OdeMath lowers beyond the ones <see cref="LaneBranches"/> reaches (Tan, Atan,
/// Atan2, Asin, Acos, Sinh, Cosh, and Cos), in one small system, so the lane forms (their Vector512 overloads) are
/// checked against the scalar kernels lane by lane, derivatives included: tan's 1 + t² from the value, atan's
/// 1/(1 + a²), atan2's x/r² and −y/r², asin's and acos's ±1/√(1 − a²), sinh's cosh and cosh's sinh. Random lanes reach tan near its poles and sinh/cosh far into their exponential range.
/// </summary>
public static partial class LaneTranscendentals
{
    [OdeDynamics(3, 2)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0], y = z[1], w = z[2];
        dz[0] = p[0] * Math.Atan(y - x) + Math.Tan(0.75 * w);
        dz[1] = Math.Sinh(p[1] * x) - Math.Cosh(0.5 * y) + Math.Cos(t);
        dz[2] = Math.Atan(x * w) * Math.Cosh(y) + Math.Atan2(y, x) - Math.Asin(Math.Tanh(w)) * Math.Acos(0.5 * Math.Tanh(x + y));
    }
}
