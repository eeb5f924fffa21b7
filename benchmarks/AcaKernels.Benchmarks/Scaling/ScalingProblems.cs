namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// The problems of the scaling curves, chosen by <see cref="ScalingSpec.System"/> and precision: Lorenz-63 as in
/// <see cref="EnsembleSetup"/> (θ = (10, 28, 8/3) shared, its spread of initial states, t ∈ [0, 1]) and the tanh MLPs
/// of <see cref="ScalingMlp"/> (seeded weights scaled by 1/√fan-in, initial states in [−1, 1], t ∈ [0, <see cref="MlpHorizon"/>]).
/// </summary>
internal static class ScalingProblems
{
    /// <summary>t_end of the MLPs: on [0, 1] they took only 3–6 steps, so the width sweep measured mostly the start of
    /// each trajectory (initial step, first and landing steps) and the lane logs' 64-slot floor; t ∈ [0, 10] takes
    /// tens of steps, a solve whose cost and memory are dominated by its steps.</summary>
    public const double MlpHorizon = 10.0;

    public static ScalingPoint Measure(ScalingSpec spec)
    {
        int b = spec.Trajectories;
        return (spec.System, spec.Precision) switch
        {
            ("lorenz", "f64") => ScalingMeasurement.Run<double, GeneratedLorenz.RhsOde>(spec,
                EnsembleSetup.LorenzInitialStates(b), [10.0, 28.0, 8.0 / 3.0], 1.0),
            ("lorenz", "f32") => ScalingMeasurement.Run<float, LorenzSingle.RhsOde>(spec,
                Array.ConvertAll(EnsembleSetup.LorenzInitialStates(b), x => (float)x), [10f, 28f, 8f / 3f], 1.0),
            ("mlp2", "f64") => Mlp<ScalingMlp.Width2Ode>(spec, 2),
            ("mlp4", "f64") => Mlp<ScalingMlp.Width4Ode>(spec, 4),
            ("mlp8", "f64") => Mlp<ScalingMlp.Width8Ode>(spec, 8),
            ("mlp16", "f64") => Mlp<ScalingMlp.Width16Ode>(spec, 16),
            ("mlp32", "f64") => Mlp<ScalingMlp.Width32Ode>(spec, 32),
            ("mlp64", "f64") => Mlp<ScalingMlp.Width64Ode>(spec, 64),
            _ => throw new ArgumentException(
                $"No scaling problem '{spec.System}' in {spec.Precision}: use lorenz (f64, f32) or mlp<n> (f64) with n in " +
                $"{string.Join(", ", ScalingMlp.Widths)}."),
        };
    }

    private static ScalingPoint Mlp<TDynamics>(ScalingSpec spec, int n) where TDynamics : IOdeDynamics<double>
    {
        var random = new Random(20261201 + n);
        var z0 = new double[spec.Trajectories * n];
        for (int i = 0; i < z0.Length; i++) z0[i] = 2 * random.NextDouble() - 1;
        int h = 2 * n;
        var theta = new double[ScalingMlp.ParameterSize(n)];
        for (int i = 0; i < theta.Length; i++)
        {
            // W₁ (h×n) and b₁ by 1/√n, W₂ (n×h) and b₂ by 1/√h: the state's derivative stays O(1) at every width, so
            // the step count depends on the width only weakly and the sweep measures the cost of one step.
            double scale = i < h * n + h ? 1 / Math.Sqrt(n) : 1 / Math.Sqrt(h);
            theta[i] = scale * (2 * random.NextDouble() - 1);
        }
        return ScalingMeasurement.Run<double, TDynamics>(spec, z0, theta, MlpHorizon);
    }
}
