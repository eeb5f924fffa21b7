namespace AcaKernels.Tests.Reference;

/// <summary>
/// Central differences (f(x + δ) − f(x − δ)) / 2δ: truncation error O(δ²·f‴), rounding error O(ε·|f|/δ); with
/// δ ≈ 1e-5 relative both are around 1e-10 relative for smooth f, so agreement to ~1e-7 is a sound check.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>The default relative step: balances δ² truncation against ε/δ rounding (ε^(1/3) ≈ 6e-6).</summary>
    public const double DefaultRelativeStep = 6e-6;

    /// <summary>df/dx at <paramref name="x"/> with step <paramref name="step"/>.</summary>
    public static double Derivative(Func<double, double> f, double x, double step)
    {
        double up = x + step, down = x - step;
        return (f(up) - f(down)) / (up - down);
    }

    /// <summary>d/dε f(x + ε·direction) at ε = 0, with step <paramref name="step"/> in ε.</summary>
    public static double Directional(Func<double[], double> f, ReadOnlySpan<double> x, ReadOnlySpan<double> direction,
        double step)
    {
        if (direction.Length != x.Length) throw new ArgumentException($"direction has {direction.Length} entries for {x.Length}.", nameof(direction));
        var up = new double[x.Length];
        var down = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            up[i] = x[i] + step * direction[i];
            down[i] = x[i] - step * direction[i];
        }
        return (f(up) - f(down)) / (2 * step);
    }

    /// <summary>∇f at <paramref name="x"/>, coordinate by coordinate, with steps δᵢ = relativeStep·max(1, |xᵢ|).</summary>
    public static double[] Gradient(Func<double[], double> f, ReadOnlySpan<double> x,
        double relativeStep = DefaultRelativeStep)
    {
        double[] point = x.ToArray();
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double up = xi + relativeStep * Math.Max(1, Math.Abs(xi));
            double down = xi - (up - xi);
            point[i] = up;
            double fUp = f(point);
            point[i] = down;
            double fDown = f(point);
            point[i] = xi;
            gradient[i] = (fUp - fDown) / (up - down);
        }
        return gradient;
    }

    /// <summary>
    /// J·direction of a vector function <paramref name="f"/>(x, y) at <paramref name="x"/> (y of length
    /// <paramref name="outputs"/>), with step <paramref name="step"/> along the direction.
    /// </summary>
    public static double[] JacobianVector(Action<double[], double[]> f, ReadOnlySpan<double> x,
        ReadOnlySpan<double> direction, int outputs, double step)
    {
        var up = new double[x.Length];
        var down = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            up[i] = x[i] + step * direction[i];
            down[i] = x[i] - step * direction[i];
        }
        var yUp = new double[outputs];
        var yDown = new double[outputs];
        f(up, yUp);
        f(down, yDown);
        var result = new double[outputs];
        for (int j = 0; j < outputs; j++) result[j] = (yUp[j] - yDown[j]) / (2 * step);
        return result;
    }
}
