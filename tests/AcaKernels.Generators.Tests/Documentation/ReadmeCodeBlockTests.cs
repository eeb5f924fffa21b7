using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AcaKernels.Generators.Tests.Documentation;

/// <summary>
/// The C# in our documents is code a user will paste: every ```csharp block of a document is compiled together
/// with the others of that document (the dynamics block and the usage program form one program), with the
/// [OdeDynamics] generator run on them, as a fresh console project with implicit usings, nullable and warnings as
/// errors would; then the program is run. Blocks marked ```csharp fragment are only parsed.
/// </summary>
public sealed class ReadmeCodeBlockTests
{
    /// <summary>The usings a Microsoft.NET.Sdk console project imports implicitly.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>Fence languages our documents may use. Anything else fails, so that a C# block under an unexpected
    /// spelling cannot be skipped without notice.</summary>
    private static readonly string[] KnownLanguages = ["csharp", "bash", ""];

    public static TheoryData<string> Documents => [.. MarkdownCodeBlocks.Documents];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_FencedBlocks_UseKnownLanguages(string document)
    {
        var unknown = MarkdownCodeBlocks.Of(document).Where(b => !KnownLanguages.Contains(b.Language));
        Assert.True(!unknown.Any(), "Blocks with a fence this test does not check (write ```csharp, ```csharp fragment or ```bash): "
            + string.Join(", ", unknown));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_CSharpBlocks_CompileWithTheGeneratorWithoutWarnings(string document)
    {
        (_, ImmutableArray<Diagnostic> diagnostics) = CompileProgram(document);
        Assert.True(diagnostics.IsEmpty, $"{document}: its C# does not compile cleanly:\n" + string.Join("\n", diagnostics));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_UsageProgram_RunsAndPrintsFiniteGradients(string document)
    {
        (Compilation output, ImmutableArray<Diagnostic> diagnostics) = CompileProgram(document);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        using var assembly = new InMemoryAssembly(output);
        MethodInfo entry = assembly.Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{document}: no block holds top-level statements (the usage program).");

        string printed = RunCapturingConsole(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]));

        Assert.False(string.IsNullOrWhiteSpace(printed), $"{document}: the usage program printed nothing");
        Assert.DoesNotContain("NaN", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", printed, StringComparison.Ordinal);
    }

    /// <summary>A static class's parameterless static <c>Run</c> (README's "Many trajectories" example) is a program
    /// the reader calls; the entry point does not, so without this it was compiled and never run.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_ExampleRunMethods_RunAndPrintFiniteNumbers(string document)
    {
        (Compilation output, ImmutableArray<Diagnostic> diagnostics) = CompileProgram(document);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        using var assembly = new InMemoryAssembly(output);
        var runs = assembly.Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed) // static classes
            .Select(t => t.GetMethod("Run", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .OfType<MethodInfo>().ToList();
        Assert.Equal(MarkdownCodeBlocks.Of(document).Count(b => b.IsCSharp && !b.IsFragment && b.Text.Contains("static void Run()", StringComparison.Ordinal)),
            runs.Count);
        foreach (MethodInfo run in runs)
        {
            string printed = RunCapturingConsole(() => run.Invoke(null, null));
            Assert.False(string.IsNullOrWhiteSpace(printed), $"{document}: {run.DeclaringType!.Name}.Run printed nothing");
            Assert.DoesNotContain("NaN", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", printed, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_Fragments_Parse(string document)
    {
        foreach (MarkdownCodeBlock fragment in MarkdownCodeBlocks.Of(document).Where(b => b.IsCSharp && b.IsFragment))
        {
            var tree = CSharpSyntaxTree.ParseText(fragment.Text, GeneratorHarness.ParseOptions.WithKind(SourceCodeKind.Script));
            var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{fragment}: " + string.Join("\n", errors));
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<(Compilation, ImmutableArray<Diagnostic>)>> Programs = new();

    /// <summary>The document's C# program after the generator ran, and every generator diagnostic plus every
    /// compiler warning or error (warning level 9999: all warning waves, as warnings-as-errors builds see them).
    /// Compiled once per document and shared by the tests (a compilation is immutable).</summary>
    private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) CompileProgram(string document) =>
        Programs.GetOrAdd(document, d => new Lazy<(Compilation, ImmutableArray<Diagnostic>)>(() => Compile(d))).Value;

    private static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Compile(string document)
    {
        var blocks = MarkdownCodeBlocks.Of(document).Where(b => b.IsCSharp && !b.IsFragment).ToList();
        Assert.True(blocks.Count >= 2, $"{document}: expected the dynamics and the usage blocks, found {blocks.Count} ```csharp blocks");
        var trees = blocks.Select(b => CSharpSyntaxTree.ParseText(b.Text, GeneratorHarness.ParseOptions, path: $"{b.Document}:{b.Line}"))
            .Prepend(CSharpSyntaxTree.ParseText(ImplicitUsings, GeneratorHarness.ParseOptions, path: "ImplicitUsings.g.cs"));
        var input = CSharpCompilation.Create("Readme" + Guid.NewGuid().ToString("N"), trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release, warningLevel: 9999));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var generatorDiagnostics);
        var all = generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray();
        return (output, all);
    }

    private static readonly Lock ConsoleLock = new();

    /// <summary>Runs <paramref name="action"/> with the console redirected; what it printed.</summary>
    private static string RunCapturingConsole(Action action)
    {
        lock (ConsoleLock)
        {
            TextWriter original = Console.Out;
            using var writer = new StringWriter();
            Console.SetOut(writer);
            try { action(); }
            finally { Console.SetOut(original); }
            return writer.ToString();
        }
    }
}
