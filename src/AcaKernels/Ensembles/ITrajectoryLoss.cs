using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// A loss that is a sum over trajectories, L = Σ_b ℓ_b(z_b(t_0), …, z_b(t_{K−1})), each term reading only its own
/// trajectory's outputs (fitting to data, a neural ODE's mini-batch, the paper's experiments). For such a loss
/// <see cref="EnsembleSolver{T, TDynamics}.SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>
/// can differentiate each chunk of trajectories right after solving it, while its checkpoints are still in cache.
/// </summary>
/// <remarks>
/// Implement it on a struct: the solver is generic in the loss, so the call is direct (no delegate, no boxing, no
/// allocation). The workers call <see cref="Evaluate"/> from several threads at once on one shared copy of the
/// struct, each for its own trajectories; whatever state the loss changes must be safe for that (reading target
/// data held in arrays is the usual case). The solver calls it only for trajectories whose forward solve succeeded.
/// </remarks>
/// <typeparam name="T">The state's element type.</typeparam>
public interface ITrajectoryLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// ℓ_b of trajectory <paramref name="trajectory"/> and its seeds ∂ℓ_b/∂z(t_k).
    /// </summary>
    /// <param name="trajectory">b.</param>
    /// <param name="times">The trajectory's output times t_0 … t_{K−1}.</param>
    /// <param name="outputs">z(t_k) at outputs[k·n ..] (K rows of n values, as the caller's outputs block holds them).</param>
    /// <param name="seeds">Laid out like <paramref name="outputs"/>, all zero on entry: write ∂ℓ_b/∂z(t_k) there.</param>
    /// <returns>ℓ_b; the solver sums the terms in trajectory order (return zero when only the seeds matter).</returns>
    T Evaluate(int trajectory, ReadOnlySpan<double> times, ReadOnlySpan<T> outputs, Span<T> seeds);
}
