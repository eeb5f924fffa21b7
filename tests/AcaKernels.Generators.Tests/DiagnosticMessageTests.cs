using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Each mistake yields exactly one diagnostic, at the offending code, whose message names the real construct and
/// what to write instead (issue 6 item 7, issue 7 item 6: before, these were reported as the wrong problem, or
/// cascaded into a second, misleading error).
/// </summary>
public sealed class DiagnosticMessageTests
{
    private const string Signature = "static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)";

    /// <summary>(id, text the diagnostic must point at, text its message must contain, body of F).</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // A non-constant stackalloc size is not "inside a loop or branch", and its uses do not cascade into ACA2009.
        { "ACA1020", "stackalloc double[(int)z[0]]", "its size '(int)z[0]' is not a constant; write 'stackalloc double[N]'",
            "Span<double> h = stackalloc double[(int)z[0]]; h[0] = z[0]; dz[0] = h[0]; dz[1] = h[0];" },
        { "ACA1020", "stackalloc double[] { 1, 2 }", "initializers are not supported",
            "Span<double> h = stackalloc double[] { 1, 2 }; dz[0] = h[0];" },
        { "ACA1006", "stackalloc double[2]", "is inside a loop or branch",
            "for (int i = 0; i < 2; i++) { Span<double> h = stackalloc double[2]; h[0] = z[0]; dz[0] = h[0]; }" },
        // Span lengths: the caller's span length is not a constant (not "a bad index" nor "a bad loop").
        { "ACA1021", "z.Length", "'z.Length' is the length of the span the caller passes, which the generated code cannot know; use the declared size (2)",
            "dz[0] = z.Length * z[0];" },
        { "ACA1021", "p.Length", "use the declared size (3)", "dz[0] = z[0] * p[p.Length - 1];" },
        // A loop that is too long is told so, not to use the form it already has.
        { "ACA2020", "i < 2000000", "runs 2000000 iterations, more than the 1048576 one loop may run",
            "double s = 0; for (int i = 0; i < 2000000; i++) s += z[0]; dz[0] = s;" },
        // Heap arrays: suggest stackalloc with the right type, name and size; later uses are not reported again.
        { "ACA2021", "arr = new double[3]", "write 'Span<double> arr = stackalloc double[3];' instead",
            "var arr = new double[3]; arr[0] = z[0]; dz[0] = arr[0];" },
        { "ACA2021", "w = { 1.0, 2.0 }", "write 'Span<double> w = stackalloc double[2];' instead",
            "double[] w = { 1.0, 2.0 }; dz[0] = w[1] * z[0];" },
        // int-typed values used as reals: the real reason, not "index must be affine".
        { "ACA2022", "Math.Abs(3)", "it calls the int overload of Math.Abs; pass double arguments",
            "dz[0] = Math.Abs(3) * z[0];" },
        { "ACA2022", "(int)z[0] * 2", "write the arithmetic in floating point", "dz[0] = (int)z[0] * 2;" },
        { "ACA2007", "Math.Sign(z[0])", "declare 's' as double (or float) if it holds a real value",
            "int s = Math.Sign(z[0]); dz[0] = s * z[1];" },
        // ACA2001: the statement quoted once, then the advice (the quoting used to break).
        { "ACA2001", "while (z[0] > 0) { }", "'while (z[0] > 0) { }' is not supported in [OdeDynamics] code: loops must be 'for (int i = A; i < B; i++)'",
            "while (z[0] > 0) { } dz[0] = 0;" },
        { "ACA2001", "r = ref dz[0]", "'ref double r = ref dz[0]' is not supported in [OdeDynamics] code: ref locals are not supported",
            "ref double r = ref dz[0]; dz[1] = 0;" },
        { "ACA2001", "return;", "a 'return' inside a loop is not supported",
            "for (int i = 0; i < 2; i++) { if (z[i] > 0) return; dz[i] = z[i]; }" },
        { "ACA2001", "break;", "'break', 'continue' and 'goto' are not supported",
            "for (int i = 0; i < 2; i++) { if (z[i] > 0) break; dz[i] = z[i]; }" },
        // Early returns that would copy the rest of the method more than 2^6 times: the seventh such if.
        { "ACA2001", "if (z[0] > 0.7)", "would copy the rest of the method", "double a = z[0]; if (z[0] > 0.1) { if (z[1] > 0.1) return; a += 1; } if (z[0] > 0.2) { if (z[1] > 0.2) return; a += 1; } if (z[0] > 0.3) { if (z[1] > 0.3) return; a += 1; } if (z[0] > 0.4) { if (z[1] > 0.4) return; a += 1; } if (z[0] > 0.5) { if (z[1] > 0.5) return; a += 1; } if (z[0] > 0.6) { if (z[1] > 0.6) return; a += 1; } if (z[0] > 0.7) { if (z[1] > 0.7) return; a += 1; } dz[0] = a;" },
        // Constant tables.
        { "ACA1004", "Table[i + 1]", "Index into 'Table' ranges over [1, 3], outside [0, 3)",
            "for (int i = 0; i < 3; i++) dz[0] += Table[i + 1] * z[0];" },
        // A table whose length the source does not show is still never read below 0 (the unrolled code would
        // index it with a negative constant: CS0251 warnings inside generated code instead of a located error).
        { "ACA1004", "Loaded[i - 1]", "Index into 'Loaded' ranges over [-1, 1], outside [0, Loaded.Length)",
            "for (int i = 0; i < 3; i++) dz[0] += Loaded[i - 1] * z[0];" },
        { "ACA2023", "Table[0]", "reads arrays but never writes them", "Table[0] = z[0]; dz[0] = 0;" },
        { "ACA2023", "Mutable[0]", "'Mutable' is not 'static readonly'", "dz[0] = Mutable[0] * z[0];" },
        { "ACA2023", "Loaded.Length", "the length of 'Loaded' is known at compile time only when the field is initialised with an array creation",
            "for (int i = 0; i < Loaded.Length; i++) dz[0] += z[0];" },
        // A field or property that is not a constant: named as such with the fix (before: ACA2006's operator list).
        { "ACA2024", "Scale", "'Scale' is a static readonly field, not a compile-time constant: [OdeDynamics] code reads only constants",
            "dz[0] = Scale * z[0];" },
        { "ACA2024", "Knob", "'Knob' is a static field, which can change between calls", "dz[0] = z[0] + Knob;" },
        { "ACA2024", "Gain", "'Gain' is a property", "dz[0] = Gain * z[0];" },
        { "ACA2024", "Scale", "or pass it in p", "dz[0] = Twice(z[0]);" },
    };

    private const string Members = """
        private static readonly double[] Table = { 1.0, 2.0, 3.0 };
        private static double[] Mutable = { 1.0 };
        private static readonly double[] Loaded = Load();
        private static double[] Load() => new double[4];
        private static readonly double Scale = 2.0;
        private static double Knob = 1.0;
        private static double Gain => 3.0;
        private static double Twice(double x) => Scale * x;
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mistake_ReportsOneDiagnosticNamingTheConstructAndTheFix(string id, string at, string message, string body)
    {
        string source = $$"""
            public static partial class C
            {
                [OdeDynamics(2, 3)]
                {{Signature}}
                {
                    {{body}}
                }
                {{Members}}
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Exceptions);
        string all = string.Join("\n", run.GeneratorDiagnostics);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.True(diagnostic.Id == id, $"expected {id}, got:\n{all}");
        string located = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.True(located.Contains(at), $"{id} located at '{located}', expected '{at}'");
        string text = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"message '{text}' lacks '{message}'");
        Assert.DoesNotContain("''", text);
        Assert.Empty(run.GeneratedSources);
    }

    /// <summary>ACA3001 (a construct with no GPU form) exists only where the GPU contract is referenced, and is a
    /// warning: the CPU struct is still generated (more cases in Gpu/GpuFormTests).</summary>
    [Fact]
    public void NoGpuForm_ReportsOneWarningAtTheCallNamingTheFix()
    {
        string source = $$"""
            public static partial class C
            {
                [OdeDynamics(2, 3)]
                {{Signature}}
                {
                    dz[0] = Forcing[1] * z[0]; dz[1] = z[1];
                }

                private static readonly double[] Forcing = Measure();

                private static double[] Measure() => [1.0, 2.0, 3.0];
            }
            """;
        GeneratorRun run = GeneratorHarness.Run([source, .. Gpu.GpuContract.Sources()]);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ACA3001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Forcing[1]", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal("'Forcing[1]' has no GPU form, so this system gets no GPU kernels (its CPU kernels are unaffected): the table's " +
            "length is not known at compile time, so the index cannot be proved in range and a GPU kernel has no bounds check; " +
            "initialise the field with an array creation ('{ … }', 'new[] { … }', '[ … ]' or 'new double[N]') or pass the values in the parameters p",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(run.GeneratedSources);
    }
}
