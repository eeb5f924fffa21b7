using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>`--system three-body`: the three-body experiment's bodies in 3-D (<see cref="ThreeBodySystem"/>'s z₀ and true
/// masses, shared), each velocity component of each trajectory nudged by up to ±0.001 (1 % of the experiment's 0.1), t ∈
/// [0, 1] (the experiment's span); float64 only (n = 18, p = the three masses).</summary>
internal sealed class ThreeBodyEnsemble : EnsembleSystem
{
    public override string Name => "three-body";

    public override string Title => "three-body (3-D, Newtonian)";

    public override string Setup => "masses (1.1, 1.1, 0.9) shared, the experiment's z0 with each velocity nudged by up to ±0.001";

    public override int StateSize => ThreeBodyDynamics.StateSize;

    public override IReadOnlyList<string> ParameterNames => ["m1", "m2", "m3"];

    /// <summary>The CPU engine takes at most 173 accepted steps over [0, 1] from this spread at these tolerances (B =
    /// 20 000; EnsembleSystemTests); 384 leaves room for a device's rounding and trajectories past those.</summary>
    public override int CheckpointSteps => 384;

    public override EnsembleEngines<double> Float64 { get; } =
        EnsembleEngines<double>.Of<ThreeBodyDynamics.RhsOde, ThreeBodyDynamics.RhsOde.Gpu.DormandPrince5>();

    public override EnsembleEngines<float>? Float32 => null;

    public override double[] Theta() => [.. ThreeBodySystem.TrueMasses];

    public override void InitialState(int trajectory, Span<double> z0)
    {
        for (int j = 0; j < z0.Length; j++) z0[j] = ThreeBodySystem.InitialState[j];
        // Velocities of 0.1 (or 0) in each coordinate: a nudge of up to ±1e-3, different per trajectory, body and coordinate.
        for (int j = ThreeBodyDynamics.VelocityOffset; j < z0.Length; j++)
            z0[j] += 1e-3 * Spread(trajectory, j);
    }
}
