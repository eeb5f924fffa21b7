extern alias Generators;

using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using OdeDynamicsGenerator = Generators::AcaKernels.Generators.OdeDynamicsGenerator;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Every diagnostic ID has a help link to its section of docs/diagnostics.md, and that section shows bad code and
/// the fix; every ID is listed in the analyzer release files (the build enforces it too, via RS2000-RS2008).
/// </summary>
public sealed class DiagnosticHelpTests
{
    private static IReadOnlyList<DiagnosticDescriptor> Descriptors() =>
        typeof(OdeDynamicsGenerator).Assembly.GetType("AcaKernels.Generators.Diagnostics.DiagnosticDescriptors")!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    private static string Repository([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    [Fact]
    public void EveryId_LinksToItsSectionWithBadCodeAndTheFix()
    {
        string page = File.ReadAllText(Path.Combine(Repository(), "docs", "diagnostics.md"));
        var descriptors = Descriptors();
        Assert.True(descriptors.Count >= 20, $"found only {descriptors.Count} descriptors");
        foreach (DiagnosticDescriptor d in descriptors)
        {
            Assert.Equal("https://github.com/AcaKernels/AcaKernels/blob/main/docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
            int start = page.IndexOf("\n## " + d.Id + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"docs/diagnostics.md has no section '## {d.Id}'");
            int end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? page[start..] : page[start..end];
            if (d.Id == "ACA1999") continue; // an internal error has no bad code to show
            Assert.True(section.Contains("```") && section.Contains("bad") && section.Contains("fix"),
                $"the section of {d.Id} must show bad code and the fix");
        }
    }

    [Fact]
    public void EveryId_IsInTheReleaseTracking()
    {
        string directory = Path.Combine(Repository(), "generators", "AcaKernels.Generators");
        string releases = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor d in Descriptors())
            Assert.Contains("\n" + d.Id + " | " + d.Category + " | " + d.DefaultSeverity + " |", releases);
    }
}
