using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// `aca timeseries`: a neural ODE fitted to noisy, irregularly sampled 2-D spirals turning both ways, trained as one
/// ensemble with shared MLP weights and a learned start per spiral, with each gradient method from the same start;
/// held-out points inside the window (interpolation) and after it (extrapolation) measure the fit against the mean
/// predictor (<see cref="MeanPredictor"/>).
/// </summary>
public static class TimeSeriesExperiment
{
    /// <summary>Runs the fits. Stops between epochs when <paramref name="cancel"/> fires and returns the epochs
    /// finished so far (<see cref="ExperimentHeader.Completed"/> = false).</summary>
    /// <param name="settings">Validated first.</param>
    /// <param name="progress">Called after each epoch with the epochs done over all methods, their total, the method
    /// and the epoch.</param>
    /// <param name="cancel">Stops the run between epochs.</param>
    public static TimeSeriesReport Run(TimeSeriesSettings settings, Action<int, int, string, TimeSeriesEpoch>? progress = null,
        CancellationToken cancel = default)
    {
        settings.Validate();
        RunInfo run = RunInfo.Capture();
        SpiralData data = SpiralData.Generate(settings);
        double[] start = StartParameters(settings, data);

        var fits = new List<TimeSeriesFit>(settings.Methods.Count);
        int done = 0;
        foreach (GradientMethod method in settings.Methods)
        {
            if (cancel.IsCancellationRequested) break;
            string name = MethodNames.Name(method);
            TimeSeriesFit fit = TimeSeriesTrainer.Fit(settings, method, data, start,
                epoch => progress?.Invoke(++done, settings.TotalEpochs, name, epoch), cancel);
            fits.Add(fit);
            done += settings.Epochs - fit.EpochLog.Count;   // a failed fit's missing epochs count as done
        }
        TimeSeriesFit? gru = settings.Gru && !cancel.IsCancellationRequested
            ? GruTrainer.Fit(settings, data, epoch => progress?.Invoke(++done, settings.TotalEpochs, GruTrainer.Name, epoch), cancel)
            : null;
        bool completed = !cancel.IsCancellationRequested && fits.Count == settings.Methods.Count && (gru is not null || !settings.Gru);
        return new TimeSeriesReport
        {
            Header = ExperimentHeader.For("timeseries", run, completed), Tableau = TimeSeriesTrainer.Options(settings.Tolerance, GradientMethod.Aca).EffectiveTableau.Name,
            Tolerance = settings.Tolerance, Seed = settings.Seed, Epochs = settings.Epochs,
            Data = new TimeSeriesDataSummary
            {
                Trajectories = data.Trajectories, TrainEnd = settings.TrainEnd, ExtrapolationEnd = settings.ExtrapolationEnd,
                MeanGap = settings.MeanGap, HeldOutFraction = settings.HeldOutFraction, Noise = settings.Noise, TrainCount = data.Count(ObservationRole.Train),
                InterpolationCount = data.Count(ObservationRole.Interpolation), ExtrapolationCount = data.Count(ObservationRole.Extrapolation),
            },
            Model = new TimeSeriesModelSummary
            {
                Dynamics = "dz/dt = W2 tanh(W1 z + b1) + b2", StateSize = SpiralOde.StateSize, Hidden = SpiralOde.Hidden,
                SharedParameters = SpiralOde.ParameterSize, StartParameters = data.Trajectories * SpiralOde.StateSize,
            },
            Optimiser = settings.Optimiser == OptimiserKind.Adam ? "adam" : "sgd",
            Adam = settings.Optimiser == OptimiserKind.Adam ? settings.Adam : null,
            Sgd = settings.Optimiser == OptimiserKind.Sgd ? settings.Sgd : null,
            MeanPredictor = new HeldOutErrors
            {
                Interpolation = Finite(MeanPredictor.Error(data, ObservationRole.Interpolation)),
                Extrapolation = Finite(MeanPredictor.Error(data, ObservationRole.Extrapolation)),
            },
            Fits = fits,
            Gru = gru,
            GruModel = settings.Gru ? new GruModelSummary
            {
                Description = GruModelDescription, Hidden = settings.GruHidden, Parameters = new GruLayout(settings.GruHidden).Size,
            } : null,
        };
    }

    /// <summary>The GRU baseline in one line (JSON and tables).</summary>
    public const string GruModelDescription =
        "fed (x, y, time since the previous fitted point) from h = 0; predicts last point + gap (W_o h + b_o)";

    /// <summary>The parameters every method starts from: θ seeded by <see cref="TimeSeriesSettings.Seed"/> (a stream
    /// apart from the data's), each start at its first observation with zero augmented components.</summary>
    public static double[] StartParameters(TimeSeriesSettings settings, SpiralData data) =>
        SpiralObjective.InitialParameters(data, new Random(unchecked(settings.Seed * 7919 + 17)));

    private static double? Finite(double value) => TimeSeriesFitLog.Finite(value);
}
