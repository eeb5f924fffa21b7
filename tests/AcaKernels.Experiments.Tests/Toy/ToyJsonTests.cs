using System.Text.Json;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.Toy;
using AcaKernels.Experiments.Tests.Reporting;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class ToyJsonTests(SmallToyRun run) : IClassFixture<SmallToyRun>
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ExperimentJson.ToySchema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAgainstTheSchema()
    {
        ReportChecks.AssertWrittenValid(Schema, "toy", path => ExperimentJson.Write(run.Report, path)).Dispose();
    }

    [Fact]
    public void Json_OfAFailedCell_ValidatesWithNullErrors()
    {
        // A failed solve has no gradient: its error fields are null (JSON has no NaN), and the schema allows that.
        var failed = new ToyMeasurement { Alpha = 0.5, EndTime = 1, Tolerance = 1e-6, Method = "naive", Status = "MaxStepsExceeded at t = 0.5" };
        ReportChecks.AssertValid(Schema, ExperimentJson.ToJson(run.Report with { Completed = false, Measurements = [failed] }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethod()
    {
        // The schema is not vacuous: a report that breaks it fails.
        string json = ExperimentJson.ToJson(run.Report).Replace("\"method\": \"aca\"", "\"method\": \"magic\"");
        Assert.False(ReportChecks.IsValid(Schema, json));
    }

    [Fact]
    public void Json_HoldsEveryMeasurement()
    {
        using var document = JsonDocument.Parse(ExperimentJson.ToJson(run.Report));
        Assert.Equal(run.Report.Measurements.Count, document.RootElement.GetProperty("measurements").GetArrayLength());
        Assert.Equal("toy", document.RootElement.GetProperty("experiment").GetString());
    }
}
