namespace AcaKernels;

/// <summary>
/// Marks a method <c>static void Name(T t, ReadOnlySpan&lt;T&gt; z, ReadOnlySpan&lt;T&gt; p, Span&lt;T&gt; dz)</c>
/// (T = float or double) in a partial type as the right-hand side of an ODE. The AcaKernels source generator
/// emits a nested struct <c>{Name}Ode</c> implementing <see cref="IOdeDynamics{T}"/>: the forward evaluation,
/// its reverse-mode vector-Jacobian product and fused Runge-Kutta step kernels.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OdeDynamicsAttribute : Attribute
{
    /// <summary>Declares the state size n and parameter size m.</summary>
    public OdeDynamicsAttribute(int stateSize, int parameterSize)
    {
        StateSize = stateSize;
        ParameterSize = parameterSize;
    }

    /// <summary>Number of state components n (length of z and dz).</summary>
    public int StateSize { get; }

    /// <summary>Number of parameters m (length of p).</summary>
    public int ParameterSize { get; }

    /// <summary>
    /// The GPU form of a system whose ∂L/∂θ accumulator lives in per-thread local memory (a neural ODE written unit by
    /// unit: the loop form): true (the default) makes each step VJP add all its stages' ∂L/∂θ in one sweep at its end, one
    /// read-modify-write of each element per step; false adds them stage by stage, without the sweep's second evaluation
    /// of each unit's activation. The sweep is for GPUs, where that accumulator is off-chip memory; on CPU devices (PoCL,
    /// ILGPU's CPU accelerator) it sits in cache and stage by stage is faster (benchmarks/RESULTS.md §66: 1.37× on PoCL).
    /// The results are the same bits either way; the CPU kernels and every other form ignore it.
    /// </summary>
    public bool GpuParameterSweep { get; set; } = true;
}
