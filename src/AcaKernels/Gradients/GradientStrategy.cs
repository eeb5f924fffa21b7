using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>
/// One gradient method as a whole: what its forward pass records (a struct recorder handed to the integrator,
/// so the per-step path has no virtual call), the buffers it keeps, and its backward pass. The solver holds
/// one and makes one virtual call per solve and per gradient.
/// </summary>
internal abstract class GradientStrategy<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>The strategy for <see cref="OdeOptions.Gradient"/>, with its buffers allocated.</summary>
    public static GradientStrategy<T, TDynamics> Create(IntegrationWorkspace<T> workspace) => workspace.Options.Gradient switch
    {
        GradientMethod.Aca => new AcaGradient<T, TDynamics>(workspace),
        GradientMethod.Adjoint => new AdjointGradient<T, TDynamics>(workspace.Options),
        GradientMethod.Naive => new NaiveGradient<T, TDynamics>(workspace),
        GradientMethod.None => new NoGradient<T, TDynamics>(),
        _ => throw new ArgumentOutOfRangeException(nameof(workspace), workspace.Options.Gradient, "Unknown GradientMethod."),
    };

    /// <summary>Whether <see cref="Backward"/> can run (false for forward-only solvers).</summary>
    public virtual bool Differentiates => true;

    /// <summary>The accepted steps of the last solve, where this method keeps them.</summary>
    public virtual AcceptedStepsView<T> AcceptedSteps => default;

    /// <summary>Integrates, recording what the backward pass needs; sets the statistics' gradient memory.</summary>
    public abstract SolveResult Forward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs);

    /// <summary>
    /// Differentiates the last successful <see cref="Forward"/>: given the seeds ∂L/∂z(t_k), writes ∂L/∂z₀ and
    /// ∂L/∂θ and returns ∂L/∂t₀ and ∂L/∂t_end.
    /// </summary>
    public abstract SolveResult Backward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP,
        out double gradT0, out double gradTEnd);
}
