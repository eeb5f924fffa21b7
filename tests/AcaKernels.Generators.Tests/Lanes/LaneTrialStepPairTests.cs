using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The two-group lane trial step (TryLaneTrialStepPair: both groups' statements interleaved in one method) against
/// two calls of the single-group kernel, one per group, on random lanes: every stage, new state and error of both
/// groups bit for bit (NaN payloads aside, see <see cref="LaneInputs.AssertSame"/>), with NaN and ±∞ in some lanes of
/// one group, which must leave the other group and that group's healthy lanes as they are. The single kernel is
/// checked against the scalar kernels lane by lane in LaneKernelTests.
/// </summary>
public sealed class LaneTrialStepPairTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void PairTrialStep_RandomLanes_EachGroupIsBitIdenticalToTheSingleKernel(RungeKuttaMethod method)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            int seed = 3000 * (int)method + 10 * trial;
            Assert.True(Compare<Lorenz.RhsOde>(method, LaneInputs.Random(seed, 3, 3, 10, 10), LaneInputs.Random(seed + 1, 3, 3, 10, 10)));
            Assert.True(Compare<LaneBranches.RhsOde>(method, LaneInputs.Random(seed + 2, 4, 2, 2, 2), LaneInputs.Random(seed + 3, 4, 2, 2, 2)));
            Assert.True(Compare<PairNames.RhsOde>(method, LaneInputs.Random(seed + 4, 3, 2, 2, 2), LaneInputs.Random(seed + 5, 3, 2, 2, 2)));
            // The planar three-body problem's: two groups' state, stage inputs and values exceed the registers, so its
            // pair kernel is the memory form (RegisterForm.TrialStepPair), with the single kernel's bits all the same;
            // none for Dormand-Prince 8, whose doubled 12-stage kernel passes the kernel budget.
            Assert.Equal(method != RungeKuttaMethod.DormandPrince853,
                Compare<NBody.PlanarOde>(method, LaneInputs.Random(seed + 6, 12, 3, 1, 1), LaneInputs.Random(seed + 7, 12, 3, 1, 1)));
            Assert.Equal(method != RungeKuttaMethod.DormandPrince853,
                Compare<ThreeBody.PlanarOde>(method, LaneInputs.Random(seed + 8, 12, 3, 1, 1), LaneInputs.Random(seed + 9, 12, 3, 1, 1)));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void PairTrialStep_PoisonedLanesInOneGroup_LeaveEverythingElseBitIdentical(RungeKuttaMethod method)
    {
        Poisoned<Lorenz.RhsOde>(method, 3, 3, 10);
        // The memory form (the planar three-body problem's) reads the state from its span at each use: the same holds.
        if (method != RungeKuttaMethod.DormandPrince853) Poisoned<ThreeBody.PlanarOde>(method, 12, 3, 1);
    }

    /// <summary>NaN and ±∞ in some lanes of one group (state, h, t): the other group and the healthy lanes are the
    /// clean run's bit for bit, and a poisoned lane's NaN reaches its new state.</summary>
    private static void Poisoned<TDynamics>(RungeKuttaMethod method, int n, int m, double scale) where TDynamics : IOdeDynamics<double>
    {
        foreach (bool poisonFirst in new[] { false, true })
        {
            int seed = 4000 * (int)method + (poisonFirst ? 1 : 0);
            LaneInputs clean = LaneInputs.Random(seed, n, m, scale, scale), other = LaneInputs.Random(seed + 2, n, m, scale, scale);
            LaneInputs poisoned = clean.Clone();
            poisoned.Z[1][0] = double.NaN;
            poisoned.Z[4][2] = double.PositiveInfinity;
            poisoned.Z[6][0] = double.NegativeInfinity;
            poisoned.H[6] = double.NaN;
            poisoned.T[3] = double.PositiveInfinity;
            (LaneInputs g0, LaneInputs g1) = poisonFirst ? (poisoned, other) : (other, poisoned);
            Assert.True(Compare<TDynamics>(method, g0, g1));
            Vector512<double>[][] cleanRun = Pair<TDynamics>(method, poisonFirst ? clean : other, poisonFirst ? other : clean)!;
            Vector512<double>[][] poisonedRun = Pair<TDynamics>(method, g0, g1)!;
            int[] healthy = [0, 2, 5, 7];
            for (int buffer = 0; buffer < cleanRun.Length; buffer++)
                for (int v = 0; v < cleanRun[buffer].Length; v++)
                    foreach (int lane in Enumerable.Range(0, LaneInputs.Lanes))
                    {
                        bool poisonedLane = (v >= cleanRun[buffer].Length / 2) != poisonFirst && !healthy.Contains(lane);
                        if (poisonedLane) continue;
                        Assert.Equal(BitConverter.DoubleToInt64Bits(cleanRun[buffer][v][lane]), BitConverter.DoubleToInt64Bits(poisonedRun[buffer][v][lane]));
                    }
            Vector512<double>[] zNew = poisonedRun[1];
            Assert.True(double.IsNaN(zNew[poisonFirst ? 0 : n][1]), "the NaN lane propagates NaN");
        }
    }

    [Fact]
    public void LoopFormSystems_HaveNoPairKernel()
    {
        foreach (RungeKuttaMethod method in Unfused<double, Lorenz.RhsOde>.AdaptiveMethods)
        {
            Assert.Null(Pair<NeuralOde.MlpOde>(method, LaneInputs.Random(5, 4, 148, 1, 0.5), LaneInputs.Random(6, 4, 148, 1, 0.5)));
            Assert.Null(Pair<NBody.SpatialOde>(method, LaneInputs.Random(7, 24, 4, 1, 1), LaneInputs.Random(8, 24, 4, 1, 1)));
        }
    }

    [Fact]
    public void PairTrialStep_TooShortSpan_ThrowsSayingWhichAndHowMany()
    {
        var z = new Vector512<double>[3];
        var e = Assert.Throws<ArgumentException>(() => Lorenz.RhsOde.TryLaneTrialStepPair(DormandPrince5.Tableau, default, default, default, default,
            z, new Vector512<double>[6], new Vector512<double>[42], new Vector512<double>[6], new Vector512<double>[6], new Vector512<double>[6],
            new Vector512<double>[3], new Vector512<double>[3], new Vector512<double>[2]));
        Assert.Equal("z", e.ParamName);
        Assert.Contains("needs 6", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The pair kernel on (<paramref name="g0"/>, <paramref name="g1"/>) against the single kernel on each; false
    /// when the system has no pair kernel for the method.</summary>
    internal static bool Compare<TDynamics>(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1) where TDynamics : IOdeDynamics<double>
    {
        if (Pair<TDynamics>(method, g0, g1) is not { } pair) return false;
        Vector512<double>[][] single0 = Single<TDynamics>(method, g0), single1 = Single<TDynamics>(method, g1);
        string[] names = ["stages", "zNew", "error", "error2", "sumOfSquares"];
        for (int buffer = 0; buffer < names.Length; buffer++)
        {
            int half = single0[buffer].Length;
            for (int lane = 0; lane < LaneInputs.Lanes; lane++)
            {
                string what = $"{typeof(TDynamics).Name} {method} lane {lane} {names[buffer]}";
                LaneInputs.AssertSame(LaneInputs.Lane(single0[buffer], lane), LaneInputs.Lane(pair[buffer][..half], lane), what + " group 0");
                LaneInputs.AssertSame(LaneInputs.Lane(single1[buffer], lane), LaneInputs.Lane(pair[buffer][half..], lane), what + " group 1");
            }
        }
        return true;
    }

    /// <summary>Stage 0 of a group: f at its inputs (as the engine keeps it), from the lane f kernel.</summary>
    private static Vector512<double>[] StageZero<TDynamics>(LaneInputs g) where TDynamics : IOdeDynamics<double>
    {
        var k0 = new Vector512<double>[TDynamics.StateSize];
        Assert.True(TDynamics.TryLaneEvaluate(LaneInputs.Pack(g.T), LaneInputs.Pack(g.Z, TDynamics.StateSize), LaneInputs.Pack(g.P, TDynamics.ParameterSize), k0));
        return k0;
    }

    /// <summary>stages, zNew, error, error2 and the RMS norm's sum of squares of one group by the single kernel.</summary>
    private static Vector512<double>[][] Single<TDynamics>(RungeKuttaMethod method, LaneInputs g) where TDynamics : IOdeDynamics<double>
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        var stages = new Vector512<double>[tableau.Stages * n];
        StageZero<TDynamics>(g).CopyTo(stages, 0);
        Vector512<double>[] zNew = new Vector512<double>[n], error = new Vector512<double>[n], error2 = new Vector512<double>[n];
        Vector512<double>[] sumOfSquares = new Vector512<double>[1];
        Assert.True(TDynamics.TryLaneTrialStep(tableau, LaneInputs.Pack(g.T), LaneInputs.Pack(g.H), LaneInputs.Pack(g.Z, n), LaneInputs.Pack(g.P, m),
            stages, zNew, error, error2, LaneTolerances.Broadcast(LaneTolerances.Absolute(n)), LaneTolerances.Broadcast(LaneTolerances.Relative(n)),
            sumOfSquares));
        return [stages, zNew, error, error2, sumOfSquares];
    }

    /// <summary>stages, zNew, error, error2 and the sums of squares of both groups (group 0's half first) by the pair kernel, or null when the
    /// system has none for the method.</summary>
    internal static Vector512<double>[][]? Pair<TDynamics>(RungeKuttaMethod method, LaneInputs g0, LaneInputs g1) where TDynamics : IOdeDynamics<double>
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize, sn = tableau.Stages * n;
        var stages = new Vector512<double>[2 * sn];
        StageZero<TDynamics>(g0).CopyTo(stages, 0);
        StageZero<TDynamics>(g1).CopyTo(stages, sn);
        Vector512<double>[] z = [.. LaneInputs.Pack(g0.Z, n), .. LaneInputs.Pack(g1.Z, n)], p = [.. LaneInputs.Pack(g0.P, m), .. LaneInputs.Pack(g1.P, m)];
        Vector512<double>[] zNew = new Vector512<double>[2 * n], error = new Vector512<double>[2 * n], error2 = new Vector512<double>[2 * n];
        Vector512<double>[] sumOfSquares = new Vector512<double>[2];
        if (!TDynamics.TryLaneTrialStepPair(tableau, LaneInputs.Pack(g0.T), LaneInputs.Pack(g0.H), LaneInputs.Pack(g1.T), LaneInputs.Pack(g1.H),
            z, p, stages, zNew, error, error2, LaneTolerances.Broadcast(LaneTolerances.Absolute(n)), LaneTolerances.Broadcast(LaneTolerances.Relative(n)),
            sumOfSquares))
            return null;
        return [stages, zNew, error, error2, sumOfSquares];
    }
}
