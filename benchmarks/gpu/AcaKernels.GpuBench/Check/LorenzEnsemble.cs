namespace AcaKernels.GpuBench.Check;

/// <summary>
/// The inputs of the check's workloads, in both layouts: Lorenz-63 in float32 (and float64 for the float64 rows), θ = (10, 28, 8/3) shared,
/// z₀ = (1, 1, 1) ± 10 % (seeded), seeds on z(1) uniform in [−1, 1], t ∈ [0, 1]. Trajectory b is the same in every
/// B, so the check's first trajectories are the timed run's first trajectories.
/// </summary>
internal sealed class LorenzEnsemble
{
    public LorenzEnsemble(int trajectories)
    {
        B = trajectories;
        var random = new Random(7);
        ByTrajectory = new float[3 * B];
        Seeds = new float[2 * 3 * B];
        for (int b = 0; b < B; b++)
            for (int j = 0; j < 3; j++)
            {
                ByTrajectory[b * 3 + j] = (float)(1.0 + 0.1 * (2 * random.NextDouble() - 1));
                Seeds[(b * 2 + 1) * 3 + j] = (float)(2 * random.NextDouble() - 1); // the seed on z(t₀) stays 0
            }
        ByComponent = new float[3 * B];
        for (int b = 0; b < B; b++)
            for (int j = 0; j < 3; j++) ByComponent[j * B + b] = ByTrajectory[b * 3 + j];
    }

    public int B { get; }

    /// <summary>z₀ as the ensemble solvers take it: [trajectory][component].</summary>
    public float[] ByTrajectory { get; }

    /// <summary>z₀ as the fixed-step solver takes it: [component][trajectory].</summary>
    public float[] ByComponent { get; }

    /// <summary>∂L/∂z at the output times (0, 1), [trajectory][time][component].</summary>
    public float[] Seeds { get; }

    public float[] Theta { get; } = [10f, 28f, 8f / 3f];

    /// <summary>The same z₀ in float64 (each float widened: the float32 and float64 rows solve the same problems).</summary>
    public double[] ByTrajectory64 => Array.ConvertAll(ByTrajectory, v => (double)v);

    /// <summary>The same seeds in float64.</summary>
    public double[] Seeds64 => Array.ConvertAll(Seeds, v => (double)v);

    /// <summary>θ in float64, (10, 28, 8/3) to double precision.</summary>
    public double[] Theta64 { get; } = [10.0, 28.0, 8.0 / 3.0];

    public double[] Times { get; } = [0, 1];
}
