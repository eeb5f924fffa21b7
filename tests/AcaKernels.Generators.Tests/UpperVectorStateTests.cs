using System.Collections.Immutable;
using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The scalar kernels must not leave the upper vector state dirty before a Math call into the C runtime: the JIT
/// inlines Span.Clear / CopyTo and zeroes stackalloc'd arrays with 256/512-bit stores and emits no vzeroupper
/// before Math.Log10, Cbrt, …, which then cost ~20× more (benchmarks/RESULTS.md §V). So the scalar code zeroes and
/// copies by scalar loops, and the struct carries [SkipLocalsInit] where unsafe code is allowed. Speed is not
/// asserted (no timed tests); these check the shape of the code that avoids the penalty, and that a compilation
/// without unsafe code still builds. Correctness without zeroing is covered by <see cref="SkipLocalsInitTests"/>
/// and, since every in-memory compilation now allows unsafe code, by every generator test.
/// </summary>
public sealed class UpperVectorStateTests
{
    private const string Mlp = """
        namespace Probe;

        public static partial class Net
        {
            [OdeDynamics(2, 6)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> hidden = stackalloc double[2];
                for (int i = 0; i < 2; i++) hidden[i] = Math.Tanh(p[2 * i] * z[0] + p[2 * i + 1] * z[1]);
                for (int i = 0; i < 2; i++) dz[i] += p[4 + i] * Math.Log10(2 + hidden[i]);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoopForm_ScalarKernels_ClearAndCopyElementByElement(bool allowUnsafe)
    {
        (string source, ImmutableArray<Diagnostic> errors) = Generate(allowUnsafe);
        Assert.Empty(errors);
        // The lane kernels (Vector512 code, whose per-lane Math helpers are separate methods) come after the scalar ones.
        int lanes = source.IndexOf("TryLaneEvaluate", StringComparison.Ordinal);
        string scalar = lanes < 0 ? source : source[..lanes];
        Assert.DoesNotContain(".Clear()", scalar, StringComparison.Ordinal);
        Assert.DoesNotContain(".CopyTo(", scalar, StringComparison.Ordinal);
        Assert.Contains("elementIndex", scalar, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SkipLocalsInit_OnlyWhereUnsafeCodeIsAllowed_AndBothCompile(bool allowUnsafe)
    {
        (string source, ImmutableArray<Diagnostic> errors) = Generate(allowUnsafe);
        Assert.Empty(errors); // without unsafe code, [SkipLocalsInit] would be CS0227
        Assert.Equal(allowUnsafe, source.Contains("[global::System.Runtime.CompilerServices.SkipLocalsInit]", StringComparison.Ordinal));
    }

    private static (string Source, ImmutableArray<Diagnostic> Errors) Generate(bool allowUnsafe)
    {
        CSharpCompilation input = GeneratorHarness.Compile(Mlp);
        input = input.WithOptions(input.Options.WithAllowUnsafe(allowUnsafe));
        GeneratorHarness.CreateDriver(fusedKernels: true, registerKernels: false)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        string source = output.SyntaxTrees.Last().ToString();
        ImmutableArray<Diagnostic> errors = generatorDiagnostics.AddRange(output.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return (source, errors);
    }
}
