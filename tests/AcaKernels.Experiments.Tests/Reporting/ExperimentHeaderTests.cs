using System.Text.Json.Nodes;
using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.Tests.ThreeBody;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.Reporting;

/// <summary>The shared header of the experiment reports: written as one versioned object, and every schema that
/// describes it pins the same layout version the code writes.</summary>
public sealed class ExperimentHeaderTests(SmallThreeBodyRun run) : IClassFixture<SmallThreeBodyRun>
{
    [Theory]
    [InlineData("three-body")]
    [InlineData("three-body-force")]
    [InlineData("timeseries")]
    [InlineData("classify")]
    public void Schema_PinsTheCurrentLayoutVersionAndRequiresTheHeader(string name)
    {
        JsonNode schema = JsonNode.Parse(JsonReportFile.EmbeddedSchema(name))!;
        Assert.Contains("header", schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        JsonNode header = schema["properties"]!["header"]!;
        Assert.Equal(ExperimentHeader.CurrentSchemaVersion, header["properties"]!["schemaVersion"]!["const"]!.GetValue<int>());
        Assert.Null(schema["properties"]!["experiment"]); // version 1's top-level fields are gone
    }

    [Fact]
    public void Json_OpensWithTheHeaderAndTheSchemaRefusesOtherLayouts()
    {
        JsonSchema schema = ThreeBodyOutputTests.Schema; // loaded once: a schema's $id registers globally
        JsonObject report = JsonNode.Parse(ExperimentJson.ToJson(run.Report))!.AsObject();
        Assert.Equal("header", report.First().Key);
        Assert.Equal(2, report["header"]!["schemaVersion"]!.GetValue<int>());

        JsonObject wrongVersion = report.DeepClone().AsObject();
        wrongVersion["header"]!["schemaVersion"] = 1;
        Assert.False(ReportChecks.IsValid(schema, wrongVersion.ToJsonString()));

        // The version 1 layout: experiment, run and completed at the top level, no header.
        JsonObject version1 = report.DeepClone().AsObject();
        JsonObject header = version1["header"]!.AsObject();
        version1.Remove("header");
        foreach (string field in new[] { "experiment", "run", "completed" }) version1[field] = header[field]!.DeepClone();
        Assert.False(ReportChecks.IsValid(schema, version1.ToJsonString()));
    }
}
