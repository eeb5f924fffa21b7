using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Experiments.Tests.ThreeBody;

public sealed class ThreeBodyFitTests(SmallThreeBodyRun run) : IClassFixture<SmallThreeBodyRun>
{
    [Theory]
    [InlineData("aca")]
    [InlineData("adjoint")]
    [InlineData("naive")]
    public void Fit_StartedNearTheTruth_LearnsEveryMassTo1e3Relative(string method)
    {
        // The bar. The observations are exact to ~1e-12 and the fit's solves to ~1e-7, so the loss minimum
        // sits within ~1e-6 of the true masses; what is left is the optimiser's last steps (rate 0.005·0.9²⁴ ≈ 4e-4).
        ThreeBodyFit fit = run.Report.Fits.Single(f => f.Method == method);
        Assert.Equal("Success", fit.Status);
        Assert.Equal(SmallThreeBodyRun.Settings.Epochs, fit.EpochLog.Count);
        for (int i = 0; i < 3; i++)
        {
            double error = Math.Abs(fit.FinalMasses[i] - ThreeBodySystem.TrueMasses[i]) / ThreeBodySystem.TrueMasses[i];
            Assert.True(error < 1e-3, $"{method}: m{i + 1} = {fit.FinalMasses[i]}, true {ThreeBodySystem.TrueMasses[i]} ({error:E1} relative)");
            Assert.Equal(error, fit.RelativeMassErrors[i], 1e-15);
        }
    }

    [Fact]
    public void Fit_LossFallsFromTheStart()
    {
        foreach (ThreeBodyFit fit in run.Report.Fits)
            Assert.True(fit.FinalLoss < fit.EpochLog[0].Loss / 10,
                $"{fit.Method}: loss {fit.EpochLog[0].Loss:E2} at the start, {fit.FinalLoss:E2} at the end");
    }

    [Fact]
    public void Fit_EveryMethodStartsFromTheSameMassesAndLoss()
    {
        // Same start, same first solve: the first epoch's loss is the same number for every method (same steps).
        double first = run.Report.Fits[0].EpochLog[0].Loss;
        foreach (ThreeBodyFit fit in run.Report.Fits) Assert.Equal(first, fit.EpochLog[0].Loss);
        Assert.Equal(SmallThreeBodyRun.Settings.InitialMasses, run.Report.InitialMasses);
        Assert.True(run.Report.Header.Completed);
    }

    [Fact]
    public void Run_Cancelled_KeepsTheEpochsFinished()
    {
        using var cancel = new CancellationTokenSource();
        var settings = SmallThreeBodyRun.Settings with { ObservationCount = 20, Epochs = 10 };
        ThreeBodyReport report = ThreeBodyExperiment.Run(settings, (done, _, _, _) => { if (done == 13) cancel.Cancel(); }, cancel.Token);
        Assert.False(report.Header.Completed);
        Assert.Equal([10, 3], report.Fits.Select(f => f.EpochLog.Count));   // aca whole, adjoint stopped after 3
    }

    [Fact]
    public void StartMasses_AreSeededDrawsWithinTheSpread()
    {
        var settings = new ThreeBodySettings { Seed = 42 };
        double[] first = settings.StartMasses(), again = settings.StartMasses(), other = (settings with { Seed = 43 }).StartMasses();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, m => Assert.InRange(m, 0.9, 1.1));
    }

    [Theory]
    [InlineData(0, 1000, "epochs")]
    [InlineData(10, 1, "observation count")]
    public void Settings_OutOfRange_AreRefusedByName(int epochs, int observations, string named)
    {
        var settings = new ThreeBodySettings { Epochs = epochs, ObservationCount = observations };
        Assert.Contains(named, Assert.Throws<ArgumentException>(settings.Validate).Message);
    }

    [Fact]
    public void Settings_WrongNumberOfStartMasses_IsRefused()
    {
        var settings = new ThreeBodySettings { InitialMasses = [1.0, 1.0] };
        Assert.Contains("3", Assert.Throws<ArgumentException>(settings.Validate).Message);
    }
}
