using AcaKernels;

namespace AcaKernels.Cli;

/// <summary>Lorenz-63 written by hand against the dynamics contract (σ, ρ, β as parameters).</summary>
public readonly struct LorenzSystem : IOdeDynamics<double>
{
    public static int StateSize => 3;
    public static int ParameterSize => 3;

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        gradZ[0] += -p[0] * v[0] + (p[1] - z[2]) * v[1] + z[1] * v[2];
        gradZ[1] += p[0] * v[0] - v[1] + z[0] * v[2];
        gradZ[2] += -z[0] * v[1] - p[2] * v[2];
        gradP[0] += (z[1] - z[0]) * v[0];
        gradP[1] += z[0] * v[1];
        gradP[2] += -z[2] * v[2];
        return 0;
    }
}
