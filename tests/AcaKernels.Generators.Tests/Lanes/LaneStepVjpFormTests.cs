using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Which form each step VJP takes. The lane step VJP has a budget of its own (RegisterForm.FitsLaneStepVjp), larger than
/// the fused kernels' (RegisterForm.Fits), so the planar three-body problem's Dormand-Prince 5 and Tsitouras 5 lane
/// backward is one straight-line method while its scalar and GPU backward keep the loop form; the spatial one (over
/// the register form's state limit) and loop bodies keep the loop form everywhere. Bits are the lane tests' concern
/// (LaneEngineThreeBodyTests, LaneKernelTests); this says which code they test.
/// </summary>
public sealed class LaneStepVjpFormTests
{
    /// <summary>The plain kernel takes the lane budget; the one with time terms (a few steps per trajectory) keeps the
    /// fused budget, since its straight-line form gained nothing and its IL neared the JIT's MinOpts switch.</summary>
    [Theory]
    [InlineData("DormandPrince5", true, false)]
    [InlineData("Tsitouras5", true, false)]
    [InlineData("BogackiShampine3", true, true)]
    [InlineData("DormandPrince853", false, false)]
    public void PlanarThreeBody_LaneStepVjp_StraightLineWithinItsBudget(string tableau, bool straight, bool straightWithTime)
    {
        string generated = Generated("PlanarOde");
        Assert.Equal(!straight, GeneratedKernelText.Body(generated, "StepVjpLanes" + tableau).Contains("VectorJacobianProductLanes", StringComparison.Ordinal));
        Assert.Equal(!straightWithTime, GeneratedKernelText.Body(generated, "StepVjpWithTimeLanes" + tableau).Contains("VectorJacobianProductLanes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DormandPrince5")]
    [InlineData("Tsitouras5")]
    [InlineData("DormandPrince853")]
    public void PlanarThreeBody_ScalarStepVjp_KeepsTheLoopFormOverTheFusedBudget(string tableau) =>
        Assert.Contains("VectorJacobianProduct(", GeneratedKernelText.Body(Generated("PlanarOde"), "StepVjp" + tableau), StringComparison.Ordinal);

    [Theory]
    [InlineData("DormandPrince5")]
    [InlineData("DormandPrince853")]
    public void SpatialThreeBody_LaneStepVjp_KeepsTheLoopForm(string tableau) =>
        Assert.Contains("VectorJacobianProductLanes(", GeneratedKernelText.Body(Generated("SpatialOde"), "StepVjpLanes" + tableau), StringComparison.Ordinal);

    /// <summary>The straight-line replay keeps f's roots and quotients for the stage VJPs in the scratch's tail, as the
    /// loop form does, so the system declares the tail: 6 values (3 r, 3 c) per stage, for the most stages of any
    /// kernel that keeps them (DormandPrince853's).</summary>
    [Fact]
    public void PlanarThreeBody_WorkspaceHoldsTheKeptValuesOfEveryForm()
    {
        int stages = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince853).Stages;
        Assert.Contains($"public static int LaneStepVjpWorkspaceLength => {6 * stages};", Generated("PlanarOde"), StringComparison.Ordinal);
    }

    private static string Generated(string type) =>
        Assert.Single(GeneratedKernelText.Sources("Samples.ThreeBody.cs"), source => source.Contains($"partial struct {type}", StringComparison.Ordinal));
}
