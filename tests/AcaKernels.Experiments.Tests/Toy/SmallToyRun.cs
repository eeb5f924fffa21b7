using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Tests.Toy;

/// <summary>
/// One small toy run shared by the tests of a class (xunit class fixture): α = ±0.5, T ∈ {2, 10},
/// tolerances {1e-4, 1e-8}, all three methods, one timed repeat. Under a second on 2 cores.
/// </summary>
public sealed class SmallToyRun
{
    public static ToySettings Settings { get; } = new()
    {
        Alphas = [-0.5, 0.5], EndTimes = [2, 10], Tolerances = [1e-4, 1e-8], Repeats = 1,
    };

    public ToyReport Report { get; } = ToyExperiment.Run(Settings);

    public ToyMeasurement Cell(double alpha, double endTime, double tolerance, string method) =>
        Report.Measurements.Single(m => m.Alpha == alpha && m.EndTime == endTime && m.Tolerance == tolerance && m.Method == method);
}
