using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>van der Pol: dz₀ = z₁, dz₁ = μ(1 − z₀²) z₁ − z₀; n = 2, p = [μ].</summary>
public readonly struct VanDerPol : ITestSystem<VanDerPol>
{
    /// <inheritdoc/>
    public static string Name => nameof(VanDerPol);

    /// <inheritdoc/>
    public static int StateSize => 2;

    /// <inheritdoc/>
    public static int ParameterSize => 1;

    /// <inheritdoc/>
    public static double[] SampleState => [2.0, 0.0];

    /// <inheritdoc/>
    public static double[] SampleParameters => [1.5];

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>
    {
        dz[0] = z[1];
        dz[1] = p[0] * (S.From(1) - z[0] * z[0]) * z[1] - z[0];
    }

    /// <inheritdoc/>
    public static T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T x = z[0], y = z[1], mu = p[0];
        T damping = T.One - x * x;
        gradZ[0] += (-(mu + mu) * x * y - T.One) * v[1];
        gradZ[1] += v[0] + mu * damping * v[1];
        gradP[0] += damping * y * v[1];
        return T.Zero;
    }
}
