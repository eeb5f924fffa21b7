using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Math.Tanh becomes the runtime's OdeMath.Tanh in every generated kernel (scalar, lane, GPU), and its derivative
/// OdeMath.TanhDerivative from the forward value: no C runtime tanh or cosh is left, and the lane kernels call the
/// vector overloads directly, with no per-lane helper. (That lanes equal the scalar kernels bit for bit with tanh
/// inside loops and branches is LaneGeneratorTests' and the LaneEngine tests' business.)
/// </summary>
public sealed class TanhLoweringTests
{
    private const string Mlp = """
        namespace TanhLowering;
        public static partial class S
        {
            [OdeDynamics(2, 6)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                Span<double> h = stackalloc double[2];
                for (int i = 0; i < 2; i++) h[i] = Math.Tanh(p[2 * i] * z[0] + p[2 * i + 1] * z[1]);
                for (int i = 0; i < 2; i++) dz[i] = p[4 + i] * h[i];
            }

            [OdeDynamics(2, 6)]
            public static void G(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
            {
                dz[0] = MathF.Tanh(p[0] * z[0]);
                dz[1] = p[1] * MathF.Tanh(z[1]);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TanhSystem_AllForms_CallOdeMathAndNoRuntimeTanhOrCosh(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, [Mlp, .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string all = string.Join("\n", run.GeneratedSources);
        Assert.Contains("global::AcaKernels.Numerics.OdeMath.Tanh(", all, StringComparison.Ordinal);
        Assert.Contains("global::AcaKernels.Numerics.OdeMath.TanhDerivative(", all, StringComparison.Ordinal);
        foreach (string gone in new[] { "System.Math.Tanh(", "System.MathF.Tanh(", "System.Math.Cosh(", "System.MathF.Cosh(", "LaneTanh", "LaneCosh" })
            Assert.DoesNotContain(gone, all, StringComparison.Ordinal);
        // The GPU form too (a file of its own per system), so ILGPU's CPU accelerator computes the CPU engine's bits.
        Assert.Contains(run.Result.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)
            && s.SourceText.ToString().Contains("OdeMath.Tanh(", StringComparison.Ordinal));
    }

    [Fact]
    public void TanhSystem_GeneratedCode_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, [Mlp, .. GpuContract.Sources()]);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}
