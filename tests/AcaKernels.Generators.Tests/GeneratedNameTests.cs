using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Generated struct names never collide (issue 6 item 3): a float and a double overload of one method get
/// distinct structs ({Name}Ode for double, {Name}SingleOde for float) and build cleanly; any other collision of a
/// generated name is one located ACA diagnostic instead of compiler errors inside generated files.
/// </summary>
public sealed class GeneratedNameTests
{
    private static string Method(string name, string type, string body = "dz[0] = p[0] * z[0];") =>
        $"[OdeDynamics(1, 1)] public static void {name}({type} t, ReadOnlySpan<{type}> z, ReadOnlySpan<{type}> p, Span<{type}> dz) {{ {body} }}";

    [Fact]
    public void FloatAndDoubleOverloads_GetDistinctStructsAndCompile()
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            namespace N;
            public static partial class Decay
            {
                {{Method("Rhs", "double")}}
                {{Method("Rhs", "float")}}
            }
            """);
        Assert.True(!run.Errors.Any(), string.Join("\n", run.Errors));
        Assert.Equal(2, run.GeneratedSources.Count());
        INamedTypeSymbol doubles = run.Output.GetTypeByMetadataName("N.Decay+RhsOde")!;
        INamedTypeSymbol singles = run.Output.GetTypeByMetadataName("N.Decay+RhsSingleOde")!;
        Assert.Equal("AcaKernels.IOdeDynamics<double>", Assert.Single(doubles.Interfaces).ToDisplayString());
        Assert.Equal("AcaKernels.IOdeDynamics<float>", Assert.Single(singles.Interfaces).ToDisplayString());
    }

    [Fact]
    public void OverloadedCrefs_DoNotWarn()
    {
        // The struct's summary cites its method; with overloads a bare cref is ambiguous (CS0419 under doc generation).
        GeneratorRun run = GeneratorHarness.Run($$"""
            public static partial class Decay
            {
                {{Method("Rhs", "double")}}
                {{Method("Rhs", "float")}}
            }
            """);
        var withDocs = run.Output.SyntaxTrees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(),
            GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose)));
        Compilation documented = run.Output.RemoveAllSyntaxTrees().AddSyntaxTrees(withDocs);
        var generated = documented.GetDiagnostics().Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true
            && d.Id is "CS0419" or "CS1574" or "CS1580").ToList();
        Assert.True(generated.Count == 0, string.Join("\n", generated));
    }

    public static TheoryData<string, string, string> Clashes => new()
    {
        // The float overload's struct RhsSingleOde is also the double method RhsSingle's struct.
        { "ACA1022", "is also the struct generated for", "public static partial class C { " + Method("Rhs", "double") + Method("Rhs", "float") + Method("RhsSingle", "double") + " }" },
        // A struct cannot be named like the type it is nested in.
        { "ACA1022", "is the name of the type that contains it", "public static partial class RhsOde { " + Method("Rhs", "double") + " }" },
        { "ACA1022", "is the name of a type parameter", "public partial class C<RhsOde> { " + Method("Rhs", "double") + " }" },
        // A user member already holds the name.
        { "ACA1005", "already has a member named 'RhsOde'", "public static partial class C { " + Method("Rhs", "double") + " public static int RhsOde; }" },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public void CollidingGeneratedName_IsOneLocatedDiagnostic(string id, string message, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Exceptions);
        Assert.NotEmpty(run.GeneratorDiagnostics);
        Assert.All(run.GeneratorDiagnostics, d =>
        {
            Assert.Equal(id, d.Id);
            Assert.Contains(message, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            // Diagnostics are created from plain data (LocationInfo), so Roslyn reports them as external-file locations.
            Assert.True(d.Location.IsInSource || d.Location.Kind == LocationKind.ExternalFile, "diagnostic without location");
            Assert.StartsWith("Rhs", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        });
        // Nothing generated for the colliding methods, so no compiler error points into generated code.
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
    }
}
