using AcaKernels.Experiments.TimeSeries;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class TimeSeriesTrainingTests(SmallTimeSeriesRun run) : IClassFixture<SmallTimeSeriesRun>
{
    [Fact]
    public void SmallRun_BeatsTheMeanPredictorByFarOnHeldOutPoints()
    {
        TimeSeriesFit fit = Assert.Single(run.Report.Fits);
        Assert.Equal("Success", fit.Status);
        double meanInterpolation = run.Report.MeanPredictor.Interpolation!.Value, meanExtrapolation = run.Report.MeanPredictor.Extrapolation!.Value;
        // The mean predictor misses by about the spiral's radius (MSE ~0.6 inside the window, ~1.5 after it), since
        // the points circle around the mean; a fit that follows the spirals misses by the noise (MSE 9e-4) plus its
        // model error. Why 20x inside and 5x after are safe: the run is deterministic (seeded data and start, full
        // batch, results independent of the threads), and this configuration reached 201x and 28x with seed 1 (the
        // one asserted) and 207x/20x, 95x/13x with seeds 2 and 3 when the test was written — so the bounds hold with
        // a margin of 4x or more over seeds, not just for one lucky draw. Yet a fit that has not learned to turn
        // each spiral its own way (all one way, or standing still) scores about as badly as the mean predictor
        // (1x to 0.7x, seen early in training), far from either bound.
        Assert.True(fit.HeldOut.Interpolation < meanInterpolation / 20,
            $"interpolation MSE {fit.HeldOut.Interpolation} is not 20x below the mean predictor's {meanInterpolation}");
        Assert.True(fit.HeldOut.Extrapolation < meanExtrapolation / 5,
            $"extrapolation MSE {fit.HeldOut.Extrapolation} is not 5x below the mean predictor's {meanExtrapolation}");
        Assert.True(fit.FinalLoss < fit.EpochLog[0].Loss / 20, "the training loss did not fall");
    }

    [Fact]
    public void Run_SameSeed_IsIdenticalWhateverTheThreads()
    {
        // Full batch, seeded data and start, and an ensemble whose results do not depend on the thread count:
        // two runs agree bit for bit.
        var settings = new TimeSeriesSettings { Trajectories = 4, Epochs = 4, Methods = [GradientMethod.Aca], Threads = 1 };
        TimeSeriesReport one = TimeSeriesExperiment.Run(settings), two = TimeSeriesExperiment.Run(settings with { Threads = 2 });
        Assert.Equal(one.Fits[0].Parameters, two.Fits[0].Parameters);
        Assert.Equal(one.Fits[0].EpochLog.Select(e => e.Loss), two.Fits[0].EpochLog.Select(e => e.Loss));
        Assert.Equal(one.MeanPredictor, two.MeanPredictor);
    }

    [Fact]
    public void Run_EveryMethod_StartsFromTheSameParametersAndLoss()
    {
        var settings = new TimeSeriesSettings { Trajectories = 2, Epochs = 2, TrainEnd = 2, ExtrapolationEnd = 3 };
        TimeSeriesReport report = TimeSeriesExperiment.Run(settings);
        Assert.Equal(3, report.Fits.Count);
        Assert.All(report.Fits, f => Assert.Equal(report.Fits[0].EpochLog[0].Loss, f.EpochLog[0].Loss));
    }

    [Fact]
    public void Run_Cancelled_StopsBetweenEpochsAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        var settings = new TimeSeriesSettings { Trajectories = 2, Epochs = 50, TrainEnd = 2, ExtrapolationEnd = 3, Methods = [GradientMethod.Aca] };
        TimeSeriesReport report = TimeSeriesExperiment.Run(settings, (done, _, _, _) => { if (done == 3) cancel.Cancel(); }, cancel.Token);
        Assert.False(report.Header.Completed);
        Assert.Equal(3, report.Fits[0].EpochLog.Count);
    }

    [Fact]
    public void Run_WithSgd_TrainsToo()
    {
        // SGD with momentum from the same start: a few epochs lower the loss (it is the optimiser's wiring that is
        // checked here; Adam is the default for this problem).
        var settings = new TimeSeriesSettings
        {
            Trajectories = 2, Epochs = 20, TrainEnd = 2, ExtrapolationEnd = 3, Methods = [GradientMethod.Aca], Optimiser = OptimiserKind.Sgd,
        };
        TimeSeriesReport report = TimeSeriesExperiment.Run(settings);
        Assert.Equal("sgd", report.Optimiser);
        Assert.Null(report.Adam);
        Assert.True(report.Fits[0].FinalLoss < report.Fits[0].EpochLog[0].Loss);
    }
}
