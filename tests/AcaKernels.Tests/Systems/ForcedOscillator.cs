using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A non-autonomous system, so that vᵀ∂f/∂t is not zero: dz₀ = z₁, dz₁ = −ω² z₀ + F sin(Ω t);
/// n = 2, p = [ω, F, Ω].
/// </summary>
public readonly struct ForcedOscillator : ITestSystem<ForcedOscillator>
{
    /// <inheritdoc/>
    public static string Name => nameof(ForcedOscillator);

    /// <inheritdoc/>
    public static int StateSize => 2;

    /// <inheritdoc/>
    public static int ParameterSize => 3;

    /// <inheritdoc/>
    public static double[] SampleState => [0.5, -0.3];

    /// <inheritdoc/>
    public static double[] SampleParameters => [1.3, 0.8, 2.1];

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>
    {
        dz[0] = z[1];
        dz[1] = p[1] * S.Sin(p[2] * t) - p[0] * p[0] * z[0];
    }

    /// <inheritdoc/>
    public static T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T omega = p[0], force = p[1], freq = p[2];
        (T sin, T cos) = T.SinCos(freq * t);
        gradZ[0] -= omega * omega * v[1];
        gradZ[1] += v[0];
        gradP[0] -= (omega + omega) * z[0] * v[1];
        gradP[1] += sin * v[1];
        gradP[2] += force * cos * t * v[1];
        return force * cos * freq * v[1];
    }
}
