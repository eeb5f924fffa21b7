namespace AcaKernels.Tests.Systems;

/// <summary>dz/dt = z², n = 1, no parameters: from z(0) = 1 the solution 1/(1 − t) blows up at t = 1.</summary>
public readonly struct SquareBlowUp : IOdeDynamics<double>
{
    /// <inheritdoc/>
    public static int StateSize => 1;

    /// <inheritdoc/>
    public static int ParameterSize => 0;

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = z[0] * z[0];

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        gradZ[0] += 2 * z[0] * v[0];
        return 0;
    }
}
