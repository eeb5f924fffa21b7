using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The generated lane kernels (8 trajectories per Vector512, one per lane) against the scalar kernels at each
/// lane's inputs: bit for bit (NaN payloads aside). Straight-line lane code: Lorenz, the planar three-body problem,
/// LaneBranches, LaneTranscendentals (Tan, Atan, Sinh, Cosh), NestedValues (values the replay keeps); loop lane code: the tanh MLP (too large to unroll) and the
/// spatial four-body problem (n = 24).
/// </summary>
public sealed class LaneKernelTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Fact]
    public void LaneEvaluate_RandomLanes_EveryLaneIsBitIdenticalToEvaluate()
    {
        for (int trial = 0; trial < 10; trial++)
        {
            LaneReference.Evaluate<Lorenz.RhsOde>(LaneInputs.Random(100 + trial, 3, 3, 10, 10));
            LaneReference.Evaluate<NeuralOde.MlpOde>(LaneInputs.Random(200 + trial, 4, 148, 1, 0.5));
            LaneReference.Evaluate<NBody.PlanarOde>(LaneInputs.Random(300 + trial, 12, 3, 1, 1));
            LaneReference.Evaluate<NBody.SpatialOde>(LaneInputs.Random(400 + trial, 24, 4, 1, 1));
            LaneReference.Evaluate<LaneBranches.RhsOde>(LaneInputs.Random(500 + trial, 4, 2, 2, 2));
            LaneReference.Evaluate<LaneTranscendentals.RhsOde>(LaneInputs.Random(600 + trial, 3, 2, 4, 2));
            LaneReference.Evaluate<NestedValues.RhsOde>(LaneInputs.Random(700 + trial, 3, 4, 2, 2));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void LaneTrialStep_RandomLanes_EveryLaneIsBitIdenticalToTheFusedTrialStep(RungeKuttaMethod method)
    {
        for (int trial = 0; trial < 5; trial++)
        {
            int seed = 1000 * (int)method + trial;
            LaneReference.TrialStep<Lorenz.RhsOde>(method, LaneInputs.Random(seed, 3, 3, 10, 10));
            LaneReference.TrialStep<NeuralOde.MlpOde>(method, LaneInputs.Random(seed + 100, 4, 148, 1, 0.5));
            LaneReference.TrialStep<NBody.PlanarOde>(method, LaneInputs.Random(seed + 200, 12, 3, 1, 1));
            LaneReference.TrialStep<NBody.SpatialOde>(method, LaneInputs.Random(seed + 300, 24, 4, 1, 1));
            LaneReference.TrialStep<LaneBranches.RhsOde>(method, LaneInputs.Random(seed + 400, 4, 2, 2, 2));
            LaneReference.TrialStep<LaneTranscendentals.RhsOde>(method, LaneInputs.Random(seed + 500, 3, 2, 4, 2));
            LaneReference.TrialStep<NestedValues.RhsOde>(method, LaneInputs.Random(seed + 600, 3, 4, 2, 2));
        }
    }

    /// <summary>The lane step VJP (every fused method: register kernels where RegisterForm.Fits, else loop kernels)
    /// against the scalar TryFusedStepVjp, lane by lane, including the if-converted branches of LaneBranches in both
    /// sweeps.</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void LaneStepVjp_RandomLanes_EveryLaneIsBitIdenticalToTheFusedStepVjp(RungeKuttaMethod method)
    {
        for (int trial = 0; trial < 5; trial++)
        {
            int seed = 2000 * (int)method + trial;
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<Lorenz.RhsOde>(), method, LaneInputs.Random(seed, 3, 3, 10, 10), seed));
            // Straight-line bodies: the register kernel where it fits (planar three-body: HeunEuler and
            // BogackiShampine3; LaneBranches: all but DormandPrince853), else the loop kernel around the register VJP.
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<NBody.PlanarOde>(), method, LaneInputs.Random(seed + 200, 12, 3, 1, 1), seed));
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<LaneBranches.RhsOde>(), method, LaneInputs.Random(seed + 400, 4, 2, 2, 2), seed));
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<LaneTranscendentals.RhsOde>(), method, LaneInputs.Random(seed + 500, 3, 2, 4, 2), seed));
            // The replay keeps values nested in f's statements for the stage VJPs (ReplayReuse's hoisting).
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<NestedValues.RhsOde>(), method, LaneInputs.Random(seed + 600, 3, 4, 2, 2), seed));
            // Loop form (VectorJacobianProductLanes): every fused method.
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<NeuralOde.MlpOde>(), method, LaneInputs.Random(seed + 100, 4, 148, 1, 0.5), seed));
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<UnitNeuralOde.UnitMlpOde>(), method, LaneInputs.Random(seed + 150, 4, 148, 1, 0.5), seed));
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<NBody.SpatialOde>(), method, LaneInputs.Random(seed + 300, 24, 4, 1, 1), seed));
        }
    }

    /// <summary>Lanes at the edges of LaneBranches' branches: x = +0 and -0 (1/x, y/x and Clamp(-0, 0, 1) = -0),
    /// y = w (division by zero on the side taken), x·w = 0.25 exactly, w &gt; 1 (early return), p₁ = ±0 (Sign),
    /// halves for Round, and lanes that take every branch combination side by side.</summary>
    [Fact]
    public void LaneEvaluate_BranchEdges_EveryLaneIsBitIdenticalToEvaluate()
    {
        var inputs = new LaneInputs
        {
            T = [0, 0.5, 1, 2, -1, 3.25, 0.125, 7],
            H = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
            Z =
            [
                [0.0, 0.25, 2, 1], [-0.0, 0.25, 2, -1], [0.5, 0.3, 0.3, 0], [0.5, 0.2, 0.5, 2],
                [-0.5, -0.25, 0.5 / 3, 3], [2, -3, 1.5, -2], [-1.5, 2.5, -0.5, 0.5], [1e-300, -1e-300, 1e300, 0],
            ],
            P = [[1, 0.0], [1, -0.0], [2, 0.5], [-1, -0.5], [0.5, 1], [3, -2], [1, 0], [-0.0, 1]],
        };
        LaneReference.Evaluate<LaneBranches.RhsOde>(inputs);
        foreach (RungeKuttaMethod method in Unfused<double, Lorenz.RhsOde>.AdaptiveMethods)
        {
            LaneReference.TrialStep<LaneBranches.RhsOde>(method, inputs);
            LaneReference.StepVjp(LaneSystem.Of<LaneBranches.RhsOde>(), method, inputs, 31);
        }
    }

    /// <summary>NaN and ±∞ in some lanes: those lanes give what the scalar code gives there, and every other lane
    /// gives exactly what it gives in a run without the poisoned lanes.</summary>
    [Fact]
    public void PoisonedLanes_LeaveTheOtherLanesUnchanged()
    {
        Poison<Lorenz.RhsOde>(LaneInputs.Random(7, 3, 3, 10, 10));
        Poison<NeuralOde.MlpOde>(LaneInputs.Random(8, 4, 148, 1, 0.5));
        Poison<NBody.PlanarOde>(LaneInputs.Random(9, 12, 3, 1, 1));
        Poison<LaneBranches.RhsOde>(LaneInputs.Random(10, 4, 2, 2, 2));
    }

    private static void Poison<TDynamics>(LaneInputs clean) where TDynamics : IOdeDynamics<double>
    {
        LaneInputs poisoned = clean.Clone();
        poisoned.Z[1][0] = double.NaN;
        poisoned.Z[4][TDynamics.StateSize - 1] = double.PositiveInfinity;
        poisoned.Z[6][0] = double.NegativeInfinity;
        poisoned.H[6] = double.NaN;
        int[] healthy = [0, 2, 3, 5, 7];
        Vector512<double>[] before = LaneReference.Evaluate<TDynamics>(clean), after = LaneReference.Evaluate<TDynamics>(poisoned);
        AssertLanesEqual(before, after, healthy, "dz");
        foreach (RungeKuttaMethod method in Unfused<double, Lorenz.RhsOde>.AdaptiveMethods)
        {
            var cleanStep = LaneReference.TrialStep<TDynamics>(method, clean);
            var poisonedStep = LaneReference.TrialStep<TDynamics>(method, poisoned);
            AssertLanesEqual(cleanStep.ZNew, poisonedStep.ZNew, healthy, method + " zNew");
            AssertLanesEqual(cleanStep.Error, poisonedStep.Error, healthy, method + " error");
            // Every lane of the step VJP equals the scalar one at that lane's inputs, poisoned lanes included.
            LaneReference.StepVjp(LaneSystem.Of<TDynamics>(), method, poisoned, 77);
            Assert.True(double.IsNaN(poisonedStep.ZNew[0][1]), "the NaN lane propagates NaN");
        }
    }

    private static void AssertLanesEqual(Vector512<double>[] expected, Vector512<double>[] actual, int[] lanes, string what)
    {
        foreach (int lane in lanes)
            LaneInputs.AssertSame(LaneInputs.Lane(expected, lane), LaneInputs.Lane(actual, lane), $"{what} lane {lane}");
    }

    [Fact]
    public void FixedStepMethods_HaveNoLaneTrialStep()
    {
        var buffer = new Vector512<double>[64];
        foreach (RungeKuttaMethod method in new[] { RungeKuttaMethod.Euler, RungeKuttaMethod.Midpoint, RungeKuttaMethod.Rk4 })
            Assert.False(Lorenz.RhsOde.TryLaneTrialStep(ButcherTableaus.Get(method), default, default, buffer.AsSpan(0, 3), buffer.AsSpan(0, 3),
                buffer, buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3), buffer.AsSpan(0, 1)));
    }

    [Fact]
    public void FloatSystem_HasNoLaneKernels() => Assert.False(LaneHooks<float, LorenzSingle.RhsOde>.Evaluate());

    [Fact]
    public void ShortSpan_ThrowsArgumentExceptionNamingIt()
    {
        var buffer = new Vector512<double>[256];
        var e = Assert.Throws<ArgumentException>(() => Lorenz.RhsOde.TryLaneEvaluate(default, buffer.AsSpan(0, 2), buffer.AsSpan(0, 3), buffer.AsSpan(0, 3)));
        Assert.Equal("z", e.ParamName);
        Assert.Contains("holds 2 vectors", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => NeuralOde.MlpOde.TryLaneTrialStep(DormandPrince5.Tableau, default, default,
            buffer.AsSpan(0, 4), buffer.AsSpan(0, 148), buffer.AsSpan(0, 27), buffer.AsSpan(0, 4), buffer.AsSpan(0, 4), buffer.AsSpan(0, 4),
            buffer.AsSpan(0, 4), buffer.AsSpan(0, 4), buffer.AsSpan(0, 1)));
        Assert.Equal("stages", e.ParamName);
    }

    /// <summary>Calls the hooks through the interface (the default for a type that has no lane kernels).</summary>
    private static class LaneHooks<T, TDynamics> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TDynamics : IOdeDynamics<T>
    {
        public static bool Evaluate()
        {
            var buffer = new Vector512<T>[8];
            return TDynamics.TryLaneEvaluate(default, buffer, buffer, buffer);
        }
    }
}
