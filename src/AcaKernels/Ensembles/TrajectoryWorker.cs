using System.Numerics;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// What one worker of an ensemble needs to solve and differentiate one trajectory at a time on the scalar
/// engine: the same workspace and gradient strategy an <see cref="OdeSolver{T, TDynamics}"/> owns, driven the
/// same way, so each trajectory's outputs and gradients equal a single solver's bit for bit.
/// </summary>
/// <remarks>ACA keeps each trajectory's checkpoints in the ensemble's <see cref="CheckpointArena{T}"/> and loads
/// them back for the backward pass. The naive and adjoint methods keep their records (a tape; a copy of the
/// outputs) only for the last trajectory, so their backward pass first repeats that trajectory's forward solve
/// (deterministic: the same steps, so the same gradient as a single solver, at the cost of a second solve).</remarks>
internal sealed class TrajectoryWorker<T, TDynamics>(OdeOptions options)
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly TrajectoryEngine<T, TDynamics> _engine = new(options);
    private T[] _outputs = [];

    /// <summary>The checkpoint store of an ACA worker; null for other methods.</summary>
    public CheckpointStore<T>? Checkpoints => _engine.Checkpoints;

    /// <summary>Whether the gradient method can differentiate at all.</summary>
    public bool Differentiates => _engine.Differentiates;

    /// <summary>
    /// Sizes the buffers a backward pass may need (called on the calling thread before the workers start, so that
    /// which worker gets which trajectory never decides whether a gradient allocates).
    /// </summary>
    public void Prepare(int checkpoints, int outputValues)
    {
        Checkpoints?.EnsureCapacity(checkpoints);
        if (Checkpoints is null && _outputs.Length < outputValues) _outputs = new T[outputValues];
    }

    /// <summary>Solves one trajectory exactly as <see cref="OdeSolver{T, TDynamics}.Solve"/> does after its checks.</summary>
    public SolveResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs) =>
        _engine.Solve(z0, p, times, outputs);

    /// <summary>
    /// Differentiates one trajectory whose forward solve succeeded with <paramref name="forward"/>, exactly as
    /// <see cref="OdeSolver{T, TDynamics}.Gradient"/> does after its checks.
    /// </summary>
    public GradientResult Gradient(in SolveResult forward, ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP)
    {
        // Only ACA's checkpoints were kept for this trajectory (loaded by the caller); the others replay its solve.
        if (Checkpoints is null) _engine.Solve(z0, p, times, _outputs.AsSpan(0, times.Length * TDynamics.StateSize));
        _engine.Statistics = forward.Statistics;
        return _engine.Gradient(z0, p, times, seeds, gradZ0, gradP);
    }

    /// <summary>
    /// <see cref="Gradient"/> of the trajectory this worker solved last (<paramref name="forward"/>, a success): its
    /// records (checkpoints, tape, outputs) are still the engine's, so no method repeats or loads anything.
    /// </summary>
    public GradientResult GradientOfLastSolve(in SolveResult forward, ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP)
    {
        _engine.Statistics = forward.Statistics;
        return _engine.Gradient(z0, p, times, seeds, gradZ0, gradP);
    }
}
