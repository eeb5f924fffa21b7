using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Math.Sin and Math.Cos (and MathF's) become the runtime's OdeMath.Sin/Cos in the scalar and lane kernels, their
/// derivative rules too (sin's cos, cos's −sin, in the VJPs), and GpuMath.Sin/Cos in the GPU form: no C runtime sin or
/// cos is left, and the lane kernels call the vector overloads directly, with no per-lane helper (Tan, Atan, Sinh and
/// Cosh: <see cref="TanAtanSinhCoshLoweringTests"/>). (Lanes equal to the scalar kernels bit for bit: the lane tests' business.)
/// </summary>
public sealed class SinCosLoweringTests
{
    private const string Pendulum = """
        namespace SinCosLowering;
        public static partial class S
        {
            [OdeDynamics(2, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = z[1];
                dz[1] = -p[0] * Math.Sin(z[0]) + p[1] * Math.Cos(p[2] * t + z[1]);
            }

            [OdeDynamics(2, 2)]
            public static void G(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
            {
                dz[0] = MathF.Sin(p[0] * z[1]);
                dz[1] = p[1] * MathF.Cos(z[0]);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SinCosSystem_AllForms_CallOdeMathOrGpuMath(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, [Pendulum, .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string all = string.Join("\n", run.GeneratedSources);
        Assert.Contains("global::AcaKernels.Numerics.OdeMath.Sin(", all, StringComparison.Ordinal);
        Assert.Contains("global::AcaKernels.Numerics.OdeMath.Cos(", all, StringComparison.Ordinal);
        foreach (string gone in new[] { "System.Math.Sin(", "System.MathF.Sin(", "System.Math.Cos(", "System.MathF.Cos(", "LaneSin", "LaneCos" })
            Assert.DoesNotContain(gone, all, StringComparison.Ordinal);
        // The VJPs: the derivative of Sin is Cos and of Cos −Sin, each through the same lowering.
        string cpu = string.Join("\n", run.Result.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => !s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)).Select(s => s.SourceText.ToString()));
        Assert.Contains("VectorJacobianProduct", cpu, StringComparison.Ordinal);
        string gpu = string.Join("\n", run.Result.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)).Select(s => s.SourceText.ToString()));
        Assert.Contains("global::AcaKernels.Gpu.Kernels.GpuMath.Sin(", gpu, StringComparison.Ordinal);
        Assert.Contains("global::AcaKernels.Gpu.Kernels.GpuMath.Cos(", gpu, StringComparison.Ordinal);
        Assert.DoesNotContain("OdeMath.Sin(", gpu, StringComparison.Ordinal);
    }

    [Fact]
    public void SinOnly_VjpCallsOdeMathCos()
    {
        const string source = """
            namespace SinOnly;
            public static partial class S
            {
                [OdeDynamics(1, 1)]
                public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = p[0] * Math.Sin(z[0]);
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, source);
        Assert.Empty(run.Errors);
        string all = string.Join("\n", run.GeneratedSources);
        // cos appears only as sin's derivative, so its presence is the VJP's rule going through the lowering.
        Assert.Contains("global::AcaKernels.Numerics.OdeMath.Cos(", all, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Math.Cos(", all, StringComparison.Ordinal);
    }

    [Fact]
    public void SinCosSystem_GeneratedCode_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, [Pendulum, .. GpuContract.Sources()]);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}
