extern alias Generators;

using System.Collections.Immutable;
using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// AcaKernelsFusedMethods: the generated code holds the fused kernels of the listed methods only (a consumer
/// carries what it calls); the dispatch answers false for the others, which then take the generic stepper.
/// </summary>
public sealed class FusedMethodsTests
{
    private static (GeneratorRun Run, ImmutableArray<Diagnostic> Diagnostics) Generate(string? methods)
    {
        Compilation input = GeneratorHarness.Compile(SampleCase.Get("Lorenz63").Source());
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            [new Generators::AcaKernels.Generators.OdeDynamicsGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: methods is null ? null : new SingleOptionProvider("build_property.AcaKernelsFusedMethods", methods));
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (new GeneratorRun(input, output, diagnostics, driver.GetRunResult(), driver), diagnostics);
    }

    [Fact]
    public void ListedMethods_AreTheOnlyFusedKernels()
    {
        (GeneratorRun all, _) = Generate(null);
        (GeneratorRun one, _) = Generate("DormandPrince5");
        Assert.True(!one.Errors.Any(), string.Join("\n", one.Errors));
        string everything = Assert.Single(all.GeneratedSources), dopri = Assert.Single(one.GeneratedSources);
        Assert.Contains("StepVjpDormandPrince5(", dopri);
        foreach (string other in new[] { "HeunEuler", "BogackiShampine3", "Tsitouras5", "DormandPrince853" })
        {
            Assert.Contains("TrialStep" + other + "(", everything);
            Assert.DoesNotContain("TrialStep" + other + "(", dopri);
            Assert.DoesNotContain("StepVjp" + other + "(", dopri);
        }
        int lines(string s) => s.Split('\n').Length;
        Assert.True(lines(dopri) * 3 < lines(everything), $"{lines(dopri)} lines with one method, {lines(everything)} with all");
    }

    [Fact]
    public void UnknownMethod_IsReported()
    {
        (GeneratorRun run, ImmutableArray<Diagnostic> diagnostics) = Generate("DormandPrince5;RK4");
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("ACA1023", d.Id);
        Assert.Contains("lists 'RK4'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("StepVjpDormandPrince5(", Assert.Single(run.GeneratedSources));
    }
}
