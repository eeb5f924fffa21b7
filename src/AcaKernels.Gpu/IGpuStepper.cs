using ILGPU;

namespace AcaKernels.Gpu;

/// <summary>
/// The GPU-safe kernels of one <see cref="OdeDynamicsAttribute"/> system for one Runge-Kutta tableau: what a
/// one-thread-per-trajectory kernel calls. The source generator emits one struct implementing this interface per
/// (system, fused tableau) when the compilation references AcaKernels.Gpu; the ensemble kernels are generic over it
/// (<c>where TStepper : struct, IGpuStepper&lt;T&gt;</c>), so each (system, tableau) compiles to its own kernel.
/// </summary>
/// <remarks>
/// ILGPU compiles these methods into kernels, so they use only what every backend accepts: no <c>Span</c>,
/// <c>stackalloc</c>, exceptions, length checks or <c>Unsafe</c>; arrays are <see cref="ArrayView{T}"/>s (per-thread
/// <c>LocalMemory</c> or slices of global buffers) indexed from 0. The contracts are those of the CPU hooks on
/// <see cref="IOdeDynamics{T}"/> for the same tableau, and on the ILGPU CPU accelerator the results are bit-identical
/// to them; on OpenCL and CUDA they differ at rounding level (contracted multiply-adds, device math functions).
/// Time is float64 on every target (float32 systems keep float64 t and h, as on the CPU).
/// </remarks>
public interface IGpuStepper<T> where T : unmanaged
{
    /// <summary>n: the length of the state.</summary>
    static abstract int StateSize { get; }

    /// <summary>m: the length of the parameter vector θ.</summary>
    static abstract int ParameterSize { get; }

    /// <summary>s: the tableau's stages; a trial step's <c>stages</c> view holds s·n values.</summary>
    static abstract int Stages { get; }

    /// <summary>Whether the last stage is f at the new point (first same as last), so an accepted step reuses it as k₀.</summary>
    static abstract bool IsFsal { get; }

    /// <summary>The order of the embedded error estimate, as <c>ButcherTableau.ErrorOrder</c> (the PI controller's exponents).</summary>
    static abstract int ErrorOrder { get; }

    /// <summary>Whether the tableau has a second error estimate (DOP853's combined norm); <c>error2</c> is then written.</summary>
    static abstract bool HasSecondErrorEstimate { get; }

    /// <summary>Whether f reads t (as <see cref="IOdeDynamics{T}.DependsOnTime"/>).</summary>
    static abstract bool DependsOnTime { get; }

    /// <summary>The length of <see cref="StepVjp"/>'s scratch view (0 when it needs none).</summary>
    static abstract int VjpScratchSize { get; }

    /// <summary>Writes f(t, z, p) into <paramref name="dz"/>; <paramref name="p"/> starts at the trajectory's θ.</summary>
    static abstract void Evaluate(double t, ArrayView<T> z, ArrayView<T> p, ArrayView<T> dz);

    /// <summary>
    /// The fused trial step from (t, z) with step h, as <see cref="IOdeDynamics{T}.TryFusedTrialStep"/>:
    /// <paramref name="stages"/>[0, n) holds k₀ on entry, the other stages are written; <paramref name="zNew"/> gets the
    /// solution, <paramref name="error"/> the embedded error estimate, <paramref name="error2"/> the second estimate
    /// when <see cref="HasSecondErrorEstimate"/> (untouched otherwise).
    /// </summary>
    static abstract void TrialStep(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> stages,
        ArrayView<T> zNew, ArrayView<T> error, ArrayView<T> error2);

    /// <summary>
    /// The fused backward of one accepted step, as <see cref="IOdeDynamics{T}.TryFusedStepVjp"/>: replays the step
    /// from the checkpoint (t, h, z) and writes <paramref name="adjointIn"/> = (∂z_new/∂z)ᵀ·<paramref name="adjointOut"/>,
    /// <b>adding</b> (∂z_new/∂θ)ᵀ·adjointOut to <paramref name="gradP"/>.
    /// </summary>
    static abstract void StepVjp(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> adjointOut,
        ArrayView<T> adjointIn, ArrayView<T> gradP, ArrayView<T> scratch);

    /// <summary>
    /// <see cref="StepVjp"/> that also gives the step's time terms, as <see cref="IOdeDynamics{T}.TryFusedStepVjpWithTime"/>:
    /// <paramref name="gradH"/> = ∂L/∂h of the step (h's share in every stage time and weight) and
    /// <paramref name="gradT"/> = Σ vᵀ∂f/∂t over its stages (0 when f does not read t). The ACA backward kernel calls it
    /// only on the steps whose time terms ∂L/∂t₀ and ∂L/∂t_end need (see <c>AcaBackward</c>); the plain
    /// <see cref="StepVjp"/> elsewhere.
    /// </summary>
    static abstract void StepVjpWithTime(double t, double h, ArrayView<T> z, ArrayView<T> p, ArrayView<T> adjointOut,
        ArrayView<T> adjointIn, ArrayView<T> gradP, ArrayView<T> scratch, out T gradH, out T gradT);
}
