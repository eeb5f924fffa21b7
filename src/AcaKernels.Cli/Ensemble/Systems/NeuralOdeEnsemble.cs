using AcaKernels.Experiments.NeuralOde;

namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>`--system neural-ode`: the tanh MLP 2 → 32 → 2 of <see cref="NeuralOdeDynamics"/> with its closed-form θ
/// (162 values, shared: a training step's batch), z₀ spread over [−2, 2]², t ∈ [0, 1]; float64 and float32 (a neural
/// ODE's usual number type on a GPU).</summary>
internal sealed class NeuralOdeEnsemble : EnsembleSystem
{
    public override string Name => "neural-ode";

    public override string Title => "neural ODE (tanh MLP 2-32-2)";

    public override string Setup => $"θ ({NeuralOdeDynamics.ParameterSize} weights) shared, z0 spread over [−2, 2]²";

    public override int StateSize => NeuralOdeDynamics.N;

    public override IReadOnlyList<string>? ParameterNames => null;

    /// <summary>The CPU engine takes at most 17 accepted steps over [0, 1] from this spread at these tolerances, float64
    /// and float32 (B = 100 000; EnsembleSystemTests); 32 leaves room for a device's rounding.</summary>
    public override int CheckpointSteps => 32;

    public override EnsembleEngines<double> Float64 { get; } =
        EnsembleEngines<double>.Of<NeuralOdeDynamics.RhsOde, NeuralOdeDynamics.RhsOde.Gpu.DormandPrince5>();

    public override EnsembleEngines<float> Float32 { get; } =
        EnsembleEngines<float>.Of<NeuralOdeDynamics.RhsSingleOde, NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5>();

    public override double[] Theta() => NeuralOdeDynamics.Theta();

    public override void InitialState(int trajectory, Span<double> z0)
    {
        for (int j = 0; j < z0.Length; j++) z0[j] = 2 * Spread(trajectory, j);
    }
}
