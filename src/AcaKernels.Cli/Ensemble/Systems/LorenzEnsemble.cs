using AcaKernels.Experiments.Lorenz;

namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>`--system lorenz` (the default): Lorenz-63 with θ = (10, 28, 8/3), z₀ spread around (1, 1, 1) (the demo's
/// deterministic spread), t ∈ [0, 1]; float64 and float32.</summary>
internal sealed class LorenzEnsemble : EnsembleSystem
{
    public override string Name => "lorenz";

    public override string Title => "Lorenz-63";

    public override string Setup => "θ = (10, 28, 8/3) shared, z0 spread around (1, 1, 1)";

    public override int StateSize => 3;

    public override IReadOnlyList<string> ParameterNames => ["σ", "ρ", "β"];

    /// <summary>This problem takes at most 65 accepted steps over [0, 1] from this spread at these tolerances (the CPU
    /// engine at B = 1 048 576); 128 leaves room for a device's rounding.</summary>
    public override int CheckpointSteps => 128;

    public override EnsembleEngines<double> Float64 { get; } =
        EnsembleEngines<double>.Of<LorenzDynamics.RhsOde, LorenzDynamics.RhsOde.Gpu.DormandPrince5>();

    public override EnsembleEngines<float> Float32 { get; } =
        EnsembleEngines<float>.Of<LorenzDynamics.RhsSingleOde, LorenzDynamics.RhsSingleOde.Gpu.DormandPrince5>();

    public override double[] Theta() => [10.0, 28.0, 8.0 / 3.0];

    public override void InitialState(int trajectory, Span<double> z0)
    {
        z0[0] = 1.0 + 1e-5 * (trajectory % 1000);
        z0[1] = 1.0 + 2e-5 * (trajectory % 777);
        z0[2] = 1.0 + 3e-5 * (trajectory % 555);
    }
}
