using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// For the lane kernels: real-valued branches and selects (if-converted: lanes diverge), nested branches, an
/// early return, sides that divide by zero or take the log of a negative number in lanes that do not take them,
/// math functions with a vector form (Sqrt, Abs, Min, Max, Floor, Ceiling, Round, FusedMultiplyAdd), with an exact
/// select form (Clamp, Sign), with OdeMath's vector forms (Exp, Log, Tanh, Sin, Atan2, Cbrt, Pow with a variable exponent,
/// whose vector form patches the lanes outside its fast path), and t.
/// </summary>
public static partial class LaneBranches
{
    [OdeDynamics(4, 2)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0], y = z[1], w = z[2];
        double r = x > 0 ? Math.Exp(-x) : 1 / x;
        double q = x != 0 ? y / x : 0;
        dz[0] = r * p[0] - Math.Tanh(y) + Math.Sin(t) + q;
        if (y < w)
        {
            dz[1] = Math.Pow(Math.Abs(y), 1.5 + p[1] * p[1]) - Math.Max(x, w);
            if (x * w > 0.25)
                dz[1] += Math.Log(x * w);
            else
                dz[1] -= Math.Min(x, -0.0);
        }
        else
        {
            dz[1] = Math.Min(x, y) / (w - y);
        }
        double s = Math.Sqrt(Math.Abs(w)) + Math.Floor(x) + Math.Ceiling(y) + Math.Round(w * 3) + Math.Sign(p[1])
            + Math.Clamp(y, -0.5, 0.5);
        dz[2] = s * p[1] + Math.Atan2(y, x) + Math.FusedMultiplyAdd(x, y, w) + Math.Cbrt(w);
        dz[3] = Math.Clamp(x, 0.0, 1.0);
        if (w > 1) return;
        dz[2] -= w * w;
        dz[3] += z[3] * 0.5;
    }
}
