using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// dz₀/dt = z₁, dz₁/dt = −ω² z₀; n = 2, p = [ω]. Solution z₀(t) = z₀(t₀) cos ωτ + z₁(t₀)/ω sin ωτ with
/// τ = t − t₀ (see <see cref="Exact"/>).
/// </summary>
public readonly struct HarmonicOscillator : ITestSystem<HarmonicOscillator>
{
    /// <inheritdoc/>
    public static string Name => nameof(HarmonicOscillator);

    /// <inheritdoc/>
    public static int StateSize => 2;

    /// <inheritdoc/>
    public static int ParameterSize => 1;

    /// <inheritdoc/>
    public static double[] SampleState => [1.0, 0.25];

    /// <inheritdoc/>
    public static double[] SampleParameters => [1.7];

    /// <summary>The exact state at <paramref name="t"/> from <paramref name="z0"/> at <paramref name="t0"/>.</summary>
    public static void Exact(double t0, ReadOnlySpan<double> z0, double omega, double t, Span<double> z)
    {
        (double s, double c) = Math.SinCos(omega * (t - t0));
        double x = z0[0], y = z0[1];
        z[0] = x * c + y / omega * s;
        z[1] = -x * omega * s + y * c;
    }

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>
    {
        dz[0] = z[1];
        dz[1] = -(p[0] * p[0] * z[0]);
    }

    /// <inheritdoc/>
    public static T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T w = p[0];
        gradZ[0] -= v[1] * w * w;
        gradZ[1] += v[0];
        gradP[0] -= v[1] * (w + w) * z[0];
        return T.Zero;
    }
}
