using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Hundreds of generated malformed inputs: random valid programs with one unsupported construct spliced in (each
/// must yield an ACA diagnostic and no generated code), and random character-level corruptions of valid programs
/// (anything may be reported, but the generator must never throw: no CS8785/AD0001, no ACA1999).
/// </summary>
public sealed class MalformedInputTests(ITestOutputHelper output)
{
    /// <summary>Unsupported constructs; every one is valid C# but not differentiable or misuses the contract.</summary>
    private static readonly string[] Invalid =
    [
        "while (z[0] > 0) { }",
        "dz[0] = dz[0] + 1;",
        "double bad = z[(int)z[0]];",
        "for (int q = 0; q < z.Length; q++) { }",
        "Console.WriteLine(z[0]);",
        "var arr = new double[3];",
        "dz[0] = z[0] % 2;",
        "try { } catch { }",
        "foreach (var x in z) { }",
        "dz[0] = z[99];",
        "dz[0] = p[99];",
        "switch (z.Length) { default: break; }",
        "dz[0] = Math.Round(z[0], 2);",
        "string s = z[0].ToString();",
        "Func<double, double> f = x => x;",
        "int k = 1; k = 2;",
        "for (int q = 0; q < 2; q++) { if (z[0] > 0) break; }",
        "for (int q = 0; q < 2; q++) { continue; }",
        "dz[0] = Recurse(z[0], 2);",
        "double u = 0; dz[0] = u++;",
        "for (int q = 0; ; q++) { break; }",
        "for (int q = 0; q < 3; q--) { }",
        "dz[0] = z[0] > 0 ? 1 : dz[1];",
        "t = 1;",
        "Span<double> w = stackalloc double[] { 1, 2 };",
        "for (int q = 0; q < 2; q++) { Span<double> w = stackalloc double[2]; }",
        "dz[0] = Math.Clamp(1, 0, 2) * z[0];",
        "unsafe { double* q = null; }",
        "dz[0] = (double)(z[0] > 0 ? 1 : 0) + z.Length;",
        "dz.Clear();",
        "z.CopyTo(dz);",
        "for (int q = 0; q < 2; q++) { return; }",
        "Span<double> w = stackalloc double[(int)z[0]];",
        "double[] heap = new double[2];",
        "dz[0] = z.Length;",
        "dz[0] = Math.BitDecrement(z[0]);",
        "dz[0] = double.Parse(\"1\");",
        "dz[0] = Early(z[0]);",
        "ref double r = ref dz[0];",
        "for (int q = 0; q < 2; q++) { dz[q * q] = 1; }",
        "for (int q = 0; q < 2; q++) { dz[0] = p[q / 2]; }",
        "dz[0] = checked(z[0] + 1) + dz[0];",
        "goto end; end: dz[0] = 0;",
    ];

    private const string ExtraHelpers = """
            private static double Recurse(double x, int k) => k == 0 ? x : Recurse(x, k - 1);
            private static double Early(double x) { if (x > 0) return x; return -x; }
        """;

    [Fact]
    public void SplicedUnsupportedConstructs_AreDiagnosedNeverThrown()
    {
        int seed = PropertySeed.Resolve();
        output.WriteLine($"seed {seed} (set ACA_PROPERTY_SEED to repeat)");
        var random = new Random(seed);
        int cases = 0;
        for (int round = 0; round < 10; round++)
        {
            foreach (string construct in Invalid)
            {
                RandomDynamics program = RandomDynamics.Create(random.Next());
                string[] lines = program.Body.Split('\n');
                // Splice before the body's last line: a `return;` after the last statement is valid C# and needs
                // no diagnostic, anywhere earlier it is an early exit the generator must reject.
                int last = Array.FindLastIndex(lines, line => line.Trim().Length != 0);
                int at = random.Next(last + 1);
                string body = string.Join("\n", lines.Take(at).Append("        " + construct).Concat(lines.Skip(at)));
                string source = program.Source("P").Replace(program.Body, body).Replace("    private static double Soft", ExtraHelpers + "\n    private static double Soft");
                GeneratorRun run = GeneratorHarness.Run(source);
                string context = $"seed {seed}, construct '{construct}':\n{source}";
                Assert.True(!run.Exceptions.Any(), "generator threw: " + run.Exceptions.FirstOrDefault() + "\n" + context);
                Assert.True(!run.GeneratorDiagnostics.Any(d => d.Id == "ACA1999"), string.Join("\n", run.GeneratorDiagnostics) + "\n" + context);
                bool compilerError = run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
                Assert.True(compilerError || run.GeneratorDiagnostics.Any(d => d.Id.StartsWith("ACA")), "no diagnostic:\n" + context);
                Assert.True(compilerError || run.GeneratorDiagnostics.All(d => d.Location.IsInSource || d.Location.Kind == LocationKind.ExternalFile),
                    "diagnostic without location:\n" + context);
                Assert.Empty(run.GeneratedSources);
                cases++;
            }
        }
        output.WriteLine($"{cases} malformed programs");
    }

    [Fact]
    public void CorruptedSources_NeverMakeTheGeneratorThrow()
    {
        int seed = PropertySeed.Resolve();
        output.WriteLine($"seed {seed} (set ACA_PROPERTY_SEED to repeat)");
        var random = new Random(seed);
        string[] tokens = ["(", ")", "[", "]", "{", "}", ";", "=", "+=", "dz", "z", "p", "0", "-1", "i", "int", "double", "for", "if", "else", "return", "stackalloc", ".", ",", "Math.Exp", "?", ":"];
        for (int k = 0; k < 300; k++)
        {
            string source = RandomDynamics.Create(random.Next()).Source("P");
            int start = source.IndexOf("dz)", StringComparison.Ordinal) + 3;
            var chars = source.ToList();
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int position = start + random.Next(chars.Count - start);
                if (random.Next(2) == 0) chars.RemoveRange(position, Math.Min(1 + random.Next(6), chars.Count - position));
                else chars.InsertRange(position, " " + tokens[random.Next(tokens.Length)] + " ");
            }
            string corrupted = new(chars.ToArray());
            GeneratorRun run = GeneratorHarness.Run(corrupted);
            Assert.True(!run.Exceptions.Any(), $"seed {seed}: generator threw {run.Exceptions.FirstOrDefault()}\n{corrupted}");
            Assert.True(!run.GeneratorDiagnostics.Any(d => d.Id == "ACA1999"), $"seed {seed}: {string.Join("\n", run.GeneratorDiagnostics)}\n{corrupted}");
        }
    }

    /// <summary>Regression cases found by the fuzzers, run whatever the seed: valid code around the splice points
    /// must not be reported (a trailing 'return;' is valid C#; so is an early return outside loops now).</summary>
    [Theory]
    [InlineData("dz[0] = z[0]; dz[1] = p[0];\n        return;")]
    [InlineData("dz[0] = z[0];\n        if (z[1] > 0) return;\n        dz[1] = p[0];")]
    [InlineData("return;\n        dz[0] = z[0];")]
    [InlineData("if (z[0] > 0.1) { dz[0] = 1; return; } if (z[0] > 0.2) { dz[0] = 2; return; } if (z[0] > 0.3) { dz[0] = 3; return; } if (z[0] > 0.4) { dz[0] = 4; return; } if (z[0] > 0.5) { dz[0] = 5; return; } if (z[0] > 0.6) { dz[0] = 6; return; } if (z[0] > 0.7) { dz[0] = 7; return; } if (z[0] > 0.8) { dz[0] = 8; return; } if (z[0] > 0.9) { dz[0] = 9; return; } dz[0] = z[1];")]
    public void ValidReturns_AreNotDiagnosed(string body)
    {
        string source = $$"""
            public static partial class C
            {
                [OdeDynamics(2, 1)]
                public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
                {
                    {{body}}
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.True(!run.Errors.Any(), string.Join("\n", run.Errors));
        Assert.Single(run.GeneratedSources);
    }
}
