using System.Text.Json;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.Tests.Reporting;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.ThreeBody;

public sealed class ThreeBodyOutputTests(SmallThreeBodyRun run) : IClassFixture<SmallThreeBodyRun>
{
    internal static readonly JsonSchema Schema = JsonSchema.FromText(ExperimentJson.ThreeBodySchema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        using JsonDocument document = ReportChecks.AssertWrittenReport(Schema, "three-body", path => ExperimentJson.Write(run.Report, path));
        foreach (JsonElement fit in document.RootElement.GetProperty("fits").EnumerateArray())
            Assert.Equal(SmallThreeBodyRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
    }

    [Fact]
    public void Json_OfAFailedFit_ValidatesWithANullFinalLoss()
    {
        ThreeBodyFit failed = run.Report.Fits[0] with { Status = "StepSizeUnderflow at t = 0.4", FinalLoss = null, EpochLog = [] };
        ReportChecks.AssertValid(Schema, ExperimentJson.ToJson(run.Report with { Header = run.Report.Header with { Completed = false }, Fits = [failed] }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethod()
    {
        string json = ExperimentJson.ToJson(run.Report).Replace("\"method\": \"aca\"", "\"method\": \"magic\"");
        Assert.False(ReportChecks.IsValid(Schema, json));
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
        var paths = ReportChecks.AssertPlotsWritten("three-body", folder => ThreeBodyPlots.Write(run.Report, folder), ThreeBodyPlots.Width, ThreeBodyPlots.Height,
            minLabelPixels: 20);
        Assert.Equal(1 + run.Report.Fits.Count, paths.Count);   // the loss curves, then an orbit plot per method
    }
}
