using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Lanes;

/// <summary>
/// What the lane engine needs from its ensemble: each trajectory's inputs and output rows, and where to hand its
/// results (the ensemble keeps the statuses and the shared-θ reduction, so both of its engines, scalar and lanes,
/// feed the same bookkeeping; the lane engine's checkpoints are in the chunk's <see cref="LaneCheckpointLog{T}"/>).
/// </summary>
internal interface ILaneEnsemble<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>z₀ of trajectory b.</summary>
    ReadOnlySpan<T> InitialState(int b);

    /// <summary>θ of trajectory b (the shared θ when shared).</summary>
    ReadOnlySpan<T> Parameters(int b);

    /// <summary>The output times of trajectory b.</summary>
    ReadOnlySpan<double> TimesOf(int b);

    /// <summary>The output rows of trajectory b in the caller's block.</summary>
    Span<T> OutputsOf(int b);

    /// <summary>Trajectory b's forward solve ended with <paramref name="result"/>; with <paramref name="checkpointsLost"/>
    /// some of its accepted steps found its chunk's log full (ACA), so it cannot be differentiated.</summary>
    void Solved(int b, in SolveResult result, bool checkpointsLost);

    /// <summary>
    /// Whether trajectory b can be differentiated (its forward solve succeeded), with that solve's result; when
    /// not, the ensemble has written its NaN rows and <see cref="OdeStatus.NoForwardSolve"/> already.
    /// </summary>
    bool BeginGradient(int b, out SolveResult forward);

    /// <summary>
    /// Asks the cache for what <see cref="BeginGradient"/>, <see cref="SeedsOf"/> and <see cref="Differentiated"/>
    /// will read and write of trajectory b: a hint that changes nothing, given a trajectory ahead of its turn.
    /// </summary>
    void PrefetchGradient(int b);

    /// <summary>The seeds ∂L/∂z(t_k) of trajectory b, laid out like its outputs.</summary>
    ReadOnlySpan<T> SeedsOf(int b);

    /// <summary>Trajectory b's backward pass ended: its ∂L/∂z₀ and ∂L/∂θ rows are written; this is its result.</summary>
    void Differentiated(int b, ReadOnlySpan<T> gradZ0, ReadOnlySpan<T> gradP, in GradientResult result);
}
