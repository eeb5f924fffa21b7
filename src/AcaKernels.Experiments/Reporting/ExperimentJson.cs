using System.Text.Json;
using System.Text.Json.Serialization;
using AcaKernels.Experiments.Bench;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.ThreeBodyForce;
using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Reporting;

/// <summary>The experiments' JSON, written by System.Text.Json source generation (no reflection: Native AOT safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ToyReport))]
[JsonSerializable(typeof(ThreeBodyReport))]
[JsonSerializable(typeof(ForceReport))]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class ExperimentJsonContext : JsonSerializerContext;

/// <summary>Writes experiment reports as JSON files.</summary>
public static class ExperimentJson
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (its folder is created), replacing the file
    /// only once the whole document is written, so an interrupted write never leaves half a file.</summary>
    public static void Write(ToyReport report, string path) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, ExperimentJsonContext.Default.ToyReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(ToyReport report) => JsonSerializer.Serialize(report, ExperimentJsonContext.Default.ToyReport);

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> like the toy report.</summary>
    public static void Write(ThreeBodyReport report, string path) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, ExperimentJsonContext.Default.ThreeBodyReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(ThreeBodyReport report) => JsonSerializer.Serialize(report, ExperimentJsonContext.Default.ThreeBodyReport);

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> like the toy report.</summary>
    public static void Write(ForceReport report, string path) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, ExperimentJsonContext.Default.ForceReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(ForceReport report) => JsonSerializer.Serialize(report, ExperimentJsonContext.Default.ForceReport);

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> like the toy report.</summary>
    public static void Write(BenchReport report, string path) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, ExperimentJsonContext.Default.BenchReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, ExperimentJsonContext.Default.BenchReport);

    /// <summary>The JSON schema of the bench report (embedded like the others).</summary>
    public static string BenchSchema() => Schema("bench");

    /// <summary>The JSON schema of the three-body unknown-force report (embedded like the others).</summary>
    public static string ThreeBodyForceSchema() => Schema("three-body-force");

    /// <summary>The JSON schema of the three-body report (embedded in this assembly; also in the repository's Schemas folder).</summary>
    public static string ThreeBodySchema() => Schema("three-body");

    /// <summary>The JSON schema of the toy report (embedded in this assembly; also in the repository's Schemas folder).</summary>
    public static string ToySchema() => Schema("toy");

    private static string Schema(string name) => JsonReportFile.EmbeddedSchema(name);

    private static void WriteAtomically(string path, Action<Stream> write) => JsonReportFile.WriteAtomically(path, write);
}
