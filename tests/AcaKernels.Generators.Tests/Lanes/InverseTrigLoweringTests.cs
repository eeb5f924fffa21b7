using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Math.Atan2, Math.Asin and Math.Acos (and MathF's) become the runtime's OdeMath functions in the scalar and lane
/// kernels and GpuMath's in the GPU form, as Atan does (<see cref="TanAtanSinhCoshLoweringTests"/>). Their derivative
/// rules call nothing but √ (asin's and acos's ±1/√(1 − a²)) or nothing at all (atan2's x/r², −y/r²). No C runtime call
/// of these is left and no per-lane helper (LaneAtan2, …) is generated.
/// </summary>
public sealed class InverseTrigLoweringTests
{
    private const string Arm = """
        namespace InverseTrigLowering;
        public static partial class S
        {
            [OdeDynamics(2, 2)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = p[0] * Math.Atan2(z[1], z[0]);
                dz[1] = Math.Asin(0.5 * Math.Tanh(z[0])) - p[1] * Math.Acos(0.5 * Math.Tanh(z[1]));
            }

            [OdeDynamics(2, 2)]
            public static void G(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
            {
                dz[0] = p[0] * MathF.Atan2(z[1], 1 + z[0] * z[0]);
                dz[1] = MathF.Asin(0.5f * MathF.Tanh(z[0])) - p[1] * MathF.Acos(0.5f * MathF.Tanh(z[1]));
            }
        }
        """;

    private static readonly string[] Functions = ["Atan2", "Asin", "Acos"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void System_AllForms_CallOdeMathOrGpuMath(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, [Arm, .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string cpu = Sources(run, gpu: false), gpu = Sources(run, gpu: true);
        Assert.Contains("VectorJacobianProduct", cpu, StringComparison.Ordinal);
        Assert.Contains("TryLaneTrialStep", cpu, StringComparison.Ordinal);
        foreach (string f in Functions)
        {
            Assert.Contains("global::AcaKernels.Numerics.OdeMath." + f + "(", cpu, StringComparison.Ordinal);
            Assert.Contains("global::AcaKernels.Gpu.Kernels.GpuMath." + f + "(", gpu, StringComparison.Ordinal);
            Assert.DoesNotContain("OdeMath." + f + "(", gpu, StringComparison.Ordinal);
            foreach (string gone in new[] { "System.Math." + f + "(", "System.MathF." + f + "(", "Lane" + f + "(" })
                Assert.DoesNotContain(gone, cpu + gpu, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void System_GeneratedCode_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, [Arm, .. GpuContract.Sources()]);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    private static string Sources(GeneratorRun run, bool gpu) => string.Join("\n", run.Result.Results.SelectMany(r => r.GeneratedSources)
        .Where(s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal) == gpu).Select(s => s.SourceText.ToString()));
}
