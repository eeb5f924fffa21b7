using System.Numerics;
using AcaKernels.Gradients;

namespace AcaKernels.Solving;

/// <summary>
/// One trajectory's solve and gradient after the arguments were checked: a workspace and a gradient strategy,
/// driven the one way both <see cref="OdeSolver{T, TDynamics}"/> and each worker of an ensemble drive them, so
/// an ensemble's trajectory equals a single solver's bit for bit by construction.
/// </summary>
internal sealed class TrajectoryEngine<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly IntegrationWorkspace<T> _workspace;
    private readonly GradientStrategy<T, TDynamics> _gradient;

    /// <exception cref="ArgumentException">When an option cannot work (see <see cref="OdeOptions.Validate"/>).</exception>
    public TrajectoryEngine(OdeOptions options)
    {
        _workspace = new IntegrationWorkspace<T>(TDynamics.StateSize, TDynamics.ParameterSize, options);
        _gradient = GradientStrategy<T, TDynamics>.Create(_workspace);
    }

    /// <summary>Counters of the last solve and gradient.</summary>
    public ref SolverStatistics Statistics => ref _workspace.Statistics;

    /// <summary>The accepted steps of the last solve (ACA); empty for the other methods.</summary>
    public AcceptedStepsView<T> AcceptedSteps => _gradient.AcceptedSteps;

    /// <summary>The checkpoint store of an ACA engine; null for other methods.</summary>
    public CheckpointStore<T>? Checkpoints => (_gradient as AcaGradient<T, TDynamics>)?.Store;

    /// <summary>Whether the gradient method can differentiate at all.</summary>
    public bool Differentiates => _gradient.Differentiates;

    /// <summary>Integrates through every time; outputs it does not reach are NaN, never stale.</summary>
    public SolveResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs)
    {
        outputs.Fill(T.NaN);
        SolveResult result = _gradient.Forward(_workspace, z0, p, times, outputs);
        return result with { Statistics = _workspace.Statistics };
    }

    /// <summary>
    /// Differentiates the forward pass the strategy recorded last (it must have succeeded), with the backward
    /// counters started afresh; NaN time gradients when the backward pass fails.
    /// </summary>
    public GradientResult Gradient(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<T> seeds,
        Span<T> gradZ0, Span<T> gradP)
    {
        ref SolverStatistics stats = ref _workspace.Statistics;
        stats.BackwardEvaluations = stats.BackwardVjps = stats.BackwardSteps = 0;
        SolveResult status = _gradient.Backward(_workspace, z0, p, times, seeds, gradZ0, gradP, out double gradT0, out double gradTEnd);
        status = status with { Statistics = _workspace.Statistics };
        return status.IsSuccess ? new GradientResult(status, gradT0, gradTEnd) : new GradientResult(status, double.NaN, double.NaN);
    }
}
