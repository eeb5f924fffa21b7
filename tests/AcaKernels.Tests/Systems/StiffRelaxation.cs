namespace AcaKernels.Tests.Systems;

/// <summary>
/// dz/dt = −λ(z − cos t), p = [λ]: z relaxes onto the slow curve ≈ cos t at rate λ. Mildly stiff for λ = 1000:
/// accuracy allows long steps on the slow curve, stability holds an explicit method to h·λ ≲ 3.3. Exact:
/// z(t) = (z₀ − c)e^{−λt} + (λ² cos t + λ sin t)/(λ² + 1), with c = λ²/(λ² + 1).
/// </summary>
public readonly struct StiffRelaxation : IOdeDynamics<double>
{
    /// <inheritdoc/>
    public static int StateSize => 1;

    /// <inheritdoc/>
    public static int ParameterSize => 1;

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) =>
        dz[0] = -p[0] * (z[0] - Math.Cos(t));

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        gradZ[0] += -p[0] * v[0];
        gradP[0] += -(z[0] - Math.Cos(t)) * v[0];
        return -p[0] * Math.Sin(t) * v[0];
    }

    /// <summary>The exact solution from z(0) = z0.</summary>
    public static double Exact(double z0, double lambda, double t)
    {
        double l2 = lambda * lambda;
        return (z0 - l2 / (l2 + 1)) * Math.Exp(-lambda * t) + (l2 * Math.Cos(t) + lambda * Math.Sin(t)) / (l2 + 1);
    }
}
