using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The generated text the lane form tests read: a sample's generated sources and one method's body in them. Those tests
/// pin which code form a kernel has (bits are the lane kernel tests' concern).
/// </summary>
internal static class GeneratedKernelText
{
    /// <summary>The sources the generator emits for the embedded sample <paramref name="resource"/>, which must compile
    /// without errors.</summary>
    public static IEnumerable<string> Sources(string resource)
    {
        using Stream stream = typeof(GeneratedKernelText).Assembly.GetManifestResourceStream(resource)!;
        GeneratorRun run = GeneratorHarness.Run(new StreamReader(stream).ReadToEnd());
        Assert.Empty(run.Errors);
        return run.GeneratedSources;
    }

    /// <summary>The text of method <paramref name="name"/> (its declaration, not the dispatch's call) up to the next method.</summary>
    public static string Body(string generated, string name)
    {
        int start = generated.IndexOf($"private static void {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no method {name}");
        int end = generated.IndexOf("private static", start + name.Length + 20, StringComparison.Ordinal);
        return end < 0 ? generated[start..] : generated[start..end];
    }
}
