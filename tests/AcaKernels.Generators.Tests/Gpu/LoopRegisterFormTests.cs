using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests.Gpu;

/// <summary>
/// The register form of loop-form systems with a small state (GpuLoopRegisterEmitter and FusedStepEmitter's
/// registerStages): the steppers implement the register trial-step contract with θ as a GpuParameterView, the trial step
/// calls the register f per stage, and the view form's kernels index every per-thread array at constants only (no
/// component loop, no slice of scratch), which is what lets ILGPU keep them in registers (the GPU tests' PTX checks
/// measure that). A state beyond RegisterForm.MaxState keeps the loops and the plain contract.
/// </summary>
public sealed class LoopRegisterFormTests
{
    private static string GpuFile(string sample, string structName)
    {
        GeneratorRun run = GeneratorHarness.Run([SampleCase.Get(sample).Source(), .. GpuContract.Sources()]);
        Assert.Empty(run.Errors);
        return Assert.Single(run.GeneratedSources, s => s.Contains(structName, StringComparison.Ordinal)
            && s.Contains("public static class Gpu", StringComparison.Ordinal));
    }

    [Fact]
    public void SmallLoopFormState_GetsTheRegisterTrialStep_AndConstantIndicesOnly()
    {
        string gpu = GpuFile("UnitTanhMlp", "UnitMlpOde");
        Assert.Contains("public struct DormandPrince5 : global::AcaKernels.Gpu.IGpuRegisterTrialStepper<double, RegisterState, " +
            "global::AcaKernels.Gpu.GpuParameterView<double>>", gpu, StringComparison.Ordinal);
        Assert.Contains("public struct RegisterState : global::AcaKernels.Gpu.IGpuRegisterVector<double, RegisterState>", gpu, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterParameters", gpu, StringComparison.Ordinal); // θ stays in device memory

        // Six stages after k₀, each through the register f (which runs the view form over per-thread arrays).
        string trial = GeneratedMethod.Text(gpu, "private static RegisterState RegisterTrialStepDormandPrince5(");
        Assert.Equal(6, Regex.Matches(trial, @"RegisterState k\d = Evaluate\(t \+ [^,]+ \* h, y\d, p\);").Count);

        foreach (string method in new[] { "private static void TrialStepDormandPrince5(", "private static void StepVjpDormandPrince5(",
                     "private static void StepVjpWithTimeDormandPrince5(", "private static void ParameterGradientDormandPrince5(" })
        {
            string body = GeneratedMethod.Text(gpu, method);
            Assert.DoesNotContain("for (int j", body, StringComparison.Ordinal);
            Assert.DoesNotContain("[j]", body, StringComparison.Ordinal);
            Assert.DoesNotContain("elementIndex", body, StringComparison.Ordinal);
            if (!method.Contains("TrialStep", StringComparison.Ordinal)) Assert.DoesNotContain("scratch.SubView", body, StringComparison.Ordinal);
        }
        // The step VJP's stage arrays are arrays of their own: y1…y5, k0…k5, kBar0…kBar5 and inputBar (the time terms need every k).
        Assert.Equal(18, Regex.Matches(GeneratedMethod.Text(gpu, "private static void StepVjpWithTimeDormandPrince5("),
            @"= global::ILGPU\.LocalMemory\.Allocate<double>\(4\);").Count);
    }

    [Fact]
    public void StateBeyondTheRegisterLimit_KeepsTheLoops_AndThePlainContract()
    {
        string gpu = GpuFile("ForcedLattice", "LatticeOde");
        Assert.Contains("public struct DormandPrince5 : global::AcaKernels.Gpu.IGpuStepper<double>", gpu, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterState", gpu, StringComparison.Ordinal);
        Assert.Contains("for (int j = 0; j < 20; j++)", GeneratedMethod.Text(gpu, "private static void StepVjpDormandPrince5("), StringComparison.Ordinal);
        Assert.Contains("scratch.SubView(", GeneratedMethod.Text(gpu, "private static void StepVjpDormandPrince5("), StringComparison.Ordinal);
    }
}
