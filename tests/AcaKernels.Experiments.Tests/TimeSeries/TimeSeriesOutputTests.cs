using System.Text.Json;
using AcaKernels.Experiments.TimeSeries;
using AcaKernels.Experiments.Tests.Reporting;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class TimeSeriesOutputTests(SmallTimeSeriesRun run) : IClassFixture<SmallTimeSeriesRun>
{
    /// <summary>Loaded once: its $id is registered globally, so a second load throws.</summary>
    internal static readonly JsonSchema Schema = JsonSchema.FromText(TimeSeriesJson.Schema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        using JsonDocument document = ReportChecks.AssertWrittenReport(Schema, "timeseries", path => TimeSeriesJson.Write(run.Report, path));
        JsonElement fit = document.RootElement.GetProperty("fits")[0];
        Assert.Equal(SmallTimeSeriesRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
        Assert.Equal(SpiralObjective.SizeFor(SmallTimeSeriesRun.Settings.Trajectories), fit.GetProperty("parameters").GetArrayLength());
    }

    [Fact]
    public void Json_OfAFailedStoppedSgdRun_ValidatesWithNulls()
    {
        TimeSeriesFit failed = run.Report.Fits[0] with
        {
            Status = "epoch 3: 1 of 4 trajectories failed", FinalLoss = null,
            HeldOut = new HeldOutErrors { Interpolation = null, Extrapolation = null }, EpochLog = [],
        };
        ReportChecks.AssertValid(Schema, TimeSeriesJson.ToJson(run.Report with
        {
            Header = run.Report.Header with { Completed = false }, Fits = [failed], Optimiser = "sgd", Adam = null, Sgd = new Experiments.Training.SgdSettings(),
        }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethodAndAMissingField()
    {
        string json = TimeSeriesJson.ToJson(run.Report);
        Assert.False(ReportChecks.IsValid(Schema, json.Replace("\"method\": \"aca\"", "\"method\": \"magic\"")));
        Assert.False(ReportChecks.IsValid(Schema, json.Replace("\"meanPredictor\"", "\"meanGuess\"")));
    }

    [Fact]
    public void Tables_ListTheEpochsTheMeanPredictorAndEachMethod()
    {
        string text = TimeSeriesTables.Render(run.Report, every: 50);
        Assert.Contains("aca loss", text);
        Assert.Contains("mean predictor", text);
        string[] epochRows = [.. text.Split('\n').SkipWhile(l => !l.StartsWith("epoch", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.Length > 0).Select(l => l.TrimStart().Split(' ')[0])];
        Assert.Equal(["1", "50", "100", "150", "200"], epochRows);
        Assert.Contains("interp x better", text);
        Assert.Contains("\n  mean ", text);
    }

    [Fact]
    public void Plots_AreNonEmptyPngsWithTitleAxisLabelAndLines()
    {
        var paths = ReportChecks.AssertPlotsWritten("timeseries", folder => TimeSeriesPlots.Write(run.Report, folder), TimeSeriesPlots.Width, TimeSeriesPlots.Height,
            minLabelPixels: 10);
        Assert.Equal(["timeseries-loss.png", "timeseries-fit-aca.png"], paths.Select(Path.GetFileName));
    }
}
