using AcaKernels.Ensembles;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// ℓ_b = ½ Σ_k Σ_j w_j (z_b,j(t_k) − y_b,k,j)², a fit of each trajectory to its own targets y (laid out like the
/// outputs) with per-component weights w: the seeds w_j (z − y) depend on the outputs, so a wrong output, row or
/// trajectory shows in the gradient. Counts its calls (atomically: several workers call one copy).
/// </summary>
internal struct SquaredErrorLoss : ITrajectoryLoss<double>
{
    public required double[] Targets { get; init; }
    public int[]? FirstRows { get; init; } // trajectory b's first output row (per-trajectory times), null: b·K
    public required double[] Weights { get; init; }
    public int Calls;

    public double Evaluate(int trajectory, ReadOnlySpan<double> times, ReadOnlySpan<double> outputs, Span<double> seeds)
    {
        Interlocked.Increment(ref Calls);
        int n = Weights.Length, row = FirstRows?[trajectory] ?? trajectory * times.Length;
        ReadOnlySpan<double> targets = Targets.AsSpan(row * n, outputs.Length);
        double loss = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double residual = outputs[i] - targets[i], weight = Weights[i % n];
            seeds[i] = weight * residual;
            loss += 0.5 * weight * residual * residual;
        }
        return loss;
    }

    /// <summary>Targets for every output row, seeded uniform in (−5, 5).</summary>
    public static double[] RandomTargets(int rows, int n, int seed)
    {
        var random = new Random(seed);
        var targets = new double[rows * n];
        for (int i = 0; i < targets.Length; i++) targets[i] = 10 * random.NextDouble() - 5;
        return targets;
    }
}
