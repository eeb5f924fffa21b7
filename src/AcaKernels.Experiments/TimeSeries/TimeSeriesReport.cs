using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>Everything `aca timeseries` measured: the JSON document (schema: Schemas/timeseries.schema.json).
/// Errors are mean squared errors per observed coordinate against the noisy observations, whose noise variance
/// (<see cref="Noise"/>²) is therefore the floor a perfect model reaches.</summary>
public sealed record TimeSeriesReport
{
    /// <summary>Experiment "timeseries", where and when, whether it ran to the end (when stopped with Ctrl-C the fits
    /// hold the epochs finished).</summary>
    public required ExperimentHeader Header { get; init; }
    /// <summary>The Runge-Kutta method of every solve.</summary>
    public required string Tableau { get; init; }
    /// <summary>rtol = atol of every solve.</summary>
    public required double Tolerance { get; init; }
    /// <summary>Seed of the data and of the initial weights.</summary>
    public required int Seed { get; init; }
    /// <summary>Epochs asked for per method.</summary>
    public required int Epochs { get; init; }
    /// <summary>The data: spirals, windows, noise, observation counts.</summary>
    public required TimeSeriesDataSummary Data { get; init; }
    /// <summary>The model: state, hidden units, parameters.</summary>
    public required TimeSeriesModelSummary Model { get; init; }
    /// <summary>"adam" or "sgd".</summary>
    public required string Optimiser { get; init; }
    /// <summary>Adam's settings (when <see cref="Optimiser"/> is adam).</summary>
    public AdamSettings? Adam { get; init; }
    /// <summary>SGD's settings (when <see cref="Optimiser"/> is sgd).</summary>
    public SgdSettings? Sgd { get; init; }
    /// <summary>The mean predictor's held-out errors.</summary>
    public required HeldOutErrors MeanPredictor { get; init; }
    /// <summary>One fit per method, in the order asked.</summary>
    public required IReadOnlyList<TimeSeriesFit> Fits { get; init; }
    /// <summary>The GRU baseline's training (method "gru", no solver steps: <see cref="TimeSeriesFit.AcceptedSteps"/>
    /// is 0, <see cref="TimeSeriesFit.Parameters"/> its weights); null when it was not asked for or not reached.</summary>
    public TimeSeriesFit? Gru { get; init; }
    /// <summary>The GRU baseline's model; null when it was not asked for.</summary>
    public GruModelSummary? GruModel { get; init; }
}

/// <summary>The GRU baseline's model.</summary>
public sealed record GruModelSummary
{
    /// <summary>What it is fed and what it predicts.</summary>
    public required string Description { get; init; }
    /// <summary>Hidden units.</summary>
    public required int Hidden { get; init; }
    /// <summary>Weights in all.</summary>
    public required int Parameters { get; init; }
}

/// <summary>The data of a run.</summary>
public sealed record TimeSeriesDataSummary
{
    /// <summary>Spirals (even counter-clockwise, odd clockwise).</summary>
    public required int Trajectories { get; init; }
    /// <summary>End of the training window.</summary>
    public required double TrainEnd { get; init; }
    /// <summary>End of the extrapolation window.</summary>
    public required double ExtrapolationEnd { get; init; }
    /// <summary>Mean gap between observation times.</summary>
    public required double MeanGap { get; init; }
    /// <summary>Share of the observations inside the training window held out.</summary>
    public required double HeldOutFraction { get; init; }
    /// <summary>Standard deviation of the observation noise.</summary>
    public required double Noise { get; init; }
    /// <summary>Fitted observations, all spirals.</summary>
    public required int TrainCount { get; init; }
    /// <summary>Held-out observations inside the training window.</summary>
    public required int InterpolationCount { get; init; }
    /// <summary>Held-out observations after it.</summary>
    public required int ExtrapolationCount { get; init; }
}

/// <summary>The model of a run.</summary>
public sealed record TimeSeriesModelSummary
{
    /// <summary>"dz/dt = W2 tanh(W1 z + b1) + b2".</summary>
    public required string Dynamics { get; init; }
    /// <summary>State size (observed + augmented).</summary>
    public required int StateSize { get; init; }
    /// <summary>Hidden tanh units.</summary>
    public required int Hidden { get; init; }
    /// <summary>Shared MLP weights.</summary>
    public required int SharedParameters { get; init; }
    /// <summary>Learned start states, all spirals together.</summary>
    public required int StartParameters { get; init; }
}

/// <summary>Mean squared errors on the held-out observations.</summary>
public sealed record HeldOutErrors
{
    /// <summary>Inside the training window; null when there are no such observations or no prediction.</summary>
    public required double? Interpolation { get; init; }
    /// <summary>After it; null when there is no prediction.</summary>
    public required double? Extrapolation { get; init; }
}

/// <summary>One method's training: its epochs, the errors it ended with and the time it took.</summary>
public sealed record TimeSeriesFit
{
    /// <summary>"aca", "adjoint", "naive" or "gru".</summary>
    public required string Method { get; init; }
    /// <summary>"Success", or the description of the failure that ended the training.</summary>
    public required string Status { get; init; }
    /// <summary>Training loss (MSE at the fitted points) after the last finished epoch; null if that solve failed.</summary>
    public required double? FinalLoss { get; init; }
    /// <summary>Held-out errors after the last finished epoch.</summary>
    public required HeldOutErrors HeldOut { get; init; }
    /// <summary>Wall time of the whole training (solves, gradients, optimiser), seconds.</summary>
    public required double Seconds { get; init; }
    /// <summary>Mean wall time of one epoch, ms.</summary>
    public required double EpochMilliseconds { get; init; }
    /// <summary>Accepted forward steps of the last epoch, all spirals together.</summary>
    public required long AcceptedSteps { get; init; }
    /// <summary>The learned parameters after the last finished epoch: θ then the B starts z₀.</summary>
    public required IReadOnlyList<double> Parameters { get; init; }
    /// <summary>Every finished epoch, in order.</summary>
    public required IReadOnlyList<TimeSeriesEpoch> EpochLog { get; init; }
}

/// <summary>One epoch: the loss and held-out errors at the parameters it started from.</summary>
public sealed record TimeSeriesEpoch
{
    /// <summary>1-based epoch number.</summary>
    public required int Epoch { get; init; }
    /// <summary>Learning rate of this epoch's step.</summary>
    public required double LearningRate { get; init; }
    /// <summary>Training loss.</summary>
    public required double Loss { get; init; }
    /// <summary>MSE at the held-out points inside the window (null when there are none).</summary>
    public required double? Interpolation { get; init; }
    /// <summary>MSE at the points after the window.</summary>
    public required double? Extrapolation { get; init; }
}
