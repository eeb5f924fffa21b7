extern alias Generators;

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeDynamicsGenerator = Generators::AcaKernels.Generators.OdeDynamicsGenerator;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>Runs the generator in memory with a plain <see cref="CSharpGeneratorDriver"/> (no testing packages):
/// references are the runtime's trusted platform assemblies plus AcaKernels.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        // Only the framework's own assemblies: the test directory's (this project, the generator) are in the
        // trusted list too and would clash with the sources under test.
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = tpa.Split(Path.PathSeparator)
            .Where(p => p.Length != 0 && Path.GetDirectoryName(p) == framework)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(IOdeDynamics<>).Assembly.Location));
        return [.. references];
    });

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private const string GlobalUsings = "global using System;\nglobal using AcaKernels;\n";

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Generated" + Guid.NewGuid().ToString("N"),
        sources.Prepend(GlobalUsings).Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true,
            nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    /// <summary>A driver with the generator's MSBuild options: fused kernels, the register form, and the fused methods
    /// (AcaKernelsFusedMethods, null for all).</summary>
    public static GeneratorDriver CreateDriver(bool fusedKernels = true, bool registerKernels = true, string? fusedMethods = null)
    {
        var options = new List<string>();
        if (!fusedKernels) options.AddRange(["build_property.AcaKernelsFusedKernels", "false"]);
        if (!registerKernels) options.AddRange(["build_property.AcaKernelsRegisterKernels", "false"]);
        if (fusedMethods is not null) options.AddRange(["build_property.AcaKernelsFusedMethods", fusedMethods]);
        return CSharpGeneratorDriver.Create(
            [new OdeDynamicsGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            optionsProvider: options.Count == 0 ? null : new SingleOptionProvider([.. options]),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(fusedKernels: true, sources);

    /// <summary>Runs the generator over <paramref name="sources"/>, optionally without fused kernels.</summary>
    public static GeneratorRun Run(bool fusedKernels, params string[] sources) => Run(fusedKernels, registerKernels: true, sources);

    /// <summary>Runs the generator over <paramref name="sources"/>, optionally without fused kernels or without the
    /// register (straight-line) form.</summary>
    public static GeneratorRun Run(bool fusedKernels, bool registerKernels, params string[] sources) =>
        Run(CreateDriver(fusedKernels, registerKernels), sources);

    /// <summary>Runs the generator over <paramref name="sources"/> with fused kernels for <paramref name="fusedMethods"/>
    /// only (AcaKernelsFusedMethods: names separated by ';'), so a test compiles the kernels it calls.</summary>
    public static GeneratorRun RunWithFusedMethods(string fusedMethods, params string[] sources) =>
        Run(CreateDriver(fusedMethods: fusedMethods), sources);

    private static GeneratorRun Run(GeneratorDriver driver, string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(input, output, generatorDiagnostics, driver.GetRunResult(), driver);
    }
}

/// <summary>Analyzer config with global options (MSBuild properties as the compiler sees them), given as key, value pairs.</summary>
internal sealed class SingleOptionProvider(params string[] pairs) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
{
    private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }

    private readonly Options _global = new(Enumerable.Range(0, pairs.Length / 2).ToDictionary(i => pairs[2 * i], i => pairs[2 * i + 1]));
    private readonly Options _empty = new(new());

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _global;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _empty;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _empty;
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriverRunResult Result, GeneratorDriver Driver)
{
    /// <summary>Generator diagnostics, plus compiler errors of the output compilation.</summary>
    public IEnumerable<Diagnostic> Errors => GeneratorDiagnostics.Concat(
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

    public IEnumerable<string> GeneratedSources => Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString());

    /// <summary>Any exception the generator threw (surfaced by Roslyn as CS8785 / AD0001).</summary>
    public IEnumerable<Exception> Exceptions => Result.Results.Select(r => r.Exception).OfType<Exception>();
}
