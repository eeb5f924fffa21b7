using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// For the lane step VJPs: values nested in a statement whose adjoint rules read them again — a pow inside a quotient,
/// exponentials, a square root, a quotient by a cosine — which a straight-line step VJP's replay computes into locals of
/// its own and keeps for the stage VJPs (Passes/Reverse/ReplayReuse, RecomputedValues), beside an exponential inside a
/// select (not kept: not every target evaluates both arms) and the user's own locals named like the replay's (sub0, sub1).
/// </summary>
public static partial class NestedValues
{
    [OdeDynamics(3, 4)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double sub0 = z[0] * z[0] + 1;
        double sub1 = p[0] / (1 + Math.Pow(sub0, p[3]));
        dz[0] = sub1 - z[0] + p[1] * Math.Exp(-z[1] * z[1]);
        dz[1] = p[2] * Math.Log(1 + z[2] * z[2]) - z[1] / (2 + Math.Cos(z[0]));
        dz[2] = Math.Sqrt(1 + z[1] * z[1]) * p[1] - 0.1 * sub0 * z[2] + (z[0] > 0 ? Math.Exp(-0.5 * z[0]) : 1.0);
    }
}
