using System.Text.Json;
using System.Text.Json.Serialization;
using AcaKernels.Experiments.Reporting;

namespace AcaKernels.Experiments.Classification;

/// <summary>The classify report's JSON, written by System.Text.Json source generation (Native AOT safe), in the
/// same style as the other experiments (camelCase, indented, nulls written).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ClassificationReport))]
internal sealed partial class ClassificationJsonContext : JsonSerializerContext;

/// <summary>Writes <see cref="ClassificationReport"/>s as JSON and holds their schema.</summary>
public static class ClassificationJson
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (its folder is created), replacing the file
    /// only once the whole document is written.</summary>
    public static void Write(ClassificationReport report, string path) =>
        JsonReportFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, ClassificationJsonContext.Default.ClassificationReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(ClassificationReport report) =>
        JsonSerializer.Serialize(report, ClassificationJsonContext.Default.ClassificationReport);

    /// <summary>The JSON schema of the report (embedded; the file is Schemas/classify.schema.json).</summary>
    public static string Schema() => JsonReportFile.EmbeddedSchema("classify");
}
