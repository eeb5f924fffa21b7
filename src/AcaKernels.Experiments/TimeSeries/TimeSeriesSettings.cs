using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// A run of `aca timeseries`: the data (<see cref="SpiralData"/>), the model (<see cref="SpiralOde"/>), the
/// optimiser and the gradient methods. The defaults fit 16 spirals (8 each way, about 30 fitted points each) in
/// 300 full-batch Adam epochs per method, about a minute for all three methods on 2 cores.
/// </summary>
public sealed record TimeSeriesSettings
{
    /// <summary>Gradient methods to train with, each from the same start.</summary>
    public IReadOnlyList<GradientMethod> Methods { get; init; } = MethodNames.All;

    /// <summary>Epochs (one ensemble solve, one gradient and one optimiser step each, over all spirals).</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Seed of the data and of the initial weights.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Spirals B (even b counter-clockwise, odd b clockwise).</summary>
    public int Trajectories { get; init; } = 16;

    /// <summary>End of the training window; observations after it are held out for extrapolation.</summary>
    public double TrainEnd { get; init; } = 6.0;

    /// <summary>End of the extrapolation window.</summary>
    public double ExtrapolationEnd { get; init; } = 8.0;

    /// <summary>Mean gap between two observation times (gaps uniform in [0.4, 1.6] × this).</summary>
    public double MeanGap { get; init; } = 0.2;

    /// <summary>Share of the observations inside the training window held out for interpolation (the first never is).</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Standard deviation of the Gaussian noise on each observed coordinate.</summary>
    public double Noise { get; init; } = 0.03;

    /// <summary>rtol = atol of every solve.</summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>Whether to train the discrete-time baseline too: a GRU fed the time gaps (<see cref="GruObjective"/>),
    /// with the same optimiser, schedule and epochs.</summary>
    public bool Gru { get; init; } = true;

    /// <summary>Hidden units of the GRU baseline.</summary>
    public int GruHidden { get; init; } = 16;

    /// <summary>Worker threads of the ensemble solver; null for all processors.</summary>
    public int? Threads { get; init; }

    /// <summary>Which optimiser trains: <see cref="Adam"/> or <see cref="Sgd"/>.</summary>
    public OptimiserKind Optimiser { get; init; } = OptimiserKind.Adam;

    /// <summary>Adam's settings (used when <see cref="Optimiser"/> is Adam).</summary>
    public AdamSettings Adam { get; init; } = new() { LearningRate = 0.03, LearningRateDecay = 0.995 };

    /// <summary>SGD-with-momentum's settings (used when <see cref="Optimiser"/> is Sgd).</summary>
    public SgdSettings Sgd { get; init; } = new() { LearningRate = 0.05, Momentum = 0.9, LearningRateDecay = 0.995 };

    /// <summary>Total epochs over all methods and the GRU: the progress count.</summary>
    public int TotalEpochs => Epochs * (Methods.Count + (Gru ? 1 : 0));

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based) under the chosen optimiser's schedule.</summary>
    public double LearningRateAt(int epoch) =>
        Optimiser == OptimiserKind.Adam ? Adam.LearningRateAt(epoch) : Sgd.LearningRateAt(epoch);

    /// <summary>A fresh optimiser of the chosen kind for <paramref name="size"/> parameters.</summary>
    public IOptimiser CreateOptimiser(int size) =>
        Optimiser == OptimiserKind.Adam ? new Adam(size, Adam) : new SgdMomentum(size, Sgd);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot run and what to give instead.</summary>
    public void Validate()
    {
        SettingChecks.GradientMethods(Methods);
        if (GruHidden < 1 || GruHidden > 1024) throw new ArgumentException($"GRU hidden units = {GruHidden} is not in [1, 1024].");
        if (Epochs < 1 || Epochs > 100_000) throw new ArgumentException($"epochs = {Epochs} is not in [1, 100000].");
        if (Trajectories < 2 || Trajectories > 10_000)
            throw new ArgumentException($"trajectories = {Trajectories} is not in [2, 10000]; two at least, one turning each way.");
        if (!(TrainEnd > 0 && TrainEnd <= 50))
            throw new ArgumentException($"training window end {TrainEnd} is not in (0, 50].");
        if (!(ExtrapolationEnd > TrainEnd && ExtrapolationEnd <= 100))
            throw new ArgumentException($"extrapolation end {ExtrapolationEnd} must be after the training window end {TrainEnd} and at most 100.");
        if (!(MeanGap >= 0.01 && MeanGap <= TrainEnd / 2))
            throw new ArgumentException($"mean gap {MeanGap} is not in [0.01, {TrainEnd / 2}] (half the training window, so there are points to fit).");
        if (!(HeldOutFraction >= 0 && HeldOutFraction <= 0.5))
            throw new ArgumentException($"held-out fraction {HeldOutFraction} is not in [0, 0.5].");
        if (!(Noise >= 0 && Noise <= 1)) throw new ArgumentException($"noise {Noise} is not in [0, 1].");
        if (!(Tolerance >= 1e-12 && Tolerance <= 0.1))
            throw new ArgumentException($"tolerance {Tolerance} is not in [1e-12, 0.1].");
        if (Threads is { } threads && (threads < 1 || threads > 1024))
            throw new ArgumentException($"threads = {threads} is not in [1, 1024].");
        if (!Enum.IsDefined(Optimiser)) throw new ArgumentException($"optimiser {Optimiser} is not adam or sgd.");
        Adam.Validate();
        Sgd.Validate();
    }
}

/// <summary>The optimisers `aca timeseries` can train with.</summary>
public enum OptimiserKind
{
    /// <summary><see cref="Training.Adam"/>.</summary>
    Adam,
    /// <summary><see cref="SgdMomentum"/>.</summary>
    Sgd,
}
