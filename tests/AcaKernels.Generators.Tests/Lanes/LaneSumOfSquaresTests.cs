using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The RMS norm's sum of squares that the lane trial steps write (TryLaneTrialStep's sumOfSquares) at the edges of
/// the range: lanes whose state is NaN, ±∞, 0, or far from 1 (so that |z| or |zNew| decides the scale), against the
/// scalar reference of ErrorNorm's operations lane by lane (LaneTolerances), in the register form (Lorenz), the loop
/// form (the MLP) and the system whose pair kernel is the memory form (three-body). Random lanes of every fused method
/// and system are checked in LaneReference.TrialStep, the pair's sums against the single kernel's in LaneTrialStepPairTests.
/// </summary>
public sealed class LaneSumOfSquaresTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void SumOfSquares_NonFiniteAndExtremeLanes_IsTheReferenceLaneByLane(RungeKuttaMethod method)
    {
        Check<Lorenz.RhsOde>(method, LaneInputs.Random(7000 + (int)method, 3, 3, 10, 10));
        Check<ThreeBody.PlanarOde>(method, LaneInputs.Random(7100 + (int)method, 12, 3, 1, 1));
        Check<NeuralOde.MlpOde>(method, LaneInputs.Random(7200 + (int)method, 4, 148, 1, 0.5));
    }

    [Fact]
    public void ShortSumSpan_ThrowsNamingIt()
    {
        var buffer = new Vector512<double>[64];
        var e = Assert.Throws<ArgumentException>(() => Lorenz.RhsOde.TryLaneTrialStep(DormandPrince5.Tableau, default, default, buffer.AsSpan(0, 3),
            buffer.AsSpan(0, 3), buffer.AsSpan(0, 21), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3),
            buffer.AsSpan(0, 3), Span<Vector512<double>>.Empty));
        Assert.Equal("sumOfSquares", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Lorenz.RhsOde.TryLaneTrialStep(DormandPrince5.Tableau, default, default, buffer.AsSpan(0, 3),
            buffer.AsSpan(0, 3), buffer.AsSpan(0, 21), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 2),
            buffer.AsSpan(0, 3), buffer.AsSpan(0, 1)));
        Assert.Equal("atol", e.ParamName);
        Assert.Contains("holds 2 vectors", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Lanes 1–6 poisoned or pushed to the edges; lanes 0 and 7 as drawn. LaneReference checks every lane's
    /// sum (and √(Σ/n) against ErrorNorm.Rms where it is defined) and the other outputs against the scalar kernel.</summary>
    private static void Check<TDynamics>(RungeKuttaMethod method, LaneInputs inputs) where TDynamics : IOdeDynamics<double>
    {
        inputs.Z[1][0] = double.NaN;
        inputs.Z[2][1] = double.PositiveInfinity;
        inputs.Z[3][0] = double.NegativeInfinity;
        Array.Fill(inputs.Z[4], 0.0);
        for (int j = 0; j < inputs.Z[5].Length; j++) inputs.Z[5][j] *= 1e150;
        for (int j = 0; j < inputs.Z[6].Length; j++) inputs.Z[6][j] *= 1e-150;
        inputs.H[6] = 1e-200;
        LaneReference.TrialStep<TDynamics>(method, inputs);
    }
}
