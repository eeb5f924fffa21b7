using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>Naive backpropagation: the forward pass puts every trial on a <see cref="NaiveTape{T}"/>; the
/// backward pass reverses all of it (<see cref="NaiveBackward{T, TDynamics}"/>).</summary>
internal sealed class NaiveGradient<T, TDynamics>(IntegrationWorkspace<T> workspace) : GradientStrategy<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly NaiveTape<T> _tape = new(workspace.N, workspace.Rk.Stages, workspace.Options.CheckpointCapacity,
        workspace.Options.CheckpointGrowth, workspace.Options.GradientMemoryLimit);

    public override SolveResult Forward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs)
    {
        var recorder = new NaiveRecorder<T>(_tape);
        SolveResult result = Integrator<T, TDynamics>.Run(ws, z0, p, times, outputs, ref recorder);
        ws.Statistics.GradientMemoryBytes = result.IsSuccess ? _tape.Bytes : _tape.AllocatedBytes;
        return result;
    }

    public override SolveResult Backward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP,
        out double gradT0, out double gradTEnd)
    {
        // ∂L/∂t₀ and ∂L/∂t_end of the whole computed solve, controller included (see GradientResult).
        NaiveBackward<T, TDynamics>.Run(ws, _tape, p, seeds, gradZ0, gradP, out gradT0, out gradTEnd);
        return new SolveResult(OdeStatus.Success, times[0], 0, -1, ws.Statistics);
    }
}
