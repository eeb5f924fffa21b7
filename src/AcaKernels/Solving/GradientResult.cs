namespace AcaKernels.Solving;

/// <summary>Outcome of a gradient: status, ∂L/∂t₀ and ∂L/∂t_end, and the statistics of forward and backward.</summary>
/// <remarks>Time gradients use the exact identities ∂L/∂t_end = (∂L/∂z(t_end))·f(t_end, z(t_end)) and
/// ∂L/∂t₀ = −(∂L/∂z₀)·f(t₀, z₀), evaluated with the computed adjoint.</remarks>
public readonly record struct GradientResult(SolveResult Result, double GradientT0, double GradientTEnd)
{
    /// <summary>True when the gradient was computed.</summary>
    public bool IsSuccess => Result.IsSuccess;

    /// <summary>Statistics of the forward solve and this backward pass.</summary>
    public SolverStatistics Statistics => Result.Statistics;

    /// <summary>Throws <see cref="OdeSolveException"/> unless the gradient was computed.</summary>
    public void ThrowIfFailed() => Result.ThrowIfFailed();
}
