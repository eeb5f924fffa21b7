using System.Numerics;
using AcaKernels.Tableaus;

namespace AcaKernels;

/// <summary>
/// The contract of an ODE right-hand side dz/dt = f(t, z, θ) with state size n and parameter size m, and its
/// reverse-mode derivative. Implemented by the <see cref="OdeDynamicsAttribute"/> source generator, or by hand.
/// All members are static so that solvers specialise on the implementing type (use a struct for the fastest
/// code: the JIT then compiles one copy of the solver per system with every call inlinable).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>: the state's number type. Time is always
/// float64 in the solver and is rounded to T only when it is passed to f.</typeparam>
public interface IOdeDynamics<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>State size n.</summary>
    static abstract int StateSize { get; }

    /// <summary>Parameter size m (may be 0).</summary>
    static abstract int ParameterSize { get; }

    /// <summary>
    /// False only when f provably does not read t (an autonomous system), so vᵀ∂f/∂t is zero everywhere and ACA's
    /// exact ∂L/∂t₀ may skip it: the steps before the first interior output time then keep their fused backward
    /// kernel. The generator emits false when the method never reads t; the default, true, is always correct.
    /// </summary>
    static virtual bool DependsOnTime => true;

    /// <summary>Writes f(t, z, p) into <paramref name="dz"/> (length n). Must not allocate.</summary>
    static abstract void Evaluate(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, Span<T> dz);

    /// <summary>
    /// Vector-Jacobian product at (t, z, p): <b>adds</b> vᵀ∂f/∂z to <paramref name="gradZ"/> (length n) and
    /// vᵀ∂f/∂p to <paramref name="gradP"/> (length m) and returns vᵀ∂f/∂t. The gradient spans must not overlap
    /// z, p or v. Must not allocate.
    /// </summary>
    static abstract T VectorJacobianProduct(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v,
        Span<T> gradZ, Span<T> gradP);

    /// <summary>
    /// Optional fused trial step (all stages, f inlined) for <paramref name="method"/>; returns false when the
    /// type has none, and the solver then uses its generic stepper. Contract identical to
    /// <see cref="Stepping.RungeKuttaStepper{T, TDynamics}.TrialStep"/>, results bit-identical to it.
    /// </summary>
    static virtual bool TryFusedTrialStep(RungeKuttaMethod method, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, Span<T> stages, Span<T> zNew, Span<T> error, Span<T> error2) => false;

    /// <summary>
    /// Optional fused backward of one accepted step (replay from the checkpoint plus reverse through all
    /// stages) for <paramref name="method"/>; returns false when the type has none. Contract identical to
    /// <see cref="Stepping.RungeKuttaStepper{T, TDynamics}.StepVjp"/>.
    /// </summary>
    static virtual bool TryFusedStepVjp(RungeKuttaMethod method, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, ReadOnlySpan<T> adjointOut, Span<T> adjointIn, Span<T> gradP, Span<T> scratch) => false;
}
