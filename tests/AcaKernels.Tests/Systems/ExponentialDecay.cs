using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>dz/dt = α z, n = 1, p = [α]. Solution z(t) = z₀ e^{α(t − t₀)}.</summary>
public readonly struct ExponentialDecay : ITestSystem<ExponentialDecay>
{
    /// <inheritdoc/>
    public static string Name => nameof(ExponentialDecay);

    /// <inheritdoc/>
    public static int StateSize => 1;

    /// <inheritdoc/>
    public static int ParameterSize => 1;

    /// <inheritdoc/>
    public static double[] SampleState => [1.3];

    /// <inheritdoc/>
    public static double[] SampleParameters => [-0.5];

    /// <summary>The exact solution z₀ e^{α(t − t₀)}.</summary>
    public static double Exact(double t0, double z0, double alpha, double t) => z0 * Math.Exp(alpha * (t - t0));

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S> =>
        dz[0] = p[0] * z[0];

    /// <inheritdoc/>
    public static T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradZ[0] += v[0] * p[0];
        gradP[0] += v[0] * z[0];
        return T.Zero;
    }
}
