namespace AcaKernels.Solving;

/// <summary>Outcome of a gradient: status, ∂L/∂t₀ and ∂L/∂t_end, and the statistics of forward and backward.</summary>
/// <remarks>
/// <para><see cref="GradientT0"/> and <see cref="GradientTEnd"/> are defined per gradient method, each as the
/// derivative of the map that method differentiates for ∂L/∂z₀ and ∂L/∂θ, so all outputs are consistent:</para>
/// <para><b>ACA</b>: the exact derivatives of the computed discrete solve, with the accepted steps' lengths frozen,
/// interior output times fixed and z(t₀) = z₀ (output 0 is z₀ itself). Moving t_end changes only the length of the
/// step that lands on it. Moving t₀ moves every stage time of the steps before the first interior output time T₁
/// (their start times are t₀ + Σ earlier h), and the step landing on T₁ absorbs the change of length
/// (h = T₁ − tᵢ). With only two times, the one step landing on t_end absorbs both. f may depend on t.</para>
/// <para><b>Naive</b>: the exact derivatives of the whole computed solve (every trial, error norm, step-size
/// controller, clipping to output times) with its discrete decisions frozen and the starting step held at its
/// computed value (Hairer's heuristic depends on t₀, z₀ and θ through f; the naive method treats it as a
/// constant for all of them).</para>
/// <para><b>Adjoint</b>: the continuous identities ∂L/∂t_end = (∂L/∂z(t_end))·f(t_end, z(t_end)) and
/// ∂L/∂t₀ = −(a(t₀) − s₀)·f(t₀, z₀), with the re-solved adjoint a and s₀ the seed on output 0: exact for the ODE's flow,
/// not for the discrete solve; they differ from ACA's by the order of the local error.</para>
/// </remarks>
public readonly record struct GradientResult(SolveResult Result, double GradientT0, double GradientTEnd)
{
    /// <summary>True when the gradient was computed.</summary>
    public bool IsSuccess => Result.IsSuccess;

    /// <summary>Statistics of the forward solve and this backward pass.</summary>
    public SolverStatistics Statistics => Result.Statistics;

    /// <summary>Throws <see cref="OdeSolveException"/> unless the gradient was computed.</summary>
    public void ThrowIfFailed() => Result.ThrowIfFailed();
}
