using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// For the two-group lane trial step, which names group 1's locals as group 0's plus "_B": a local array in
/// straight-line code (its elements become locals, group 1's a_0_B, …), user locals whose names already end in "_B"
/// (reserved, so renamed and never equal to a group-1 name) or look like another local's group-1 name, and t.
/// </summary>
public static partial class PairNames
{
    [OdeDynamics(3, 2)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> a = stackalloc double[3];
        for (int i = 0; i < 3; i++) a[i] = z[i] * p[0] + 0.5 * t;
        double x_B = a[0] - a[2];
        double x = x_B * x_B;
        double a_1_B = a[1] / (1 + x);
        dz[0] = p[1] * x_B - z[0];
        dz[1] = a_1_B - z[1] * x;
        dz[2] = x > 1 ? a[2] / x : a[2] * x;
    }
}
