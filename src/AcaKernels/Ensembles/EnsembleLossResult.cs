using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// The outcome of <see cref="EnsembleSolver{T, TDynamics}.SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>:
/// the forward solves' aggregate (failures with their cause), the gradients' aggregate (a trajectory whose solve
/// failed is <see cref="Solving.OdeStatus.NoForwardSolve"/> there; its counters include the forward's) and the loss.
/// </summary>
/// <param name="Solve">As <see cref="EnsembleSolver{T, TDynamics}.Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{Solving.SolveResult})"/> returns it.</param>
/// <param name="Gradient">As <see cref="EnsembleSolver{T, TDynamics}.Gradient"/> returns it.</param>
/// <param name="Loss">Σ_b ℓ_b over the trajectories whose forward solve succeeded, added in trajectory order
/// (the same bits whatever the threads).</param>
public readonly record struct EnsembleLossResult<T>(EnsembleResult Solve, EnsembleResult Gradient, T Loss)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>True when every trajectory was solved and differentiated.</summary>
    public bool IsSuccess => Solve.IsSuccess && Gradient.IsSuccess;

    /// <summary>Throws <see cref="EnsembleSolveException"/> for the first failure: a solve's (with its cause) before a gradient's.</summary>
    public void ThrowIfFailed()
    {
        Solve.ThrowIfFailed();
        Gradient.ThrowIfFailed();
    }
}
