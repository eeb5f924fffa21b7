using AcaKernels.Experiments.NeuralOde;
using AcaKernels.Gpu;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// The neural ODE rows of the check: the float32 tanh MLP <see cref="NeuralOde"/> (2 → 32 → 2, θ shared), z₀ uniform in
/// [−2, 2]², seeds on z(1) uniform in [−1, 1], t ∈ [0, 1], Dopri5 at the check's tolerances: checked against the CPU
/// engine on the first trajectories, then timed forward and forward + ACA gradient (∂L/∂z₀ per trajectory and ∂L/∂θ
/// summed over the batch: a training step's gradient), and the gradient again with ∂L/∂θ added stage by stage
/// (<c>NeuralOde.RhsPerStage</c>, GpuParameterSweep = false: RESULTS §66's A/B). Trajectory b is the same in every B.
/// </summary>
internal static class NeuralOdeRows
{
    /// <summary>The Dopri5 forward + ACA check (float32 limits: states 1e-4, gradients 1e-3, as Lorenz's); returns whether
    /// it passed and the most accepted steps a trajectory took.</summary>
    public static (bool Passed, int MaxSteps) Check(GpuDevice device, CheckSettings s)
    {
        (bool passed, int maxSteps) = CorrectnessCheck.Dopri5<float, NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5, NeuralOdeDynamics.RhsSingleOde>(device, s, Options(s),
            Times, Inputs(s.CheckTrajectories), "neural ODE ", stateLimit: 1e-4, gradientLimit: 1e-3);
        (bool perStage, _) = CorrectnessCheck.Dopri5<float, NeuralOde.RhsPerStageOde.Gpu.DormandPrince5, NeuralOde.RhsPerStageOde>(device, s,
            Options(s), Times, Inputs(s.CheckTrajectories), "MLP θ per stage ", stateLimit: 1e-4, gradientLimit: 1e-3);
        return (passed && perStage, maxSteps);
    }

    /// <summary>Times the forward and the forward + ACA gradient at the check's B (the gradient's B lowered to fit the
    /// checkpoint budget).</summary>
    public static void Time(GpuDevice device, CheckSettings s, int maxSteps, List<TimedRow> rows)
    {
        int B = s.Trajectories;
        EnsembleInputs<float> inputs = Inputs(B);
        OdeOptions options = Options(s);
        Timings.Try(rows, "mlp-dopri5-fwd", () => rows.Add(Timings.Ensemble<float, NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5>(device, B, Times, inputs,
            "mlp-dopri5-fwd", "AcaKernels GpuEnsembleSolver Dopri5, tanh MLP 2-32-2", options with { Gradient = GradientMethod.None },
            capacity: null, s.Rounds, s.KernelForm)));
        (int capacity, int gradientB) = Timings.GradientFit(B, s, maxSteps, NeuralOde.N, sizeof(float));
        EnsembleInputs<float> gradientInputs = gradientB == B ? inputs : Inputs(gradientB);
        Timings.Try(rows, "mlp-dopri5-fwd+grad", () => rows.Add(Timings.Ensemble<float, NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5>(device, gradientB,
            Times, gradientInputs, "mlp-dopri5-fwd+grad", "AcaKernels GpuEnsembleSolver Dopri5 + ACA gradient, tanh MLP", options,
            capacity, s.Rounds, s.KernelForm)));
        // The same gradient with ∂L/∂θ added stage by stage (GpuParameterSweep = false): the sweep's A/B on this device.
        Timings.Try(rows, "mlp-dopri5-fwd+grad-per-stage", () => rows.Add(Timings.Ensemble<float, NeuralOde.RhsPerStageOde.Gpu.DormandPrince5>(device,
            gradientB, Times, gradientInputs, "mlp-dopri5-fwd+grad-per-stage", "AcaKernels GpuEnsembleSolver Dopri5 + ACA, tanh MLP, θ per stage",
            options, capacity, s.Rounds, s.KernelForm)));
    }

    /// <summary>The output times t₀ = 0, t_end = 1.</summary>
    internal static readonly double[] Times = [0, 1];

    private static OdeOptions Options(CheckSettings s) =>
        new() { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };

    /// <summary>z₀ uniform in [−2, 2]² and seeds on z(t_end) from a fixed seed, θ the closed form (<see cref="NeuralOde.Theta"/>).</summary>
    internal static EnsembleInputs<float> Inputs(int trajectories)
    {
        const int n = NeuralOde.N;
        var random = new Random(11);
        var z0 = new float[n * trajectories];
        var seeds = new float[2 * n * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int j = 0; j < n; j++)
            {
                z0[b * n + j] = (float)(4 * random.NextDouble() - 2);
                seeds[(b * 2 + 1) * n + j] = (float)(2 * random.NextDouble() - 1); // the seed on z(t₀) stays 0
            }
        return new EnsembleInputs<float>(z0, NeuralOde.Theta(), seeds);
    }
}
