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
internal sealed class TrajectoryWorker<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly IntegrationWorkspace<T> _workspace;
    private readonly GradientStrategy<T, TDynamics> _gradient;
    private T[] _outputs = [];

    public TrajectoryWorker(OdeOptions options)
    {
        _workspace = new IntegrationWorkspace<T>(TDynamics.StateSize, TDynamics.ParameterSize, options);
        _gradient = GradientStrategy<T, TDynamics>.Create(_workspace);
    }

    /// <summary>The checkpoint store of an ACA worker; null for other methods.</summary>
    public CheckpointStore<T>? Checkpoints => (_gradient as AcaGradient<T, TDynamics>)?.Store;

    /// <summary>Whether the gradient method can differentiate at all.</summary>
    public bool Differentiates => _gradient.Differentiates;

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
    public SolveResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs)
    {
        // The integrator overwrites each output it reaches; a failed solve leaves the rest NaN, never stale.
        outputs.Fill(T.NaN);
        SolveResult result = _gradient.Forward(_workspace, z0, p, times, outputs);
        return result with { Statistics = _workspace.Statistics };
    }

    /// <summary>
    /// Differentiates one trajectory whose forward solve succeeded with <paramref name="forward"/>, exactly as
    /// <see cref="OdeSolver{T, TDynamics}.Gradient"/> does after its checks.
    /// </summary>
    public GradientResult Gradient(in SolveResult forward, ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP)
    {
        if (Checkpoints is null)
        {
            Span<T> outputs = _outputs.AsSpan(0, times.Length * TDynamics.StateSize);
            _gradient.Forward(_workspace, z0, p, times, outputs);
        }
        _workspace.Statistics = forward.Statistics;
        ref SolverStatistics stats = ref _workspace.Statistics;
        stats.BackwardEvaluations = stats.BackwardVjps = stats.BackwardSteps = 0;
        SolveResult status = _gradient.Backward(_workspace, z0, p, times, seeds, gradZ0, gradP, out double gradT0, out double gradTEnd);
        status = status with { Statistics = _workspace.Statistics };
        return status.IsSuccess ? new GradientResult(status, gradT0, gradTEnd) : new GradientResult(status, double.NaN, double.NaN);
    }
}
