using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The unknown-force variant of `aca three-body` (<see cref="ForceExperiment"/>): observations of the true system
/// (<see cref="CloudThreeBodyDynamics"/>) on [0, <see cref="EndTime"/>]; two models fitted to them by each method,
/// then both run on to <see cref="ExtrapolationEndTime"/> and compared with the truth there.
/// </summary>
public sealed record ForceSettings
{
    /// <summary>Gradient methods to fit with, each from the same start.</summary>
    public IReadOnlyList<GradientMethod> Methods { get; init; } = MethodNames.All;

    /// <summary>Epochs per model and method.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Seed of the start masses and of the network's first-layer weights.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start masses; null draws each uniformly from 1 ± <see cref="InitialSpread"/> with <see cref="Seed"/>
    /// (the same draw as the mass variant's).</summary>
    public IReadOnlyList<double>? InitialMasses { get; init; }

    /// <summary>Half-width of the uniform draw of the start masses around 1.</summary>
    public double InitialSpread { get; init; } = 0.1;

    /// <summary>Observation times: this many, equally spaced on [0, <see cref="EndTime"/>].</summary>
    public int ObservationCount { get; init; } = 200;

    /// <summary>End of the observation (training) window.</summary>
    public double EndTime { get; init; } = 1.0;

    /// <summary>End of the extrapolation window (EndTime, ExtrapolationEndTime], where no data were seen.</summary>
    public double ExtrapolationEndTime { get; init; } = 2.0;

    /// <summary>Times at which the models are compared with the truth over the whole [0, ExtrapolationEndTime].</summary>
    public int EvaluationCount { get; init; } = 401;

    /// <summary>rtol = atol of the solves that make the observations and the comparisons.</summary>
    public double ObservationTolerance { get; init; } = 1e-12;

    /// <summary>rtol = atol of the solves during the fit.</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>The loss weights observation k by LossDecay^{t_k} (1: every observation alike).</summary>
    public double LossDecay { get; init; } = 1.0;

    /// <summary>The optimiser, for masses and network weights alike.</summary>
    public AdamSettings Optimiser { get; init; } = new() { LearningRate = 0.02, Beta1 = 0.9, Beta2 = 0.999, LearningRateDecay = 0.99 };

    /// <summary>Epochs over all models and methods: the progress count.</summary>
    public int TotalEpochs => 2 * Epochs * Methods.Count;

    /// <summary>The start masses: <see cref="InitialMasses"/>, or the seeded draw.</summary>
    public double[] StartMasses() =>
        new ThreeBody.ThreeBodySettings { Seed = Seed, InitialMasses = InitialMasses, InitialSpread = InitialSpread }.StartMasses();

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot run and what to give instead.</summary>
    public void Validate()
    {
        // The settings the mass variant shares are checked by its own rules.
        new ThreeBody.ThreeBodySettings
        {
            Methods = Methods, Epochs = Epochs, Seed = Seed, InitialMasses = InitialMasses, InitialSpread = InitialSpread,
            ObservationCount = ObservationCount, EndTime = EndTime, ObservationTolerance = ObservationTolerance,
            Tolerance = Tolerance, LossDecay = LossDecay, Optimiser = Optimiser,
        }.Validate();
        if (!(ExtrapolationEndTime > EndTime && ExtrapolationEndTime <= 10))
            throw new ArgumentException($"extrapolation end time {ExtrapolationEndTime} is not in ({EndTime}, 10]; it must lie beyond the observation window.");
        if (EvaluationCount < 3 || EvaluationCount > 1_000_000)
            throw new ArgumentException($"evaluation count {EvaluationCount} is not in [3, 1000000].");
    }
}
