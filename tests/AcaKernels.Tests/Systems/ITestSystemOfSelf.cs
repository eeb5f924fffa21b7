using System.Numerics;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A test system whose right-hand side (<see cref="ITestSystem.Rhs{S}"/>) and hand-written VJP (<see cref="Vjp{T}"/>)
/// are each written once, generically: <see cref="IOdeDynamics{T}"/>'s Evaluate and VectorJacobianProduct of both
/// precisions forward to them here, instead of four forwarding members in every system.
/// </summary>
/// <typeparam name="TSelf">The system itself: the forwarding members call its static methods through it.</typeparam>
public interface ITestSystem<TSelf> : ITestSystem, IOdeDynamics<double>, IOdeDynamics<float>
    where TSelf : ITestSystem<TSelf>
{
    /// <summary>vᵀ∂f/∂z added to <paramref name="gradZ"/> and vᵀ∂f/∂p to <paramref name="gradP"/>; returns vᵀ∂f/∂t
    /// (the contract of <see cref="IOdeDynamics{T}.VectorJacobianProduct"/>), written by hand.</summary>
    static abstract T Vjp<T>(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static void IOdeDynamics<double>.Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) =>
        TSelf.Rhs(new Real(t), Real.Cast(z), Real.Cast(p), Real.Cast(dz));

    static void IOdeDynamics<float>.Evaluate(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz) =>
        TSelf.Rhs(new Real32(t), Real32.Cast(z), Real32.Cast(p), Real32.Cast(dz));

    static double IOdeDynamics<double>.VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP) => TSelf.Vjp(t, z, p, v, gradZ, gradP);

    static float IOdeDynamics<float>.VectorJacobianProduct(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p,
        ReadOnlySpan<float> v, Span<float> gradZ, Span<float> gradP) => TSelf.Vjp(t, z, p, v, gradZ, gradP);
}
