using System.Numerics;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// A hand-written wrapper that forwards f and its VJP to <typeparamref name="TDynamics"/> but keeps the default
/// (absent) fused hooks, so <see cref="Stepping.RungeKuttaStepper{T, TDynamics}"/> takes its generic path.
/// </summary>
public readonly struct Unfused<T, TDynamics> : IOdeDynamics<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    public static int StateSize => TDynamics.StateSize;

    public static int ParameterSize => TDynamics.ParameterSize;

    public static void Evaluate(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, Span<T> dz) => TDynamics.Evaluate(t, z, p, dz);

    public static T VectorJacobianProduct(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ,
        Span<T> gradP) => TDynamics.VectorJacobianProduct(t, z, p, v, gradZ, gradP);

    /// <summary>The adaptive methods, which have fused kernels.</summary>
    public static readonly RungeKuttaMethod[] AdaptiveMethods =
    [
        RungeKuttaMethod.HeunEuler, RungeKuttaMethod.BogackiShampine3, RungeKuttaMethod.DormandPrince5,
        RungeKuttaMethod.Tsitouras5, RungeKuttaMethod.DormandPrince853,
    ];
}
