using ILGPU;

namespace AcaKernels.Gpu;

/// <summary>
/// A fixed-size vector of T held in fields (the state's n components, or θ's m): what a kernel keeps in registers.
/// The source generator emits one per system (<c>Gpu.RegisterState</c>, <c>Gpu.RegisterParameters</c>) with one field
/// per component and every operation unrolled over them, so a kernel written once over this interface never indexes
/// a per-thread array: ILGPU then has no local memory to allocate, where per-thread arrays (<c>LocalMemory</c>) land in
/// PTX <c>.local</c> memory (off-chip) and make a one-thread-per-trajectory kernel memory-bound.
/// </summary>
/// <remarks>Values are passed and returned by value (never <c>in</c>/<c>ref</c>): a struct whose address is taken may
/// be placed in local memory. Each operation is the scalar one per component, in component order, so a kernel over
/// these computes the same bits as one over per-thread arrays doing the same operations.</remarks>
public interface IGpuRegisterVector<T, TSelf>
    where T : unmanaged
    where TSelf : struct, IGpuRegisterVector<T, TSelf>
{
    /// <summary>Component j from <paramref name="source"/>[offset + j·stride] (stride 1: contiguous; stride B: the
    /// coalesced [component][trajectory] layout).</summary>
    static abstract TSelf Load(ArrayView<T> source, long offset, long stride);

    /// <summary>Component j to <paramref name="target"/>[offset + j·stride].</summary>
    static abstract void Store(TSelf value, ArrayView<T> target, long offset, long stride);

    /// <summary>a + b, per component.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>a·x, per component (the product written a * x_j).</summary>
    static abstract TSelf Scale(T a, TSelf x);

    /// <summary>a·x + y per component with one rounding (<c>GpuMath.Fma(a, x_j, y_j)</c>): the fused multiply-add of the
    /// step-sum spec on <c>ButcherTableau</c>, which the fixed-step RK4 register kernel writes its sums with.</summary>
    static abstract TSelf MultiplyAdd(T a, TSelf x, TSelf y);

    /// <summary>Component <paramref name="j"/> (0 ≤ j &lt; length; a switch over the fields, not an index into memory:
    /// loops over the components, such as the error norm's, read registers).</summary>
    static abstract T Get(TSelf x, int j);

    /// <summary>Whether every component is finite (neither NaN nor infinite; a comparison |x| ≤ max, the same on every backend).</summary>
    static abstract bool IsFinite(TSelf x);
}

/// <summary>
/// The register form of a generated system's f, beside its <see cref="IGpuStepper{T}"/> kernels over views: f of a state
/// held in fields, returning the derivative by value, with θ in fields too (systems with the straight-line form: small
/// states and bodies, see the generator's RegisterForm) or as a <see cref="GpuParameterView{T}"/> (loop-form systems
/// with a small state); kernels that find it on a stepper run it instead of the view form (<c>FixedStepRk4RegisterKernel</c>,
/// which needs θ in fields, <c>ForwardRegisterKernel</c>).
/// </summary>
public interface IGpuRegisterStepper<T, TState, TParameters> : IGpuStepper<T>
    where T : unmanaged
    where TState : struct, IGpuRegisterVector<T, TState>
    where TParameters : struct, IGpuParameters<T, TParameters>
{
    /// <summary>f(t, z, θ), the same operations in the same order as <see cref="IGpuStepper{T}.Evaluate"/>.</summary>
    static abstract TState Evaluate(double t, TState z, TParameters p);
}

/// <summary>
/// The register form of a stepper's fused trial step: every stage in locals, the results returned by value. For
/// systems with a straight-line f (inlined at every stage, θ in fields), and for loop-form systems with a small state,
/// whose register trial step calls f's view form per stage over per-thread arrays it indexes only at constants (ILGPU
/// then keeps them in registers once inlined; θ as a <see cref="GpuParameterView{T}"/>).
/// </summary>
public interface IGpuRegisterTrialStepper<T, TState, TParameters> : IGpuRegisterStepper<T, TState, TParameters>
    where T : unmanaged
    where TState : struct, IGpuRegisterVector<T, TState>
    where TParameters : struct, IGpuParameters<T, TParameters>
{
    /// <summary>
    /// The trial step from (t, z) with step h and first stage <paramref name="k0"/>, the same operations in the same
    /// order as <see cref="IGpuStepper{T}.TrialStep"/>: returns z_new; <paramref name="last"/> is the last stage value
    /// (the next step's k₀ when <see cref="IGpuStepper{T}.IsFsal"/>), <paramref name="error"/> the embedded error
    /// estimate, <paramref name="error2"/> the second one (zero when the tableau has none).
    /// </summary>
    static abstract TState TrialStep(double t, double h, TState z, TParameters p, TState k0, out TState last, out TState error,
        out TState error2);
}
