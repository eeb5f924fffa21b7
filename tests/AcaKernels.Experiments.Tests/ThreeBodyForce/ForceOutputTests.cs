using System.Text.Json;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBodyForce;
using Json.Schema;
using SkiaSharp;

namespace AcaKernels.Experiments.Tests.ThreeBodyForce;

[Collection(SmallForceRunCollection.Name)]
public sealed class ForceOutputTests(SmallForceRun run)
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ExperimentJson.ThreeBodyForceSchema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aca-three-body-force-{Guid.NewGuid():N}.json");
        try
        {
            ExperimentJson.Write(run.Report, path);
            string json = File.ReadAllText(path);
            AssertValid(json);
            using var document = JsonDocument.Parse(json);
            Assert.Equal("three-body-force", document.RootElement.GetProperty("experiment").GetString());
            foreach (JsonElement fit in document.RootElement.GetProperty("fits").EnumerateArray())
                Assert.Equal(SmallForceRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Json_OfAFailedFit_ValidatesWithNullErrors()
    {
        ForceFit failed = run.Report.Fits[0] with
        {
            Status = "StepSizeUnderflow at t = 0.4", FinalLoss = null, FitRmsError = null, ExtrapolationRmsError = null, EpochLog = [],
        };
        AssertValid(ExperimentJson.ToJson(run.Report with { Completed = false, Fits = [failed] }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownModel()
    {
        string json = ExperimentJson.ToJson(run.Report).Replace("\"model\": \"physics\"", "\"model\": \"oracle\"");
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid);
    }

    [Fact]
    public void Table_ListsBothModelsForEveryMethod()
    {
        string text = ForceTables.Render(run.Report);
        string[][] rows = [.. text.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 2)];
        foreach (string method in (string[])["aca", "adjoint", "naive"])
            foreach (string model in (string[])[ForceExperiment.PhysicsModel, ForceExperiment.HybridModel])
                Assert.Single(rows, c => c[0] == method && c[1] == model);
        Assert.Contains("rms extrap", text);
    }

    [Fact]
    public void Plots_AreNonEmptyPngsWithTitleAxisLabelAndLines()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-three-body-force-plots-{Guid.NewGuid():N}");
        try
        {
            var paths = ForcePlots.Write(run.Report, folder);
            Assert.Equal(1 + 3, paths.Count);   // the loss curves, then an orbit plot per method
            foreach (string path in paths)
            {
                using var bitmap = SKBitmap.Decode(path);
                Assert.NotNull(bitmap);
                Assert.Equal(ForcePlots.Width, bitmap.Width);
                Assert.Equal(ForcePlots.Height, bitmap.Height);
                // Title (top rows) and x-axis label (bottom rows) are dark text; the lines are saturated colours.
                Assert.True(Count(bitmap, 0, 25, Dark) > 50, $"{Path.GetFileName(path)}: no title");
                Assert.True(Count(bitmap, bitmap.Height - 25, bitmap.Height, Dark) > 20, $"{Path.GetFileName(path)}: no x-axis label");
                Assert.True(Count(bitmap, 0, bitmap.Height, Coloured) > 500, $"{Path.GetFileName(path)}: no lines");
            }
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
