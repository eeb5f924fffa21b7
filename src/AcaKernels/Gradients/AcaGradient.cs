using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>ACA: the forward pass keeps the accepted steps in a <see cref="CheckpointStore{T}"/>; the backward
/// pass replays them (<see cref="AcaBackward{T, TDynamics}"/>).</summary>
internal sealed class AcaGradient<T, TDynamics>(IntegrationWorkspace<T> workspace) : GradientStrategy<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly CheckpointStore<T> _store = new(workspace.N, workspace.Options.CheckpointCapacity,
        workspace.Options.CheckpointGrowth, workspace.Options.GradientMemoryLimit);
    private readonly T[] _work = new T[workspace.N];

    public override AcceptedStepsView<T> AcceptedSteps => new(_store);

    /// <summary>The checkpoints of the last forward pass (an ensemble saves and reloads them per trajectory).</summary>
    internal CheckpointStore<T> Store => _store;

    public override SolveResult Forward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs)
    {
        var recorder = new CheckpointRecorder<T>(_store);
        SolveResult result = Integrator<T, TDynamics>.Run(ws, z0, p, times, outputs, ref recorder);
        ws.Statistics.GradientMemoryBytes = result.IsSuccess ? _store.Bytes : _store.AllocatedBytes;
        return result;
    }

    public override SolveResult Backward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP,
        out double gradT0, out double gradTEnd)
    {
        // ∂L/∂t₀ and ∂L/∂t_end of the discrete map (step lengths frozen; see GradientResult).
        AcaBackward<T, TDynamics>.Run(ws, _store, p, seeds, gradZ0, _work, gradP, out gradT0, out gradTEnd);
        return new SolveResult(OdeStatus.Success, times[0], 0, -1, ws.Statistics);
    }
}
