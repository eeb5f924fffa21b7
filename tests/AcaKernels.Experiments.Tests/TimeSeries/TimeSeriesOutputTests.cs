using System.Text.Json;
using AcaKernels.Experiments.TimeSeries;
using Json.Schema;
using SkiaSharp;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class TimeSeriesOutputTests(SmallTimeSeriesRun run) : IClassFixture<SmallTimeSeriesRun>
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(TimeSeriesJson.Schema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aca-timeseries-{Guid.NewGuid():N}.json");
        try
        {
            TimeSeriesJson.Write(run.Report, path);
            string json = File.ReadAllText(path);
            AssertValid(json);
            using var document = JsonDocument.Parse(json);
            Assert.Equal("timeseries", document.RootElement.GetProperty("experiment").GetString());
            JsonElement fit = document.RootElement.GetProperty("fits")[0];
            Assert.Equal(SmallTimeSeriesRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
            Assert.Equal(SpiralObjective.SizeFor(SmallTimeSeriesRun.Settings.Trajectories), fit.GetProperty("parameters").GetArrayLength());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Json_OfAFailedStoppedSgdRun_ValidatesWithNulls()
    {
        TimeSeriesFit failed = run.Report.Fits[0] with
        {
            Status = "epoch 3: 1 of 4 trajectories failed", FinalLoss = null,
            HeldOut = new HeldOutErrors { Interpolation = null, Extrapolation = null }, EpochLog = [],
        };
        AssertValid(TimeSeriesJson.ToJson(run.Report with
        {
            Completed = false, Fits = [failed], Optimiser = "sgd", Adam = null, Sgd = new Experiments.Training.SgdSettings(),
        }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethodAndAMissingField()
    {
        string json = TimeSeriesJson.ToJson(run.Report);
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json.Replace("\"method\": \"aca\"", "\"method\": \"magic\"")).RootElement).IsValid);
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json.Replace("\"meanPredictor\"", "\"meanGuess\"")).RootElement).IsValid);
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
        string folder = Path.Combine(Path.GetTempPath(), $"aca-timeseries-plots-{Guid.NewGuid():N}");
        try
        {
            var paths = TimeSeriesPlots.Write(run.Report, folder);
            Assert.Equal(["timeseries-loss.png", "timeseries-fit-aca.png"], paths.Select(Path.GetFileName));
            foreach (string path in paths)
            {
                using var bitmap = SKBitmap.Decode(path);
                Assert.NotNull(bitmap);
                Assert.Equal(TimeSeriesPlots.Width, bitmap.Width);
                Assert.Equal(TimeSeriesPlots.Height, bitmap.Height);
                // The title in the top 25 rows and the x-axis label in the bottom 25 are dark text (the embedded
                // font works); the curves and points are drawn in saturated colours.
                Assert.True(Count(bitmap, 0, 25, Dark) > 50, $"{Path.GetFileName(path)}: no title");
                Assert.True(Count(bitmap, bitmap.Height - 25, bitmap.Height, Dark) > 10, $"{Path.GetFileName(path)}: no x-axis label");
                Assert.True(Count(bitmap, 0, bitmap.Height, Coloured) > 500, $"{Path.GetFileName(path)}: no lines");
            }
            Assert.Empty(Directory.GetFiles(folder, "*.partial.png", SearchOption.AllDirectories));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    private static bool Dark(SKColor c) => c.Red + c.Green + c.Blue < 300;

    private static bool Coloured(SKColor c) =>
        Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 100;

    private static int Count(SKBitmap bitmap, int fromRow, int toRow, Func<SKColor, bool> test)
    {
        int count = 0;
        for (int y = fromRow; y < toRow; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (test(bitmap.GetPixel(x, y))) count++;
        return count;
    }

    private static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        Assert.True(results.IsValid, errors);
    }
}
