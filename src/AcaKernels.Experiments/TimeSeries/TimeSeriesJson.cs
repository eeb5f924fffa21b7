using System.Text.Json;
using System.Text.Json.Serialization;

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
    public static void Write(TimeSeriesReport report, string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".partial";
        using (var stream = File.Create(temporary))
            JsonSerializer.Serialize(stream, report, TimeSeriesJsonContext.Default.TimeSeriesReport);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string ToJson(TimeSeriesReport report) => JsonSerializer.Serialize(report, TimeSeriesJsonContext.Default.TimeSeriesReport);

    /// <summary>The JSON schema of the report (embedded in this assembly; the file is Schemas/timeseries.schema.json).</summary>
    public static string Schema()
    {
        using Stream stream = typeof(TimeSeriesJson).Assembly.GetManifestResourceStream("AcaKernels.Experiments.Schemas.timeseries.schema.json")
            ?? throw new InvalidOperationException("The timeseries schema is not embedded in AcaKernels.Experiments; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
