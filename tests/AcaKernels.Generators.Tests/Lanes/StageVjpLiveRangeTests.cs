namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Where the straight-line lane step VJP of a large system (n above the reverse budget: the planar three-body problem,
/// n = 12) prints its short-lived values (StageVjpLiveRanges, the StepScales part): each seed summed right before the
/// reverse statement that first reads it, h·bᵢ and h·a_li in scratch from the reverse's start (each stage loads its own
/// into locals), the replay reading the
/// state from z; a small system (Lorenz, n = 3) keeps the form it was measured in. Bits are the lane tests' concern
/// (LaneKernelTests, LaneEngineThreeBodyTests compare every lane with the scalar kernels); this says which code they test.
/// </summary>
public sealed class StageVjpLiveRangeTests
{
    [Theory]
    [InlineData("DormandPrince5")]
    [InlineData("Tsitouras5")]
    public void PlanarThreeBody_LaneStepVjp_SeedsSummedWhereTheReverseFirstReadsThem(string tableau)
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "PlanarOde"), "StepVjpLanes" + tableau);
        Assert.DoesNotContain(" kb0", body, StringComparison.Ordinal);
        // Stage 5's reverse reads the output adjoint 11 first: its seed comes after the stage VJP's forward sweep.
        int sweep = body.IndexOf("// Reverse sweep.", StringComparison.Ordinal);
        int seed = body.IndexOf(" db11 = hb5 * adjointOut[11]", StringComparison.Ordinal);
        Assert.True(sweep >= 0 && seed > sweep, "seed 11 is not summed after the forward sweep");
        Assert.DoesNotContain(" ib0 = ", body[..sweep], StringComparison.Ordinal);
    }

    [Fact]
    public void PlanarThreeBody_LaneStepVjp_StepScalesInScratchStateFromZ()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "PlanarOde"), "StepVjpLanesDormandPrince5");
        Assert.Contains("// The reverse's step-scaled coefficients", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" hb = ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" ha5 = ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" z0 = z[0]", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Lorenz_LaneStepVjp_KeepsTheSmallSystemsForm()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.Lorenz.cs", "partial struct"), "StepVjpLanesDormandPrince5");
        Assert.Contains(" kb0 = hb * ", body, StringComparison.Ordinal);
        Assert.Contains(" z0 = z[0]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("// The reverse's step-scaled coefficients", body, StringComparison.Ordinal);
    }

    private static string Generated(string sample, string type) =>
        GeneratedKernelText.Sources(sample).First(source => source.Contains(type, StringComparison.Ordinal)
            && source.Contains("StepVjpLanesDormandPrince5(", StringComparison.Ordinal));
}
