using AcaKernels.Experiments.TimeSeries;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Tests.TimeSeries;

/// <summary>
/// One small timeseries training shared by the tests of a class (xunit class fixture): 8 spirals (4 each way),
/// ACA gradients, 200 Adam epochs at the default rate and schedule. About 6 s on 2 busy cores.
/// </summary>
public sealed class SmallTimeSeriesRun
{
    public static TimeSeriesSettings Settings { get; } = new() { Trajectories = 8, Epochs = 200, Methods = [GradientMethod.Aca], Threads = 2 };

    public TimeSeriesReport Report { get; } = TimeSeriesExperiment.Run(Settings);
}
