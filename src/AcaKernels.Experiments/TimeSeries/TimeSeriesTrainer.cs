using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// Trains the spiral neural ODE with one gradient method: each epoch evaluates the loss and its gradient over all
/// spirals at once (<see cref="SpiralObjective"/>), logs it with the held-out errors of the same solve, and takes one
/// optimiser step on θ and the starts together. Full batch, so a seed fixes the whole run.
/// </summary>
public static class TimeSeriesTrainer
{
    /// <summary>Runs <see cref="TimeSeriesSettings.Epochs"/> epochs from <paramref name="start"/> (fewer when
    /// <paramref name="cancel"/> fires between two, or when a solve fails: <see cref="TimeSeriesFit.Status"/> says why).</summary>
    /// <param name="onEpoch">Called after each epoch.</param>
    public static TimeSeriesFit Fit(TimeSeriesSettings settings, GradientMethod method, SpiralData data, IReadOnlyList<double> start,
        Action<TimeSeriesEpoch>? onEpoch = null, CancellationToken cancel = default)
    {
        using var objective = new SpiralObjective(data, Options(settings.Tolerance, method), settings.Threads);
        if (start.Count != objective.Size)
            throw new ArgumentException($"{start.Count} start parameters given; {objective.Size} expected.", nameof(start));
        double[] parameters = [.. start], gradient = new double[objective.Size];
        string status = "Success";
        var log = new TimeSeriesFitLog(settings, settings.CreateOptimiser(objective.Size), onEpoch);

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            if (!objective.TryEvaluate(parameters, gradient, out double loss, out string failure))
            {
                status = $"epoch {epoch + 1}: {failure}";
                break;
            }
            if (!gradient.All(double.IsFinite)) { status = $"the {MethodNames.Name(method)} gradient is not finite at epoch {epoch + 1}"; break; }
            log.Step(epoch, loss, objective.Error(ObservationRole.Interpolation), objective.Error(ObservationRole.Extrapolation),
                parameters, gradient);
        }

        double seconds = log.ElapsedSeconds();
        // One more solve at the final parameters: the errors the fit ends with (no gradient needed).
        bool solved = objective.TryEvaluate(parameters, [], out double finalLoss, out _);
        return new TimeSeriesFit
        {
            Method = MethodNames.Name(method), Status = status, FinalLoss = solved ? finalLoss : null,
            HeldOut = new HeldOutErrors
            {
                Interpolation = solved ? Finite(objective.Error(ObservationRole.Interpolation)) : null,
                Extrapolation = solved ? Finite(objective.Error(ObservationRole.Extrapolation)) : null,
            },
            Seconds = seconds, EpochMilliseconds = 1000 * seconds / Math.Max(1, log.Epochs.Count),
            AcceptedSteps = objective.LastAcceptedSteps,
            Parameters = parameters, EpochLog = log.Epochs,
        };
    }

    /// <summary>The solver options of a fit: Dormand-Prince 5(4) (the default method) at rtol = atol = tolerance.</summary>
    public static OdeOptions Options(double tolerance, GradientMethod method) =>
        new() { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = method };

    private static double? Finite(double value) => TimeSeriesFitLog.Finite(value);
}
