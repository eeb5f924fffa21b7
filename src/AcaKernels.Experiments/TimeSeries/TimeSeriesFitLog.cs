using System.Diagnostics;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// What every time-series fit records, the neural ODE's and the GRU baseline's alike: per epoch the loss and the
/// held-out errors of the same evaluation with the learning rate of the step that follows, then that step; and the time
/// since the first epoch. Errors that are not finite are kept as null (JSON has no NaN).
/// </summary>
internal sealed class TimeSeriesFitLog(TimeSeriesSettings settings, IOptimiser optimiser, Action<TimeSeriesEpoch>? onEpoch)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Every finished epoch, in order.</summary>
    public List<TimeSeriesEpoch> Epochs { get; } = new(settings.Epochs);

    /// <summary>Seconds since the log was created (right before the first epoch).</summary>
    public double ElapsedSeconds() => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    /// <summary>Records epoch <paramref name="epoch"/> (0-based), steps <paramref name="parameters"/> down
    /// <paramref name="gradient"/> at the schedule's learning rate, and reports the record.</summary>
    public void Step(int epoch, double loss, double interpolation, double extrapolation, double[] parameters, double[] gradient)
    {
        optimiser.LearningRate = settings.LearningRateAt(epoch);
        var record = new TimeSeriesEpoch
        {
            Epoch = epoch + 1, LearningRate = optimiser.LearningRate, Loss = loss,
            Interpolation = Finite(interpolation), Extrapolation = Finite(extrapolation),
        };
        optimiser.Step(parameters, gradient);
        Epochs.Add(record);
        onEpoch?.Invoke(record);
    }

    /// <summary>The value, or null when it is NaN or infinite.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
