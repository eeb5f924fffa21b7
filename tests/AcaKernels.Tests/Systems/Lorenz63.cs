using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// Lorenz-63: dx = σ(y − x), dy = x(ρ − z) − y, dz = xy − βz; n = 3, p = [σ, ρ, β] (classic 10, 28, 8/3).
/// </summary>
public readonly struct Lorenz63 : ITestSystem<Lorenz63>
{
    /// <inheritdoc/>
    public static string Name => nameof(Lorenz63);

    /// <inheritdoc/>
    public static int StateSize => 3;

    /// <inheritdoc/>
    public static int ParameterSize => 3;

    /// <summary>f does not read t (declared, as the generator would, so ACA's time gradients skip vᵀ∂f/∂t).</summary>
    public static bool DependsOnTime => false;

    /// <inheritdoc/>
    public static double[] SampleState => [1.0, 1.0, 1.0];

    /// <inheritdoc/>
    public static double[] SampleParameters => [10.0, 28.0, 8.0 / 3];

    /// <inheritdoc/>
    public static void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>
    {
        S x = z[0], y = z[1], w = z[2];
        dz[0] = p[0] * (y - x);
        dz[1] = x * (p[1] - w) - y;
        dz[2] = x * y - p[2] * w;
    }

    /// <inheritdoc/>
    public static T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T x = z[0], y = z[1], w = z[2];
        T sigma = p[0], rho = p[1], beta = p[2];
        gradZ[0] += -sigma * v[0] + (rho - w) * v[1] + y * v[2];
        gradZ[1] += sigma * v[0] - v[1] + x * v[2];
        gradZ[2] += -x * v[1] - beta * v[2];
        gradP[0] += (y - x) * v[0];
        gradP[1] += x * v[1];
        gradP[2] -= w * v[2];
        return T.Zero;
    }
}
