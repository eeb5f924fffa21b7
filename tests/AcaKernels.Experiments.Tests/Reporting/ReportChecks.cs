using System.Text.Json;
using Json.Schema;
using SkiaSharp;

namespace AcaKernels.Experiments.Tests.Reporting;

/// <summary>
/// The checks every experiment's output tests share: a JSON document against its schema (the failure lists every
/// violation with its location), and a PNG plot that decodes at its size and shows a title, an x-axis label and
/// coloured data.
/// </summary>
internal static class ReportChecks
{
    /// <summary>Asserts that <paramref name="json"/> is valid under <paramref name="schema"/>.</summary>
    public static void AssertValid(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        Assert.True(results.IsValid, errors);
    }

    /// <summary>
    /// Writes a report through <paramref name="write"/> to a fresh file in the temporary folder (named after
    /// <paramref name="experiment"/>), asserts that what was written is valid under <paramref name="schema"/>, deletes
    /// the file and returns the parsed document for the caller's own checks (the caller disposes it).
    /// </summary>
    public static JsonDocument AssertWrittenValid(JsonSchema schema, string experiment, Action<string> write)
    {
        string path = Path.Combine(Path.GetTempPath(), $"aca-{experiment}-{Guid.NewGuid():N}.json");
        try
        {
            write(path);
            string json = File.ReadAllText(path);
            AssertValid(schema, json);
            return JsonDocument.Parse(json);
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// <see cref="AssertWrittenValid"/> for a report with an <c>ExperimentHeader</c>: also asserts that the header
    /// names <paramref name="experiment"/>.
    /// </summary>
    public static JsonDocument AssertWrittenReport(JsonSchema schema, string experiment, Action<string> write)
    {
        JsonDocument document = AssertWrittenValid(schema, experiment, write);
        try
        {
            Assert.Equal(experiment, document.RootElement.GetProperty("header").GetProperty("experiment").GetString());
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="json"/> is valid under <paramref name="schema"/> (for tests that a broken
    /// document is refused: the schema is not vacuous).</summary>
    public static bool IsValid(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;
    }

    /// <summary>
    /// Asserts that the PNG at <paramref name="path"/> decodes to <paramref name="width"/> × <paramref name="height"/>
    /// pixels, with text in the top 25 rows (the title) and the bottom 25 (the x-axis label) — dark pixels, so the
    /// embedded font works — and more than 500 saturated pixels (the lines, points or boxes).
    /// </summary>
    /// <param name="minLabelPixels">Dark pixels the x-axis label must have at least: a short label ("epoch") has fewer.</param>
    public static void AssertPlot(string path, int width, int height, int minLabelPixels = 20)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        string name = Path.GetFileName(path);
        Assert.True(Count(bitmap, 0, 25, Dark) > 50, $"{name}: no title");
        Assert.True(Count(bitmap, bitmap.Height - 25, bitmap.Height, Dark) > minLabelPixels, $"{name}: no x-axis label");
        Assert.True(Count(bitmap, 0, bitmap.Height, Coloured) > 500, $"{name}: no lines");
    }

    /// <summary>
    /// Writes plots through <paramref name="write"/> into a fresh folder in the temporary folder (named after
    /// <paramref name="experiment"/>), asserts that each is a plot of the size given (<see cref="AssertPlot"/>) and that
    /// no half-written file is left, deletes the folder and returns the paths written, for the caller's checks of which.
    /// </summary>
    public static IReadOnlyList<string> AssertPlotsWritten(string experiment, Func<string, IReadOnlyList<string>> write,
        int width, int height, int minLabelPixels)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-{experiment}-plots-{Guid.NewGuid():N}");
        try
        {
            IReadOnlyList<string> paths = write(folder);
            foreach (string path in paths) AssertPlot(path, width, height, minLabelPixels);
            AssertNoPartialFiles(folder);
            return paths;
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    /// <summary>Asserts that no half-written ".partial.png" is left in <paramref name="folder"/>.</summary>
    public static void AssertNoPartialFiles(string folder) =>
        Assert.Empty(Directory.GetFiles(folder, "*.partial.png", SearchOption.AllDirectories));

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
}
