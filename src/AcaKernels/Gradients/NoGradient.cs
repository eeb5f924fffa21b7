using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary><see cref="GradientMethod.None"/>: forward solves only; records nothing, keeps nothing.</summary>
internal sealed class NoGradient<T, TDynamics> : GradientStrategy<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    public override bool Differentiates => false;

    public override SolveResult Forward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs)
    {
        var recorder = new NullRecorder<T>();
        return Integrator<T, TDynamics>.Run(ws, z0, p, times, outputs, ref recorder);
    }

    public override SolveResult Backward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP,
        out double gradT0, out double gradTEnd) => throw NotDifferentiable();

    /// <summary>What <see cref="OdeSolver{T, TDynamics}.Gradient"/> throws on a forward-only solver.</summary>
    public static InvalidOperationException NotDifferentiable() => new(
        "This solver was built with GradientMethod.None (forward solves only) and records nothing to differentiate. " +
        "Build it with OdeOptions { Gradient = GradientMethod.Aca } (or Naive, Adjoint) to call Gradient.");
}
