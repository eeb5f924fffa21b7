using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The single-group lane trial step and the straight-line lane step VJP read and write their spans through refs to the
/// first elements, declared after the length checks (LaneKernelEmitter.Element; benchmarks/RESULTS.md §31), as the
/// memory-form pair trial step does. Bits are LaneKernelTests' and LaneEngineThreeBodyTests' concern (every lane
/// against the scalar kernels); this says which code they test, and that no access comes before its span's check.
/// </summary>
public sealed class LaneRefIndexingFormTests
{
    [Theory]
    [InlineData("Samples.Lorenz.cs", "partial struct", "StepVjpLanesDormandPrince5", "scratch")]
    [InlineData("Samples.ThreeBody.cs", "PlanarOde", "StepVjpLanesDormandPrince5", "scratch")]
    [InlineData("Samples.Lorenz.cs", "partial struct", "TrialStepLanesDormandPrince5", "stages")]
    [InlineData("Samples.ThreeBody.cs", "PlanarOde", "TrialStepLanesDormandPrince5", "stages")]
    public void Kernel_IndexesItsSpansThroughRefsAfterTheChecks(string sample, string type, string method, string buffer)
    {
        string body = Body(Generated(sample, type), method);
        foreach (string span in new[] { "z", "p", buffer })
            Assert.DoesNotContain($" {span}[", body, StringComparison.Ordinal);
        int lastCheck = body.LastIndexOf("throw new global::System.ArgumentException", StringComparison.Ordinal);
        int firstRef = body.IndexOf("ref global::System.Runtime.Intrinsics.Vector512<double> zRef = ", StringComparison.Ordinal);
        int firstAccess = body.IndexOf("Unsafe.Add(ref ", StringComparison.Ordinal);
        Assert.True(lastCheck >= 0 && firstRef > lastCheck && firstAccess > firstRef, "a ref or an access before the length checks");
    }

    private static string Generated(string sample, string type)
    {
        GeneratorRun run = GeneratorHarness.Run(SampleSource(sample));
        Assert.Empty(run.Errors);
        return run.GeneratedSources.First(source => source.Contains(type, StringComparison.Ordinal)
            && source.Contains("StepVjpLanesDormandPrince5(", StringComparison.Ordinal));
    }

    /// <summary>The text of method <paramref name="name"/> (its declaration, not the dispatch's call) up to the next method.</summary>
    private static string Body(string generated, string name)
    {
        int start = generated.IndexOf($"private static void {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no method {name}");
        int end = generated.IndexOf("private static", start + name.Length + 20, StringComparison.Ordinal);
        return end < 0 ? generated[start..] : generated[start..end];
    }

    private static string SampleSource(string resource)
    {
        using Stream stream = typeof(LaneRefIndexingFormTests).Assembly.GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
