using System.Text;
using AcaKernels.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Property-based: thousands of random valid dynamics per run, each generated in memory, compiled, loaded and
/// compared with dual numbers and central differences. The seed is fixed (see <see cref="PropertySeed"/>:
/// ACA_PROPERTY_SEED=random draws a fresh one, an integer repeats a run) and is printed with every failure.
/// </summary>
public sealed class PropertyTests(ITestOutputHelper output)
{
    private const int Batches = 10;
    private const int ProgramsPerBatch = 200;

    /// <summary>Every this many programs also get the complex-step oracle (a third copy of each program costs
    /// compile time; a quarter of them keeps the run short and still checks hundreds of programs).</summary>
    private const int ComplexStepEvery = 4;

    public delegate void BatchEvaluate(int k, double t, double[] z, double[] p, double[] dz);

    public delegate double BatchVjp(int k, double t, double[] z, double[] p, double[] v, double[] gz, double[] gp);

    public delegate void BatchTangent(int k, double t, double tDot, double[] z, double[] zDot, double[] p, double[] pDot,
        double[] f, double[] fDot, double[] fMagnitude);

    [Fact]
    public void RandomPrograms_VjpMatchesDualNumbersAndCentralDifferences()
    {
        int seed = PropertySeed.Resolve();
        output.WriteLine($"ACA_PROPERTY_SEED={seed}");
        int checkedPrograms = 0, skippedDifferences = 0, skippedNonFinite = 0, registerPrograms = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            var programs = Enumerable.Range(0, ProgramsPerBatch)
                .Select(k => RandomDynamics.Create(seed + batch * ProgramsPerBatch + k)).ToArray();
            var sources = new List<string>();
            var dual = new StringBuilder();
            var complex = new StringBuilder();
            var harness = new StringBuilder("public static partial class Batch\n{\n");
            for (int k = 0; k < programs.Length; k++)
            {
                sources.Add(programs[k].Source("P" + k));
                dual.AppendLine(DualSource.ToDual(programs[k].Source("D" + k, attribute: false)));
                if (k % ComplexStepEvery == 0)
                    complex.AppendLine(ComplexStepSource.ToComplex(programs[k].Source("C" + k, attribute: false)));
            }
            harness.AppendLine(Dispatch("public static void Evaluate(int k, double t, double[] z, double[] p, double[] dz)",
                k => $"P{k}.FOde.Evaluate(t, z, p, dz); return;"));
            harness.AppendLine(Dispatch("public static double Vjp(int k, double t, double[] z, double[] p, double[] v, double[] gz, double[] gp)",
                k => $"return P{k}.FOde.VectorJacobianProduct(t, z, p, v, gz, gp);", "return 0;"));
            harness.AppendLine(DualCompiler.Harness("DualBatch", "Call")
                .Replace("Tangent(double t", "Tangent(int k, double t").Replace("Call(new Dual", "Call(k, new Dual"));
            harness.AppendLine(ComplexStepSource.Harness("ComplexBatch", "ComplexCall")
                .Replace("Derivative(double t", "Derivative(int k, double t").Replace("ComplexCall(new CStep", "ComplexCall(k, new CStep"));
            harness.AppendLine("}");
            string call = Dispatch("public static void Call(int k, Dual t, ReadOnlySpan<Dual> z, ReadOnlySpan<Dual> p, Span<Dual> dz)",
                k => $"D{k}.F(t, z, p, dz); return;");
            string complexCall = Dispatch("public static void ComplexCall(int k, CStep t, ReadOnlySpan<CStep> z, ReadOnlySpan<CStep> p, Span<CStep> dz)",
                k => k % ComplexStepEvery == 0 ? $"C{k}.F(t, z, p, dz); return;" : "return;");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Fused kernels are left out here (FusedStepTests covers them). Odd batches turn the straight-line
            // register form off, so both emitters of Evaluate and the VJP see random programs (even batches use
            // the register form wherever a program is small enough, the loop form elsewhere).
            bool registers = batch % 2 == 0;
            // Batches 2, 3 (mod 4) compile under [module: SkipLocalsInit]: stackalloc no longer zeroes there.
            string module = batch % 4 >= 2 ? "[module: System.Runtime.CompilerServices.SkipLocalsInit]" : "";
            GeneratorRun run = GeneratorHarness.Run(false, registers, [.. sources, dual.ToString(), DualSource.Types, harness.ToString(),
                "public static partial class Batch { " + call + " }", complex.ToString(), ComplexStepSource.Types,
                "public static partial class Batch { " + complexCall + " }", module]);
            var problems = run.GeneratorDiagnostics.Take(5).ToList();
            Assert.True(problems.Count == 0, $"seed {seed}, batch {batch}:\n" + string.Join("\n", problems.Select(d =>
                d + "\n" + sources.ElementAtOrDefault(SourceIndex(d)))));

            int straight = run.Output.SyntaxTrees.Count(tree => tree.ToString().Contains("// Straight-line form:", StringComparison.Ordinal));
            if (registers) registerPrograms += straight;
            output.WriteLine($"batch {batch} ({(registers ? "register form where it fits" : "loop form")}, {straight} in register form): generated and checked in {clock.ElapsedMilliseconds} ms");
            using var assembly = new InMemoryAssembly(run.Output);
            output.WriteLine($"batch {batch}: emitted and loaded in {clock.ElapsedMilliseconds} ms");
            var evaluate = assembly.Method<BatchEvaluate>("Batch", "Evaluate");
            var vjp = assembly.Method<BatchVjp>("Batch", "Vjp");
            var tangent = assembly.Method<BatchTangent>("Batch+DualBatch", "Tangent");
            var complexStep = assembly.Method<BatchTangent>("Batch+ComplexBatch", "Derivative");
            for (int k = 0; k < programs.Length; k++)
            {
                RandomDynamics program = programs[k];
                int n = program.N, m = program.M, index = k;
                var random = new Random(seed + k);
                double t = random.NextDouble();
                double[] z = Values(random, n), p = Values(random, m), v = Values(random, n);
                double[] gradient = GradientCheck.Gradient((tt, zz, pp, vv, gz, gp) =>
                    vjp(index, tt, zz.ToArray(), pp.ToArray(), vv.ToArray(), Copy(gz, out double[] gza), Copy(gp, out double[] gpa)) + Back(gz, gza, gp, gpa),
                    n, m, t, z, p, v);
                string context = $"seed {seed}, program P{k} of batch {batch} (ACA_PROPERTY_SEED={seed}):\n{program.Source("P" + k)}";
                // A random body can overflow; where f itself is not finite there is no derivative to compare.
                var value = new double[n];
                evaluate(index, t, z, p, value);
                if (!value.All(double.IsFinite))
                {
                    skippedNonFinite++;
                    continue;
                }
                string? dualMiss = GradientCheck.AgainstDual((a, b, c, d, e, f, g, h, i) => tangent(index, a, b, c, d, e, f, g, h, i),
                    gradient, n, m, t, z, p, v);
                Assert.True(dualMiss is null, dualMiss + "\n" + context);
                string? complexMiss = k % ComplexStepEvery != 0 ? null : GradientCheck.AgainstComplexStep((a, b, c, d, e, f, g, h, i) => complexStep(index, a, b, c, d, e, f, g, h, i),
                    (a, b, c, d, e, f, g, h, i) => tangent(index, a, b, c, d, e, f, g, h, i), gradient, n, m, t, z, p, v);
                Assert.True(complexMiss is null, complexMiss + "\n" + context);
                EvaluateFn f = (tt, zz, pp, dz) =>
                {
                    var result = new double[n];
                    evaluate(index, tt, zz.ToArray(), pp.ToArray(), result);
                    result.CopyTo(dz);
                };
                if (NearKink(f, n, m, t, z, p, v))
                {
                    skippedDifferences++;
                    continue;
                }
                string? differenceMiss = GradientCheck.AgainstDifferences(f, gradient, n, m, t, z, p, v);
                Assert.True(differenceMiss is null, differenceMiss + "\n" + context);
                checkedPrograms++;
            }
        }
        output.WriteLine($"{Batches * ProgramsPerBatch} programs, {checkedPrograms} also against differences, {skippedDifferences} skipped near a kink, {skippedNonFinite} with a non-finite f");
        // Both emitters must have been exercised: the register form on most small programs of the even batches,
        // the loop form on all of the odd batches and on the large programs.
        output.WriteLine($"{registerPrograms} of {Batches / 2 * ProgramsPerBatch} programs of the register batches in register form");
        Assert.InRange(registerPrograms, 1, Batches / 2 * ProgramsPerBatch - 1);
        Assert.True(skippedDifferences < Batches * ProgramsPerBatch / 5, $"seed {seed}: {skippedDifferences} programs near kinks");
        Assert.True(skippedNonFinite < Batches * ProgramsPerBatch / 50, $"seed {seed}: {skippedNonFinite} programs with a non-finite f");
    }

    /// <summary>Central differences with two step sizes disagree: a branch, Abs, Min or Max switches within the
    /// stencil, so differences do not estimate the derivative there (dual numbers still checked the point).</summary>
    private static bool NearKink(EvaluateFn f, int n, int m, double t, double[] z, double[] p, double[] v)
    {
        for (int k = 0; k < 1 + n + m; k++)
        {
            double a = GradientCheck.CentralDifference(f, k, n, t, z, p, v, 1e-6);
            double b = GradientCheck.CentralDifference(f, k, n, t, z, p, v, 1e-4);
            if (!(Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a)))) return true;
        }
        return false;
    }

    private static double[] Copy(Span<double> span, out double[] array) => array = span.ToArray();

    private static double Back(Span<double> gz, double[] gza, Span<double> gp, double[] gpa)
    {
        gza.CopyTo(gz);
        gpa.CopyTo(gp);
        return 0;
    }

    private static double[] Values(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static int SourceIndex(Microsoft.CodeAnalysis.Diagnostic d) =>
        d.Location.SourceTree?.FilePath is string path && path.StartsWith("Source") && int.TryParse(path[6..^3], out int i) ? i - 1 : -1;

    private static string Dispatch(string signature, Func<int, string> body, string fallback = "return;")
    {
        var text = new StringBuilder(signature + "\n{\n    switch (k)\n    {\n");
        for (int k = 0; k < ProgramsPerBatch; k++) text.Append($"        case {k}: {body(k)}\n");
        text.Append($"    }}\n    {fallback}\n}}\n");
        return text.ToString();
    }
}
