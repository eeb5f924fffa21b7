using System.Text.Json;
using System.Text.Json.Serialization;
using AcaKernels.Experiments.Reporting;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>The timeseries report's JSON, written by System.Text.Json source generation (Native AOT safe), in the
/// same style as the other experiments (camelCase, indented, nulls written).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TimeSeriesReport))]
internal sealed partial class TimeSeriesJsonContext : JsonSerializerContext;

/// <summary>Writes <see cref="TimeSeriesReport"/>s as JSON and holds their schema.</summary>
public static class TimeSeriesJson
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (its folder is created), replacing the file
    /// only once the whole document is written, so an interrupted write never leaves half a file.</summary>
    public static void Write(TimeSeriesReport report, string path) =>
        JsonReportFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, TimeSeriesJsonContext.Default.TimeSeriesReport));

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(TimeSeriesReport report) => JsonSerializer.Serialize(report, TimeSeriesJsonContext.Default.TimeSeriesReport);

    /// <summary>The JSON schema of the report (embedded in this assembly; the file is Schemas/timeseries.schema.json).</summary>
    public static string Schema() => JsonReportFile.EmbeddedSchema("timeseries");
}
