using System.Numerics;
using System.Runtime.Intrinsics;
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
    /// Optional fused trial step (all stages, f inlined) for <paramref name="tableau"/>; returns false when the
    /// type has none, and the solver then uses its generic stepper. Generated kernels compare
    /// <paramref name="tableau"/> by reference with the tableau instances they were generated for (the built-ins'
    /// and those declared with <see cref="RungeKuttaTableauAttribute"/>), so another object never gets them. Contract identical to
    /// <see cref="Stepping.RungeKuttaStepper{T, TDynamics}.TrialStep"/>, results bit-identical to it.
    /// </summary>
    static virtual bool TryFusedTrialStep(ButcherTableau tableau, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, Span<T> stages, Span<T> zNew, Span<T> error, Span<T> error2) => false;

    /// <summary>
    /// Optional fused backward of one accepted step (replay from the checkpoint plus reverse through all
    /// stages) for <paramref name="tableau"/>; returns false when the type has none. Contract identical to
    /// <see cref="Stepping.RungeKuttaStepper{T, TDynamics}.StepVjp"/>.
    /// </summary>
    static virtual bool TryFusedStepVjp(ButcherTableau tableau, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, ReadOnlySpan<T> adjointOut, Span<T> adjointIn, Span<T> gradP, Span<T> scratch) => false;

    /// <summary>
    /// Optional fused backward of one accepted step that also gives the step's time terms: what
    /// <see cref="TryFusedStepVjp"/> does, plus ∂L/∂h of the step (<paramref name="gradH"/>) and Σ vᵀ∂f/∂t over its
    /// stages (<paramref name="gradT"/>, ∂L/∂t at fixed h). ACA needs them on the few steps whose start or length
    /// moves with t₀ or t_end. Returns false (both outputs zero) when the type has none. Contract and results
    /// identical, bit for bit, to <see cref="Stepping.RungeKuttaStepper{T, TDynamics}.StepVjp"/> with
    /// timeGradients set (its return value is <paramref name="gradH"/>); scratch as for <see cref="TryFusedStepVjp"/>.
    /// </summary>
    static virtual bool TryFusedStepVjpWithTime(ButcherTableau tableau, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, ReadOnlySpan<T> adjointOut, Span<T> adjointIn, Span<T> gradP, Span<T> scratch,
        out T gradH, out T gradT)
    {
        gradH = T.Zero;
        gradT = T.Zero;
        return false;
    }

    /// <summary>
    /// Optional lane kernel: f at <see cref="Vector512{T}.Count"/> points at once, one trajectory per SIMD lane
    /// (struct-of-arrays: <paramref name="z"/>[j] holds component j of every lane). Only for T = double today
    /// (8 lanes, matching the float64 time lanes); returns false when the type has none. Each lane's result is
    /// bit-identical to <see cref="Evaluate"/> at that lane's arguments, or differs only where a documented math
    /// function has no exact vector form. Lanes the caller does not use may hold any finite value.
    /// </summary>
    static virtual bool TryLaneEvaluate(Vector512<double> t, ReadOnlySpan<Vector512<T>> z, ReadOnlySpan<Vector512<T>> p,
        Span<Vector512<T>> dz) => false;

    /// <summary>
    /// Optional lane kernel: the fused trial step of <paramref name="tableau"/> for 8 trajectories at once, each lane
    /// with its own t and h. Contract per lane identical to <see cref="TryFusedTrialStep"/> (stages holds s·n
    /// vectors, stage l at [l·n, (l+1)·n)), results bit-identical to it lane by lane. T = double only.
    /// For a tableau with one error estimate (the RMS norm's; not DOP853, whose norm needs both) the kernel also writes
    /// the norm's sum of squares Σⱼ(eⱼ/scⱼ)², scⱼ = atolⱼ + rtolⱼ·max(|zⱼ|, |zNewⱼ|), into <paramref name="sumOfSquares"/>[0]:
    /// sum = 0, then sum += r·r per component in ascending j with r = eⱼ / scⱼ, no fused operations — the operations
    /// of the engine's RMS norm, so the same bits. <paramref name="atol"/> and <paramref name="rtol"/> hold n vectors,
    /// vector j component j's tolerance in every lane.
    /// </summary>
    static virtual bool TryLaneTrialStep(ButcherTableau tableau, Vector512<double> t, Vector512<double> h,
        ReadOnlySpan<Vector512<T>> z, ReadOnlySpan<Vector512<T>> p, Span<Vector512<T>> stages, Span<Vector512<T>> zNew,
        Span<Vector512<T>> error, Span<Vector512<T>> error2, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol,
        Span<Vector512<double>> sumOfSquares) => false;

    /// <summary>
    /// Optional lane kernel: <see cref="TryLaneTrialStep"/> for two groups of 8 trajectories in one call, the first
    /// group at <paramref name="t"/>, <paramref name="h"/>, the second at <paramref name="tB"/>, <paramref name="hB"/>.
    /// Each span holds the first group's vectors, then the second's at the same offset: <paramref name="z"/>,
    /// <paramref name="zNew"/>, <paramref name="error"/> and <paramref name="error2"/> 2·n vectors (the errors where the
    /// tableau has them), <paramref name="p"/> 2·m, <paramref name="stages"/> 2·s·n. Each group's results are
    /// bit-identical to <see cref="TryLaneTrialStep"/> on its half (the sums of squares too: <paramref name="sumOfSquares"/>
    /// holds the first group's, then the second's; both groups share <paramref name="atol"/> and <paramref name="rtol"/>,
    /// n vectors each); the two groups' work is interleaved so that their dependency chains overlap. Returns false when
    /// the type has none (call the single kernel per group). T = double only.
    /// </summary>
    static virtual bool TryLaneTrialStepPair(ButcherTableau tableau, Vector512<double> t, Vector512<double> h,
        Vector512<double> tB, Vector512<double> hB, ReadOnlySpan<Vector512<T>> z, ReadOnlySpan<Vector512<T>> p,
        Span<Vector512<T>> stages, Span<Vector512<T>> zNew, Span<Vector512<T>> error, Span<Vector512<T>> error2,
        ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares) => false;

    /// <summary>
    /// Vectors the lane step-VJP hooks (<see cref="TryLaneStepVjp"/>, <see cref="TryLaneStepVjpWithTime"/>) need in
    /// their scratch after its (3s + 1)·n stage vectors: the workspace of f's lane VJP in loop form (its tape, branch
    /// decisions and arrays, which the scalar VJP keeps on its stack; 8× as large in lanes, too large for a thread
    /// stack). Allocate scratch of (3s + 1)·n + this many vectors once and reuse it: a call allocates nothing.
    /// 0 (the default) when the hooks need none; the same for every tableau.
    /// </summary>
    static virtual int LaneStepVjpWorkspaceLength => 0;

    /// <summary>
    /// Optional lane kernel: the fused backward of one accepted step for 8 trajectories at once. Contract per lane
    /// identical to <see cref="TryFusedStepVjp"/> (<paramref name="gradP"/> accumulates per lane: m vectors;
    /// scratch holds (3s + 1)·n + <see cref="LaneStepVjpWorkspaceLength"/> vectors), results bit-identical to it lane
    /// by lane. T = double only.
    /// </summary>
    static virtual bool TryLaneStepVjp(ButcherTableau tableau, Vector512<double> t, Vector512<double> h,
        ReadOnlySpan<Vector512<T>> z, ReadOnlySpan<Vector512<T>> p, ReadOnlySpan<Vector512<T>> adjointOut,
        Span<Vector512<T>> adjointIn, Span<Vector512<T>> gradP, Span<Vector512<T>> scratch) => false;

    /// <summary>
    /// Optional lane kernel: <see cref="TryFusedStepVjpWithTime"/> for 8 trajectories at once, each lane with its own
    /// t and h. Contract per lane identical to <see cref="TryLaneStepVjp"/>, plus each lane's ∂L/∂h in
    /// <paramref name="gradH"/> and Σ vᵀ∂f/∂t in <paramref name="gradT"/>; every lane bit-identical to the scalar
    /// hook (and so to the generic stepper with time gradients) at that lane's arguments. Returns false (both
    /// outputs zero) when the type has none. T = double only.
    /// </summary>
    static virtual bool TryLaneStepVjpWithTime(ButcherTableau tableau, Vector512<double> t, Vector512<double> h,
        ReadOnlySpan<Vector512<T>> z, ReadOnlySpan<Vector512<T>> p, ReadOnlySpan<Vector512<T>> adjointOut,
        Span<Vector512<T>> adjointIn, Span<Vector512<T>> gradP, Span<Vector512<T>> scratch,
        out Vector512<T> gradH, out Vector512<T> gradT)
    {
        gradH = Vector512<T>.Zero;
        gradT = Vector512<T>.Zero;
        return false;
    }
}
