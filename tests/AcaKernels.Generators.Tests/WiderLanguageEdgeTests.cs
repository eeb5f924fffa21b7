using AcaKernels.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Corners of the wider language, generated in memory in both forms (straight-line register code and loops):
/// tables of another static class and of every initializer shape, int ?: and Math.Sign as reals, nested early
/// returns with a stackalloc after them, ++/-- in both positions, float dynamics with MathF. Each must build with
/// no warning in generated code, Evaluate must equal the user's method bit for bit, and the double VJP must match
/// dual numbers (GradientCheck.DualTolerance: both derivatives are exact, they differ by roundoff only).
/// </summary>
public sealed class WiderLanguageEdgeTests
{
    private const string DoubleProgram = """
        namespace Edge;
        public static class Data { public static readonly double[] Coefs = [0.5, -1.5, 2.0]; }
        public static partial class C
        {
            private static readonly double[] Sized = new double[4];
            private static readonly double[] Implicit = new[] { 1.0, 2.0 };

            [OdeDynamics(2, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                double a = z[0] * p[0];
                if (z[0] > 0)
                {
                    if (z[1] > 0) { dz[0] = a; dz[1] = -a * Data.Coefs[2]; return; }
                    a = a * z[1];
                }
                else if (z[1] < -0.5) { dz[0] = z[1]; dz[1] = p[1] * t; return; }
                Span<double> h = stackalloc double[2];
                h[0] = a;
                h[1] = Math.Clamp(z[1], -0.25, 0.25);
                int k = 1;
                a--; ++a; a++; --a; a++;
                double s = 0;
                for (int i = 0; i < Data.Coefs.Length; i++) s += Data.Coefs[i] * Math.Pow(z[0], i);
                dz[0] = h[0] + h[k] * p[1] + s + Sized[3] * z[1] + Implicit[1] * p[0];
                dz[1] = Math.Floor(3 * z[0]) + Math.Ceiling(z[1]) * Math.Round(p[0] * 10) + a
                    + (z[1] > 0 ? 1 : 0) * z[0] - Math.Sign(z[0] - z[1]) * p[1];
            }
        }
        """;

    private const string FloatProgram = """
        namespace EdgeF;
        public static partial class C
        {
            private static readonly float[] W = { 0.25f, 0.5f };
            private static readonly double[] D = { 2.0 };

            [OdeDynamics(2, 1)]
            public static void G(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
            {
                float x = z[0];
                x++; x--; --x;
                dz[0] = Math.Clamp(x, -1f, 1f) * W[1] + (float)D[0] * MathF.Sign(z[1]);
                if (x > 10) return;
                dz[1] = MathF.Floor(z[1] * 4) + MathF.Round(p[0]) + MathF.Ceiling(x) + W[0] * (z[0] > 0 ? 1 : 0);
            }
        }
        """;

    public delegate void DoubleFn(double t, double[] z, double[] p, double[] dz);

    public delegate double DoubleVjp(double t, double[] z, double[] p, double[] v, double[] gz, double[] gp);

    public delegate void FloatFn(float t, float[] z, float[] p, float[] dz);

    private const string Harness = """
        public static class H
        {
            public static void User(double t, double[] z, double[] p, double[] dz) => Edge.C.F(t, z, p, dz);
            public static void Evaluate(double t, double[] z, double[] p, double[] dz) => Edge.C.FOde.Evaluate(t, z, p, dz);
            public static double Vjp(double t, double[] z, double[] p, double[] v, double[] gz, double[] gp) => Edge.C.FOde.VectorJacobianProduct(t, z, p, v, gz, gp);
            public static void UserF(float t, float[] z, float[] p, float[] dz) => EdgeF.C.G(t, z, p, dz);
            public static void EvaluateF(float t, float[] z, float[] p, float[] dz) => EdgeF.C.GOde.Evaluate(t, z, p, dz);
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EdgePrograms_BuildCleanly_EvaluateIsTheUserMethod_VjpMatchesDualNumbers(bool registers)
    {
        // The dual copy's implicitly typed table needs its element type spelled (new[] of doubles is double[]).
        string dual = DualSource.ToDual(DoubleProgram.Replace("[OdeDynamics(2, 2)]", "")).Replace("new[] {", "new Dual[] {");
        GeneratorRun run = GeneratorHarness.Run(true, registers, DoubleProgram, FloatProgram, Harness, dual, DualSource.Types,
            DualCompiler.Harness("DualH", "global::Edge.DualCopy.C.F"));
        Assert.Empty(run.GeneratorDiagnostics);
        var generatedWarnings = run.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true).ToList();
        Assert.True(generatedWarnings.Count == 0, string.Join("\n", generatedWarnings));
        Assert.True(!run.Errors.Any(), string.Join("\n", run.Errors));
        Assert.Equal(registers ? 2 : 0, run.GeneratedSources.Count(s => s.Contains("// Straight-line form:", StringComparison.Ordinal)) > 0 ? 2 : 0);

        using var assembly = new InMemoryAssembly(run.Output);
        var user = assembly.Method<DoubleFn>("H", "User");
        var evaluate = assembly.Method<DoubleFn>("H", "Evaluate");
        var vjp = assembly.Method<DoubleVjp>("H", "Vjp");
        var tangent = assembly.Method<TangentFn>("DualH", "Tangent");
        // One point per path: inner return, fall-through after the inner if, else-if return, fall-through.
        double[][] points = [[0.3, 0.4], [0.3, -0.4], [-0.3, -0.7], [-0.3, 0.2], [0.7, -0.1]];
        foreach (double[] z in points)
        {
            double t = 0.4;
            double[] p = [0.8, -0.6], v = [0.7, -1.3];
            double[] expected = new double[2], actual = new double[2];
            user(t, z, p, expected);
            evaluate(t, z, p, actual);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
            double[] gradient = GradientCheck.Gradient((tt, zz, pp, vv, gz, gp) =>
            {
                double[] gza = gz.ToArray(), gpa = gp.ToArray();
                double gt = vjp(tt, zz.ToArray(), pp.ToArray(), vv.ToArray(), gza, gpa);
                gza.CopyTo(gz);
                gpa.CopyTo(gp);
                return gt;
            }, 2, 2, t, z, p, v);
            Assert.Null(GradientCheck.AgainstDual(tangent, gradient, 2, 2, t, z, p, v));
        }

        var userF = assembly.Method<FloatFn>("H", "UserF");
        var evaluateF = assembly.Method<FloatFn>("H", "EvaluateF");
        foreach (float[] z in new float[][] { [0.3f, 0.4f], [-0.6f, -0.2f], [12f, 0f], [0.9f, 0.7f] })
        {
            float[] p = [1.5f], expected = new float[2], actual = new float[2];
            userF(0.25f, z, p, expected);
            evaluateF(0.25f, z, p, actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
