using System.Text.Json;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBody;
using Json.Schema;
using SkiaSharp;

namespace AcaKernels.Experiments.Tests.ThreeBody;

public sealed class ThreeBodyOutputTests(SmallThreeBodyRun run) : IClassFixture<SmallThreeBodyRun>
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ExperimentJson.ThreeBodySchema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aca-three-body-{Guid.NewGuid():N}.json");
        try
        {
            ExperimentJson.Write(run.Report, path);
            string json = File.ReadAllText(path);
            AssertValid(json);
            using var document = JsonDocument.Parse(json);
            Assert.Equal("three-body", document.RootElement.GetProperty("experiment").GetString());
            foreach (JsonElement fit in document.RootElement.GetProperty("fits").EnumerateArray())
                Assert.Equal(SmallThreeBodyRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Json_OfAFailedFit_ValidatesWithANullFinalLoss()
    {
        ThreeBodyFit failed = run.Report.Fits[0] with { Status = "StepSizeUnderflow at t = 0.4", FinalLoss = null, EpochLog = [] };
        AssertValid(ExperimentJson.ToJson(run.Report with { Completed = false, Fits = [failed] }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethod()
    {
        string json = ExperimentJson.ToJson(run.Report).Replace("\"method\": \"aca\"", "\"method\": \"magic\"");
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid);
    }

    [Fact]
    public void Tables_ListTheListedEpochsAndEveryMethod()
    {
        string text = ThreeBodyTables.Render(run.Report, every: 10);
        foreach (string method in (string[])["aca", "adjoint", "naive"]) Assert.Contains($"{method} m1", text);
        string[] epochRows = [.. text.Split('\n').SkipWhile(l => !l.StartsWith("epoch", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.Length > 0).Select(l => l.TrimStart().Split(' ')[0])];
        Assert.Equal(["1", "10", "20", "25"], epochRows);
        Assert.Contains("rel err m1", text);
    }

    [Fact]
    public void Plots_AreNonEmptyPngsWithTitleAxisLabelAndLines()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-three-body-plots-{Guid.NewGuid():N}");
        try
        {
            var paths = ThreeBodyPlots.Write(run.Report, folder);
            Assert.Equal(1 + run.Report.Fits.Count, paths.Count);   // the loss curves, then an orbit plot per method
            foreach (string path in paths)
            {
                using var bitmap = SKBitmap.Decode(path);
                Assert.NotNull(bitmap);
                Assert.Equal(ThreeBodyPlots.Width, bitmap.Width);
                Assert.Equal(ThreeBodyPlots.Height, bitmap.Height);
                // The title in the top 25 rows and the x-axis label in the bottom 25 are dark text (the embedded
                // font works); the lines are drawn in saturated colours.
                Assert.True(Count(bitmap, 0, 25, Dark) > 50, $"{Path.GetFileName(path)}: no title");
                Assert.True(Count(bitmap, bitmap.Height - 25, bitmap.Height, Dark) > 20, $"{Path.GetFileName(path)}: no x-axis label");
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
