namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// Trains the GRU baseline (<see cref="GruObjective"/>) with the neural ODE's optimiser, schedule and epochs: each
/// epoch evaluates the loss, its gradient and the held-out errors over all spirals, logs them and takes one step.
/// Full batch, so a seed fixes the whole run.
/// </summary>
public static class GruTrainer
{
    /// <summary>The name of the baseline in tables, JSON and progress lines.</summary>
    public const string Name = "gru";

    /// <summary>Runs <see cref="TimeSeriesSettings.Epochs"/> epochs from weights seeded by the settings' seed (fewer
    /// when <paramref name="cancel"/> fires, or when the loss or gradient stops being finite).</summary>
    public static TimeSeriesFit Fit(TimeSeriesSettings settings, SpiralData data, Action<TimeSeriesEpoch>? onEpoch = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var objective = new GruObjective(data, settings.GruHidden);
        // A stream apart from the data's and the neural ODE's start.
        double[] parameters = objective.Layout.InitialParameters(new Random(unchecked(settings.Seed * 7919 + 29)));
        var gradient = new double[objective.Size];
        string status = "Success";
        var log = new TimeSeriesFitLog(settings, settings.CreateOptimiser(objective.Size), onEpoch);

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            double loss = objective.Evaluate(parameters, gradient);
            if (!double.IsFinite(loss) || !gradient.All(double.IsFinite))
            {
                status = $"epoch {epoch + 1}: the GRU loss or gradient is not finite (lower the learning rate)";
                break;
            }
            log.Step(epoch, loss, objective.Error(ObservationRole.Interpolation), objective.Error(ObservationRole.Extrapolation),
                parameters, gradient);
        }

        double seconds = log.ElapsedSeconds();
        double finalLoss = objective.Evaluate(parameters, []);   // the errors the fit ends with
        return new TimeSeriesFit
        {
            Method = Name, Status = status, FinalLoss = Finite(finalLoss),
            HeldOut = new HeldOutErrors
            {
                Interpolation = Finite(objective.Error(ObservationRole.Interpolation)),
                Extrapolation = Finite(objective.Error(ObservationRole.Extrapolation)),
            },
            Seconds = seconds, EpochMilliseconds = 1000 * seconds / Math.Max(1, log.Epochs.Count), AcceptedSteps = 0,
            Parameters = parameters, EpochLog = log.Epochs,
        };
    }

    private static double? Finite(double value) => TimeSeriesFitLog.Finite(value);
}
