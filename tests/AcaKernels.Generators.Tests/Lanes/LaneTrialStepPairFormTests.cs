namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Which two-group lane trial step each system gets (RegisterForm.TrialStepPair): Lorenz the register form (both
/// groups' state and stage values in locals), the planar three-body problem the memory form (stage values, the state
/// and θ read through refs to the spans, f's values alone in locals), Dormand-Prince 8 none for the three-body problem
/// (its doubled kernel passes the kernel budget). Bits are LaneTrialStepPairTests' concern; this says which code they test.
/// </summary>
public sealed class LaneTrialStepPairFormTests
{
    [Theory]
    [InlineData("DormandPrince5")]
    [InlineData("Tsitouras5")]
    [InlineData("BogackiShampine3")]
    public void PlanarThreeBody_PairTrialStep_IsTheMemoryForm(string tableau)
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "partial struct PlanarOde"), "TrialStepPairLanes" + tableau);
        Assert.Contains("ref global::System.Runtime.Intrinsics.Vector512<double> stagesRef", body, StringComparison.Ordinal);
        Assert.DoesNotContain("stages[", body, StringComparison.Ordinal);
        // No state locals held through the step: z is read where each stage input is summed.
        Assert.DoesNotContain(" z0 = ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanarThreeBody_DormandPrince853_HasNoPairTrialStep() =>
        Assert.DoesNotContain("private static void TrialStepPairLanesDormandPrince853(",
            Generated("Samples.ThreeBody.cs", "partial struct PlanarOde"), StringComparison.Ordinal);

    [Fact]
    public void Lorenz_PairTrialStep_KeepsTheRegisterForm()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.Lorenz.cs", "partial struct"), "TrialStepPairLanesDormandPrince5");
        Assert.Contains(" z0 = z[0]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("stagesRef", body, StringComparison.Ordinal);
    }

    private static string Generated(string sample, string type) =>
        GeneratedKernelText.Sources(sample).First(source => source.Contains(type, StringComparison.Ordinal) && source.Contains("TrialStepLanes", StringComparison.Ordinal));
}
