using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>Lorenz-63 written by hand against the dynamics contract: the baseline the generator must match.</summary>
public readonly struct LorenzDynamics : IOdeDynamics<double>
{
    public static int StateSize => 3;
    public static int ParameterSize => 3;

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0], y = z[1], w = z[2];
        dz[2] = x * y - p[2] * w;
        dz[1] = x * (p[1] - w) - y;
        dz[0] = p[0] * (y - x);
    }

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        double x = z[0], y = z[1], w = z[2], v0 = v[0], v1 = v[1], v2 = v[2];
        gradP[2] += -w * v2;
        gradZ[2] += -x * v1 - p[2] * v2;
        gradZ[1] += p[0] * v0 - v1 + x * v2;
        gradZ[0] += -p[0] * v0 + (p[1] - w) * v1 + y * v2;
        gradP[0] += (y - x) * v0;
        gradP[1] += x * v1;
        return 0;
    }
}
