using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class ToySettingsTests
{
    public static TheoryData<ToySettings, string> BadSettings => new()
    {
        { new ToySettings { EndTimes = [-1.0] }, "end time" },
        { new ToySettings { Tolerances = [1.0] }, "tolerance" },
        { new ToySettings { Tolerances = [1e-20] }, "tolerance" },
        { new ToySettings { Alphas = [50.0] }, "α" },
        { new ToySettings { Alphas = [double.NaN] }, "α" },
        { new ToySettings { Alphas = [] }, "empty" },
        { new ToySettings { Repeats = 0 }, "repeats" },
        { new ToySettings { Alphas = [0.5, 0.5] }, "twice" },
        { new ToySettings { Alphas = [1.0], EndTimes = [400.0] }, "double range" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadValue_NamesTheSetting(ToySettings settings, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ToyExperiment.Run(settings));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Run_Cancelled_ReturnsWhatWasFinished()
    {
        using var cancel = new CancellationTokenSource();
        var settings = new ToySettings { EndTimes = [1, 2, 3], Tolerances = [1e-4], Repeats = 1 };
        var report = ToyExperiment.Run(settings, (done, total, _) => { if (done == 3) cancel.Cancel(); }, cancel.Token);
        Assert.False(report.Completed);
        Assert.Equal(3, report.Measurements.Count);   // one (α, T, tol) cell, all three methods, then it stopped
    }
}
