using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Math.Tan, Math.Atan, Math.Sinh and Math.Cosh (and MathF's) become the runtime's OdeMath functions in the scalar and
/// lane kernels, and GpuMath's in the GPU form, as Sin and Cos do (<see cref="SinCosLoweringTests"/>). Their derivative
/// rules go through the same lowering: tan's 1 + t² reads the forward's value, atan's 1/(1 + a²) calls nothing, and
/// sinh's and cosh's are each other, so a system with only sinh still calls OdeMath.Cosh in its VJP. No C runtime call
/// of these is left and no per-lane helper (LaneTan, …) is generated.
/// </summary>
public sealed class TanAtanSinhCoshLoweringTests
{
    private const string Rotor = """
        namespace TanAtanSinhCoshLowering;
        public static partial class S
        {
            [OdeDynamics(3, 3)]
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
                dz[0] = p[0] * Math.Atan(z[1] - z[0]);
                dz[1] = -p[1] * Math.Tan(0.5 * z[0]) + Math.Sinh(0.2 * z[2]);
                dz[2] = p[2] - 0.1 * Math.Cosh(z[1]);
            }

            [OdeDynamics(2, 2)]
            public static void G(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
            {
                dz[0] = MathF.Atan(p[0] * z[1]) + MathF.Tan(0.25f * z[0]);
                dz[1] = p[1] * MathF.Sinh(z[0]) - MathF.Cosh(0.5f * z[1]);
            }
        }
        """;

    private static readonly string[] Functions = ["Tan", "Atan", "Sinh", "Cosh"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void System_AllForms_CallOdeMathOrGpuMath(bool registerKernels)
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels, [Rotor, .. GpuContract.Sources()]);
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

    [Theory]
    [InlineData("Sinh", "Cosh")]
    [InlineData("Cosh", "Sinh")]
    public void OneHyperbolic_VjpCallsTheOtherThroughOdeMath(string function, string derivative)
    {
        string source = $$"""
            namespace OneHyperbolic{{function}};
            public static partial class S
            {
                [OdeDynamics(1, 1)]
                public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = p[0] * Math.{{function}}(z[0]);
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, source);
        Assert.Empty(run.Errors);
        string all = string.Join("\n", run.GeneratedSources);
        // The other function appears only as the derivative, so its presence is the VJP's rule going through the lowering.
        Assert.Contains("global::AcaKernels.Numerics.OdeMath." + derivative + "(", all, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Math." + derivative + "(", all, StringComparison.Ordinal);
    }

    [Fact]
    public void System_GeneratedCode_Compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: true, [Rotor, .. GpuContract.Sources()]);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    private static string Sources(GeneratorRun run, bool gpu) => string.Join("\n", run.Result.Results.SelectMany(r => r.GeneratedSources)
        .Where(s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal) == gpu).Select(s => s.SourceText.ToString()));
}
