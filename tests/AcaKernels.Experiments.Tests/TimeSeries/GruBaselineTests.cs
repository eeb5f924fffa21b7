using System.Text.Json;
using AcaKernels.Experiments.TimeSeries;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class GruBaselineTests(SmallTimeSeriesRun run) : IClassFixture<SmallTimeSeriesRun>
{
    private static JsonSchema Schema => TimeSeriesOutputTests.Schema;

    [Fact]
    public void SmallRun_GruBeatsTheMeanPredictorAndTheTableSaysWhoWinsExtrapolation()
    {
        TimeSeriesFit gru = Assert.IsType<TimeSeriesFit>(run.Report.Gru);
        Assert.Equal("Success", gru.Status);
        Assert.Equal(SmallTimeSeriesRun.Settings.Epochs, gru.EpochLog.Count);
        double meanInterpolation = run.Report.MeanPredictor.Interpolation!.Value, meanExtrapolation = run.Report.MeanPredictor.Extrapolation!.Value;
        // What is robust: even a GRU that learned only "stay near the last point" predicts a held-out point inside the
        // window (one gap of ~0.2 away, a chord of ~0.2·r) far better than the spiral's mean (off by ~r), and its
        // rollout over (6, 8] stays on the right side of the centre for the first radian or so. So only "beats the
        // mean predictor" is asserted (by 2x inside the window, at all after it); how it compares with the neural ODE
        // is reported, not asserted.
        Assert.True(gru.HeldOut.Interpolation < meanInterpolation / 2,
            $"GRU interpolation MSE {gru.HeldOut.Interpolation} is not 2x below the mean predictor's {meanInterpolation}");
        Assert.True(gru.HeldOut.Extrapolation < meanExtrapolation,
            $"GRU extrapolation MSE {gru.HeldOut.Extrapolation} is not below the mean predictor's {meanExtrapolation}");
        Assert.True(gru.FinalLoss < gru.EpochLog[0].Loss, "the GRU's training loss did not fall");

        double ratio = TimeSeriesTables.ExtrapolationRatio(run.Report.Fits[0], gru)!.Value;
        string table = TimeSeriesTables.Render(run.Report);
        Assert.Contains("gru loss", table);
        Assert.Contains(table.Split('\n'), line => line.TrimStart().StartsWith("gru ", StringComparison.Ordinal) && line.EndsWith(" ok", StringComparison.Ordinal));
        Assert.Contains($"MSE ratio ODE/GRU = {ratio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}", table);
        Assert.Contains(ratio < 1 ? "the neural ODE wins" : "the GRU wins", table);
    }

    [Fact]
    public void Run_WithoutGru_HasNoBaselineAndCountsOnlyTheOdeEpochs()
    {
        var settings = new TimeSeriesSettings { Trajectories = 2, Epochs = 2, TrainEnd = 2, ExtrapolationEnd = 3, Methods = [Gradients.GradientMethod.Aca], Gru = false };
        int calls = 0;
        TimeSeriesReport report = TimeSeriesExperiment.Run(settings, (_, total, _, _) => { calls++; Assert.Equal(2, total); });
        Assert.Null(report.Gru);
        Assert.Null(report.GruModel);
        Assert.Equal(2, calls);
        Assert.True(report.Header.Completed);
        Assert.DoesNotContain("gru", TimeSeriesTables.Render(report));
        Assert.True(Schema.Evaluate(JsonDocument.Parse(TimeSeriesJson.ToJson(report)).RootElement).IsValid, "null gru rejected by the schema");
    }

    [Fact]
    public void Json_HoldsTheGruFitAndModel_AndTheSchemaKeepsItsMethodGru()
    {
        string json = TimeSeriesJson.ToJson(run.Report);
        Assert.True(Schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid);
        using var document = JsonDocument.Parse(json);
        JsonElement gru = document.RootElement.GetProperty("gru");
        Assert.Equal("gru", gru.GetProperty("method").GetString());
        Assert.Equal(run.Report.GruModel!.Parameters, gru.GetProperty("parameters").GetArrayLength());
        Assert.Equal(16, document.RootElement.GetProperty("gruModel").GetProperty("hidden").GetInt32());
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json.Replace("\"method\": \"gru\"", "\"method\": \"aca\"")).RootElement).IsValid);
    }

    [Fact]
    public void Run_SameSeed_GivesTheSameGru()
    {
        var settings = new TimeSeriesSettings { Trajectories = 2, Epochs = 3, TrainEnd = 2, ExtrapolationEnd = 3, Methods = [Gradients.GradientMethod.Aca] };
        TimeSeriesReport one = TimeSeriesExperiment.Run(settings), two = TimeSeriesExperiment.Run(settings);
        Assert.Equal(one.Gru!.Parameters, two.Gru!.Parameters);
        Assert.Equal(one.Gru.EpochLog.Select(e => e.Loss), two.Gru.EpochLog.Select(e => e.Loss));
        Assert.Equal(new GruLayout(settings.GruHidden).Size, one.GruModel!.Parameters);
    }
}
