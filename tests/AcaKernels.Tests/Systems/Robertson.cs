namespace AcaKernels.Tests.Systems;

/// <summary>
/// Robertson's chemical kinetics, the classic stiff test (Hairer and Wanner, <i>Solving ODEs II</i>, §IV.1):
/// y₀' = −0.04y₀ + 10⁴y₁y₂, y₂' = 3·10⁷y₁², y₁' = −y₀' − y₂'. Rate constants spanning 10⁹ make every explicit
/// method crawl at its stability limit once the fast transient is over. n = 3, no parameters.
/// </summary>
public readonly struct Robertson : IOdeDynamics<double>
{
    /// <inheritdoc/>
    public static int StateSize => 3;

    /// <inheritdoc/>
    public static int ParameterSize => 0;

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> p, Span<double> dy)
    {
        dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
        dy[2] = 3e7 * y[1] * y[1];
        dy[1] = -dy[0] - dy[2];
    }

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradY, Span<double> gradP)
    {
        // dy₁ = −dy₀ − dy₂, so v contributes (v₀ − v₁) through dy₀ and (v₂ − v₁) through dy₂.
        double a = v[0] - v[1], c = v[2] - v[1];
        gradY[0] += -0.04 * a;
        gradY[1] += 1e4 * y[2] * a + 6e7 * y[1] * c;
        gradY[2] += 1e4 * y[1] * a;
        return 0;
    }
}
