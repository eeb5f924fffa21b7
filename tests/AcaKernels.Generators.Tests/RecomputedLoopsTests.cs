using AcaKernels.Generators.Tests.Gpu;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The GPU form recomputes a loop whose iterations stand alone (the unit-by-unit tanh-MLP) in the reverse sweep
/// instead of taping it (Passes/Reverse/RecomputedLoops): its VJP keeps no tape in local memory and has no forward
/// sweep (its state-only VJP, which the step VJPs chain before their parameter sweep, see StageParameterSweepTests),
/// while the CPU forms keep the tape (faster there). Both give the same bits: ReverseModeTests checks that on
/// the IR, AcaKernels.Gpu.Tests' CpuAcceleratorTests on the generated kernels (SweptMlp is written unit by unit); the
/// gradients themselves are checked with every sample (SampleGradientTests, "UnitTanhMlp").
/// </summary>
public sealed class RecomputedLoopsTests
{
    [Fact]
    public void UnitLoop_GpuFormKeepsNoTape_CpuFormKeepsIt()
    {
        GeneratorRun run = GeneratorHarness.Run([SampleCase.Get("UnitTanhMlp").Source(), .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        string gpu = GeneratedMethod.Text(Assert.Single(run.GeneratedSources, s => s.Contains("UnitMlpOde", StringComparison.Ordinal)
            && s.Contains("public static class Gpu", StringComparison.Ordinal)), "private static double StateVectorJacobianProduct(");
        string cpu = GeneratedMethod.Text(Assert.Single(run.GeneratedSources, s => s.Contains("UnitMlpOde", StringComparison.Ordinal)
            && !s.Contains("public static class Gpu", StringComparison.Ordinal)), "public static double VectorJacobianProduct(");
        Assert.DoesNotContain("tape", gpu, StringComparison.Ordinal);
        Assert.DoesNotContain("Forward sweep", gpu, StringComparison.Ordinal);
        Assert.Contains("tape", cpu, StringComparison.Ordinal);
    }
}
