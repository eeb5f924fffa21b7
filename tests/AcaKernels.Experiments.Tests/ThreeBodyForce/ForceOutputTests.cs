using System.Text.Json;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBodyForce;
using AcaKernels.Experiments.Tests.Reporting;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.ThreeBodyForce;

[Collection(SmallForceRunCollection.Name)]
public sealed class ForceOutputTests(SmallForceRun run)
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ExperimentJson.ThreeBodyForceSchema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchemaAndHoldsEveryEpoch()
    {
        using JsonDocument document = ReportChecks.AssertWrittenReport(Schema, "three-body-force", path => ExperimentJson.Write(run.Report, path));
        foreach (JsonElement fit in document.RootElement.GetProperty("fits").EnumerateArray())
            Assert.Equal(SmallForceRun.Settings.Epochs, fit.GetProperty("epochLog").GetArrayLength());
    }

    [Fact]
    public void Json_OfAFailedFit_ValidatesWithNullErrors()
    {
        ForceFit failed = run.Report.Fits[0] with
        {
            Status = "StepSizeUnderflow at t = 0.4", FinalLoss = null, FitRmsError = null, ExtrapolationRmsError = null, EpochLog = [],
        };
        ReportChecks.AssertValid(Schema, ExperimentJson.ToJson(run.Report with { Header = run.Report.Header with { Completed = false }, Fits = [failed] }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownModel()
    {
        string json = ExperimentJson.ToJson(run.Report).Replace("\"model\": \"physics\"", "\"model\": \"oracle\"");
        Assert.False(ReportChecks.IsValid(Schema, json));
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
        var paths = ReportChecks.AssertPlotsWritten("three-body-force", folder => ForcePlots.Write(run.Report, folder), ForcePlots.Width, ForcePlots.Height,
            minLabelPixels: 20);
        Assert.Equal(1 + 3, paths.Count);   // the loss curves, then an orbit plot per method
    }
}
