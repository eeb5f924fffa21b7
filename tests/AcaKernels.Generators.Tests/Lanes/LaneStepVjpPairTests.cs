using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The two-group lane step VJP (TryLaneStepVjpPair: two independent sets of eight lanes in one call, interleaved)
/// against TryLaneStepVjp on each set alone: adjointIn and the running ∂L/∂θ bit for bit in every lane of both sets,
/// on different random inputs per set (so a mixed-up name between the groups would show). It exists exactly where
/// the straight-line lane step VJP does; loop-form bodies have none (the hook returns false).
/// </summary>
public sealed class LaneStepVjpPairTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void LaneStepVjpPair_RandomLanes_EachGroupIsBitIdenticalToTheSingleKernel(RungeKuttaMethod method)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            int seed = 3000 * (int)method + 10 * trial;
            Assert.True(PairMatchesSingles<Lorenz.RhsOde>(method, seed, 3, 3, 10, 10));
            Assert.Equal(method is RungeKuttaMethod.HeunEuler or RungeKuttaMethod.BogackiShampine3,
                PairMatchesSingles<NBody.PlanarOde>(method, seed + 2, 12, 3, 1, 1));
            Assert.Equal(method != RungeKuttaMethod.DormandPrince853, PairMatchesSingles<LaneBranches.RhsOde>(method, seed + 4, 4, 2, 2, 2));
            Assert.False(PairMatchesSingles<NeuralOde.MlpOde>(method, seed + 6, 4, 148, 1, 0.5));
            Assert.False(PairMatchesSingles<NBody.SpatialOde>(method, seed + 8, 24, 4, 1, 1));
        }
    }

    /// <summary>False when the system has no pair kernel for <paramref name="method"/>; else asserts both groups'
    /// results equal the single kernel's and returns true.</summary>
    private static bool PairMatchesSingles<TSys>(RungeKuttaMethod method, int seed, int n, int m, double stateScale, double parameterScale)
        where TSys : IOdeDynamics<double>
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        LaneInputs a = LaneInputs.Random(seed, n, m, stateScale, parameterScale), b = LaneInputs.Random(seed + 1, n, m, stateScale, parameterScale);
        var random = new Random(seed);
        Vector512<double>[] RandomVectors(int count) => Enumerable.Range(0, count)
            .Select(_ => Vector512.Create(Enumerable.Range(0, LaneInputs.Lanes).Select(_ => random.NextDouble() * 2 - 1).ToArray())).ToArray();
        Vector512<double>[] adjointOutA = RandomVectors(n), adjointOutB = RandomVectors(n), gradPA = RandomVectors(m), gradPB = RandomVectors(m);
        int scratch = (3 * tableau.Stages + 1) * n;

        Vector512<double>[] pairInA = new Vector512<double>[n], pairInB = new Vector512<double>[n];
        Vector512<double>[] pairGradA = (Vector512<double>[])gradPA.Clone(), pairGradB = (Vector512<double>[])gradPB.Clone();
        if (!TSys.TryLaneStepVjpPair(tableau,
                LaneInputs.Pack(a.T), LaneInputs.Pack(a.H), LaneInputs.Pack(a.Z, n), LaneInputs.Pack(a.P, m), adjointOutA, pairInA, pairGradA,
                new Vector512<double>[scratch],
                LaneInputs.Pack(b.T), LaneInputs.Pack(b.H), LaneInputs.Pack(b.Z, n), LaneInputs.Pack(b.P, m), adjointOutB, pairInB, pairGradB,
                new Vector512<double>[scratch]))
            return false;

        foreach ((LaneInputs inputs, Vector512<double>[] adjointOut, Vector512<double>[] gradP, Vector512<double>[] pairIn, Vector512<double>[] pairGrad, string group) in
                 new[] { (a, adjointOutA, gradPA, pairInA, pairGradA, "A"), (b, adjointOutB, gradPB, pairInB, pairGradB, "B") })
        {
            var adjointIn = new Vector512<double>[n];
            var grad = (Vector512<double>[])gradP.Clone();
            Assert.True(TSys.TryLaneStepVjp(tableau, LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.H), LaneInputs.Pack(inputs.Z, n),
                LaneInputs.Pack(inputs.P, m), adjointOut, adjointIn, grad, new Vector512<double>[scratch]));
            for (int lane = 0; lane < LaneInputs.Lanes; lane++)
            {
                LaneInputs.AssertSame(LaneInputs.Lane(adjointIn, lane), LaneInputs.Lane(pairIn, lane), $"{typeof(TSys).Name} {method} group {group} lane {lane} adjointIn");
                LaneInputs.AssertSame(LaneInputs.Lane(grad, lane), LaneInputs.Lane(pairGrad, lane), $"{typeof(TSys).Name} {method} group {group} lane {lane} gradP");
            }
        }
        return true;
    }
}
