using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// A three-body mass fit. The defaults are the (after the paper's reference code): observations from a
/// solve at rtol = atol = 1e-12 at 1000 points on t ∈ [0, 1], loss weights 0.01^t, start masses 1 ± 0.1 (uniform,
/// seeded), Adam with lr 0.1, betas (0.5, 0.5), lr × 0.95 per epoch, 100 epochs, Dormand-Prince 5(4) at
/// rtol = atol = 1e-7 for the fit.
/// </summary>
public sealed record ThreeBodySettings
{
    /// <summary>Gradient methods to fit with, each from the same start.</summary>
    public IReadOnlyList<GradientMethod> Methods { get; init; } = MethodNames.All;

    /// <summary>Epochs (one solve, one gradient and one Adam step each).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Seed of the start masses.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start masses; null draws each uniformly from 1 ± <see cref="InitialSpread"/> with <see cref="Seed"/>.</summary>
    public IReadOnlyList<double>? InitialMasses { get; init; }

    /// <summary>Half-width of the uniform draw of the start masses around 1.</summary>
    public double InitialSpread { get; init; } = 0.1;

    /// <summary>Observation times: this many, equally spaced on [0, <see cref="EndTime"/>].</summary>
    public int ObservationCount { get; init; } = 1000;

    /// <summary>End of the observation window (non-dimensional time).</summary>
    public double EndTime { get; init; } = 1.0;

    /// <summary>rtol = atol of the solve that makes the observations (the "truth").</summary>
    public double ObservationTolerance { get; init; } = 1e-12;

    /// <summary>rtol = atol of the solves during the fit.</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>The loss weights observation k by LossDecay^{t_k}.</summary>
    public double LossDecay { get; init; } = 0.01;

    /// <summary>The optimiser.</summary>
    public AdamSettings Optimiser { get; init; } = new() { LearningRate = 0.1, Beta1 = 0.5, Beta2 = 0.5, LearningRateDecay = 0.95 };

    /// <summary>Total epochs over all methods: the progress count.</summary>
    public int TotalEpochs => Epochs * Methods.Count;

    /// <summary>The start masses: <see cref="InitialMasses"/>, or the seeded draw.</summary>
    public double[] StartMasses()
    {
        if (InitialMasses is { } given) return [.. given];
        var random = new Random(Seed);
        return [.. ThreeBodySystem.TrueMasses.Select(_ => 1 + InitialSpread * (2 * random.NextDouble() - 1))];
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot run and what to give instead.</summary>
    public void Validate()
    {
        SettingChecks.GradientMethods(Methods);
        if (Epochs < 1 || Epochs > 100_000) throw new ArgumentException($"epochs = {Epochs} is not in [1, 100000].");
        if (InitialMasses is { } masses)
        {
            if (masses.Count != 3) throw new ArgumentException($"{masses.Count} start masses given; the three bodies need 3.");
            foreach (double m in masses)
                if (!(m > 0 && m < 100)) throw new ArgumentException($"start mass {m} is not in (0, 100) solar masses.");
        }
        if (!(InitialSpread >= 0 && InitialSpread < 1))
            throw new ArgumentException($"start-mass spread {InitialSpread} is not in [0, 1); masses must stay positive.");
        if (ObservationCount < 2 || ObservationCount > 1_000_000)
            throw new ArgumentException($"observation count {ObservationCount} is not in [2, 1000000].");
        if (!(EndTime > 0 && EndTime <= 10))
            throw new ArgumentException($"end time {EndTime} is not in (0, 10]; the bodies meet closely soon after and solves get very long.");
        SettingChecks.Tolerance(ObservationTolerance, "observation tolerance");
        SettingChecks.Tolerance(Tolerance, "tolerance");
        if (!(LossDecay > 0 && LossDecay <= 1))
            throw new ArgumentException($"loss decay {LossDecay} is not in (0, 1]; observation k weighs decay^t_k.");
        Optimiser.Validate();
    }
}
