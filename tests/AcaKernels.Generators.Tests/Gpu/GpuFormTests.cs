using System.Reflection;
using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AcaKernels.Generators.Tests.Gpu;

/// <summary>
/// The GPU form (issue 9 item 1): a file of its own per system when, and only when, the compilation references the
/// GPU contract; output that type-checks against the real contract; ACA3001 at each construct with no GPU form,
/// which skips that system's GPU form only. Its numbers are tested on ILGPU itself in AcaKernels.Gpu.Tests.
/// </summary>
public sealed class GpuFormTests
{
    private static GeneratorRun RunWithContract(params string[] sources) => GeneratorHarness.Run([.. sources, .. GpuContract.Sources()]);

    private static string Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string GpuFile(GeneratorRun run, string hintStart) =>
        Assert.Single(run.Result.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.StartsWith(hintStart, StringComparison.Ordinal)
            && s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void Lorenz_WithContract_GpuFileMatchesSnapshot()
    {
        GeneratorRun run = RunWithContract(SampleCase.Get("Lorenz63").Source());
        Assert.Empty(run.Errors);
        Assert.Equal(2, run.GeneratedSources.Count());
        string? failure = SnapshotTests.VerifySnapshot("Lorenz63.Gpu", GpuFile(run, "AcaKernels.Generators.Tests.Samples.Lorenz.RhsOde"));
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void WithoutContract_NoGpuFileAndNoDiagnostic()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleCase.Get("Lorenz63").Source(), Body("dz[0] = Measured[1] * z[0]; dz[1] = z[1];"));
        Assert.Empty(run.Errors);
        Assert.DoesNotContain(run.Result.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.Contains("class Gpu", StringComparison.Ordinal));
    }

    /// <summary>Every sample of this project: with the contract, its GPU file type-checks against it (the loop form,
    /// LocalMemory, the helpers, constant tables); a sample reading a table of unknown length would get ACA3001 and no GPU file instead.</summary>
    [Theory]
    [MemberData(nameof(SampleCase.Names), MemberType = typeof(SampleCase))]
    public void Sample_WithContract_GpuFileCompiles(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        GeneratorRun run = RunWithContract(sample.Source());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        int gpuFiles = run.Result.Results.SelectMany(r => r.GeneratedSources).Count(s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        int systems = run.Result.Results.SelectMany(r => r.GeneratedSources).Count() - gpuFiles;
        int skipped = run.GeneratorDiagnostics.Count(d => d.Id == "ACA3001");
        Assert.True(run.GeneratorDiagnostics.All(d => d.Id == "ACA3001"), string.Join("\n", run.GeneratorDiagnostics));
        if (skipped == 0) Assert.Equal(systems, gpuFiles);
        else Assert.True(gpuFiles < systems, $"{name}: ACA3001 reported but every system has a GPU file");
    }

    [Fact]
    public void UserTableau_GetsAStepperInEveryGpuForm()
    {
        GeneratorRun run = RunWithContract(SampleCase.Get("Lorenz63").Source(), Resource("Samples.CashKarp5.cs"));
        Assert.Empty(run.Errors);
        string gpu = GpuFile(run, "AcaKernels.Generators.Tests.Samples.Lorenz.RhsOde");
        // Lorenz has the straight-line form: every stepper also gets the register trial step (IGpuRegisterTrialStepper
        // extends IGpuStepper).
        const string contract = " : global::AcaKernels.Gpu.IGpuRegisterTrialStepper<double, RegisterState, RegisterParameters>";
        Assert.Contains("public struct CashKarp5" + contract, gpu);
        Assert.Contains("public struct DormandPrince5" + contract, gpu);
    }

    [Fact]
    public void ClampAndSign_UseTheGpuFormsOwnHelpers()
    {
        GeneratorRun run = RunWithContract(Body("dz[0] = Math.Clamp(p[0] * z[0], -1.0, 1.0); dz[1] = -0.5 * Math.Sign(z[1]) - z[0];"));
        Assert.Empty(run.Errors);
        string gpu = GpuFile(run, "N.C.FOde");
        Assert.DoesNotContain("System.Math.Clamp", gpu);
        Assert.DoesNotContain("System.Math.Sign", gpu);
        Assert.Contains("global::N.C.FOde.Gpu.Clamp(", gpu);
        Assert.Contains("global::N.C.FOde.Gpu.Sign(", gpu);
        Assert.DoesNotContain("throw new", gpu);
        Assert.DoesNotContain("stackalloc", gpu);
        Assert.DoesNotContain("Span<", gpu);
    }

    /// <summary>(text the diagnostic must point at, text its message must contain, body of F).</summary>
    public static TheoryData<string, string, string> NoGpuFormCases => new()
    {
        { "Measured[1]", "pass the values in the parameters p", "dz[0] = Measured[1] * z[0]; dz[1] = z[1];" },
        { "Measured[2]", "the table's length is not known at compile time", "dz[0] = z[1]; dz[1] = Measured[2] * Helper(z[0]);" },
    };

    /// <summary>A table whose initializer shows its length (every index proved in range) is read as written: ILGPU
    /// inlines its values into the kernel (GpuIntrinsics.Register sets the array mode); in f and in the VJP alike.</summary>
    [Fact]
    public void TableOfKnownLength_PrintsAsWritten()
    {
        GeneratorRun run = RunWithContract(Body("dz[0] = Table[1] * z[0] * z[1]; dz[1] = Table[2] * Helper(z[0]);"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string gpu = GpuFile(run, "N.C.FOde");
        Assert.Contains("global::N.C.Table[1]", gpu);
        Assert.Contains("global::N.C.Table[2]", gpu);
    }

    /// <summary>Math.Cbrt, Asinh, Acosh and Atanh, which ILGPU alone compiles to calls of undefined functions, and Log10
    /// print as GpuMath's (OdeMath's algorithms over ILGPU's FMA), in f and through a helper method alike: no ACA3001,
    /// a GPU file that type-checks.</summary>
    [Fact]
    public void CbrtLog10AndInverseHyperbolics_PrintAsGpuMath()
    {
        string source = Body("dz[0] = Math.Cbrt(z[0]) + Math.Log10(2 + z[1] * z[1]) + Helper(z[0] * 0.5); " +
            "dz[1] = Math.Asinh(z[1]) * p[0] + Math.Acosh(2 + z[0] * z[0]);");
        GeneratorRun run = RunWithContract(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string gpu = GpuFile(run, "N.C.FOde");
        foreach (string function in new[] { "Cbrt", "Log10", "Asinh", "Acosh", "Atanh" })
            Assert.Contains($"global::AcaKernels.Gpu.Kernels.GpuMath.{function}(", gpu);
        Assert.DoesNotContain("global::System.Math.Cbrt(", gpu);
        Assert.DoesNotContain("global::System.Math.Atanh(", gpu);
    }

    [Theory]
    [MemberData(nameof(NoGpuFormCases))]
    public void ConstructWithoutGpuForm_ReportsAca3001AtIt_AndSkipsOnlyTheGpuForm(string at, string message, string body)
    {
        string source = Body(body);
        GeneratorRun run = RunWithContract(source);
        Assert.Empty(run.Exceptions);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ACA3001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        string located = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.Equal(at, located);
        string text = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("has no GPU form", text);
        Assert.Contains(message, text);
        // The CPU struct is generated as usual; only the GPU file is missing.
        Assert.Single(run.GeneratedSources);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void UnrelatedEdit_WithContract_LeavesEveryOutputCached()
    {
        GeneratorRun first = RunWithContract(SampleCase.Get("Lorenz63").Source(), "public class Other { public int X; }");
        SyntaxTree other = first.Input.SyntaxTrees.Single(t => t.ToString().Contains("class Other", StringComparison.Ordinal));
        Compilation edited = first.Input.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText("public class Other { public int X; public int Y; }", GeneratorHarness.ParseOptions));
        GeneratorDriverRunResult second = first.Driver.RunGenerators(edited).GetRunResult();
        Assert.Equal(2, second.GeneratedTrees.Length);
        Assert.All(second.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static string Body(string body) => $$"""
        namespace N;
        public static partial class C
        {
            [OdeDynamics(2, 3)]
            static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                {{body}}
            }

            private static double Helper(double x) => Math.Atanh(x);

            private static readonly double[] Table = { 1.0, 2.0, 3.0 };

            // Its length is not in the source: no index can be proved in range.
            private static readonly double[] Measured = Measure();

            private static double[] Measure() => [1.0, 2.0, 3.0];
        }
        """;
}
