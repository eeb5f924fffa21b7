namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// What the straight-line lane step VJP of a large system (the planar three-body problem, n = 12) hands between its parts
/// (benchmarks/RESULTS.md §33): adjointIn summed once in the last reverse stage from adjointOut and the input adjoints the
/// stages leave in scratch (no read-modify-write per stage), only the stage-input components a stage VJP reads stored for
/// it (the velocities, which f copies, are not), the last stage input's unread components not computed, and each
/// stage's step scales loaded into locals once. Bits are the lane tests' concern (LaneKernelTests,
/// LaneEngineThreeBodyTests compare every lane with the scalar kernels); this says which code they test.
/// </summary>
public sealed class StepVjpHandOverTests
{
    [Theory]
    [InlineData("DormandPrince5")]
    [InlineData("Tsitouras5")]
    public void PlanarThreeBody_LaneStepVjp_SumsAdjointInInTheLastReverseStage(string tableau)
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "PlanarOde"), "StepVjpLanes" + tableau);
        Assert.DoesNotContain("] += ib", body, StringComparison.Ordinal);
        Assert.DoesNotContain("] = adjointOut[", body, StringComparison.Ordinal);
        // Stages 5 … 1 leave their input adjoints in scratch; stage 0 adds its own last, in the reverse's order.
        Assert.Contains("] = (((((adjointOut[0] + scratch[", body, StringComparison.Ordinal);
        Assert.Contains("]) + ib0;", body, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanarThreeBody_LaneStepVjp_HandsOverOnlyThePositions()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "PlanarOde"), "StepVjpLanesDormandPrince5");
        Assert.Contains("] = y1_5;", body, StringComparison.Ordinal);
        Assert.DoesNotContain("] = y1_6;", body, StringComparison.Ordinal);
        // Stage 5's f is not replayed: its input's velocities are neither computed nor stored.
        Assert.Contains(" y5_5 = ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" y5_6 = ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanarThreeBody_LaneStepVjp_LoadsEachStagesStepScalesOnce()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.ThreeBody.cs", "PlanarOde"), "StepVjpLanesDormandPrince5");
        Assert.Contains(" hb0 = scratch[", body, StringComparison.Ordinal);
        Assert.Contains(", ha1_0 = scratch[", body, StringComparison.Ordinal);
        Assert.Contains("(ha1_0, ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Lorenz_LaneStepVjp_AccumulatesAdjointInInLocals()
    {
        string body = GeneratedKernelText.Body(Generated("Samples.Lorenz.cs", "partial struct"), "StepVjpLanesDormandPrince5");
        Assert.Contains("ai0 += ib0;", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" hb0 = ", body, StringComparison.Ordinal);
    }

    private static string Generated(string sample, string type) =>
        GeneratedKernelText.Sources(sample).First(source => source.Contains(type, StringComparison.Ordinal)
            && source.Contains("StepVjpLanesDormandPrince5(", StringComparison.Ordinal));
}
