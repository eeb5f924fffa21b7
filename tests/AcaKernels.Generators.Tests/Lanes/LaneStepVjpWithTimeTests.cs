using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// TryLaneStepVjpWithTime (the lane step backward that also gives ∂L/∂h and Σ vᵀ∂f/∂t per lane) against the generic
/// scalar stepper with time gradients, lane by lane, bit for bit (<see cref="LaneInputs.AssertSame"/>). It exists
/// exactly where TryLaneStepVjp does (straight-line systems whose kernel fits, and loop-form bodies).
/// </summary>
public sealed class LaneStepVjpWithTimeTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void RandomLanes_EveryLaneIsBitIdenticalToTheGenericStepperWithTimeTerms(RungeKuttaMethod method)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        for (int trial = 0; trial < 5; trial++)
        {
            int seed = 3000 * (int)method + trial;
            Assert.True(Check<Lorenz.RhsOde>(tableau, LaneInputs.Random(seed, 3, 3, 10, 10), seed));
            // Time-dependent, with branches, a table and an early return (if-converted in both sweeps).
            Check<Forced.OscillatorOde>(tableau, LaneInputs.Random(seed + 100, 2, 3, 1, 1), seed);
            Check<NBody.PlanarOde>(tableau, LaneInputs.Random(seed + 200, 12, 3, 1, 1), seed);
            Check<LaneBranches.RhsOde>(tableau, LaneInputs.Random(seed + 400, 4, 2, 2, 2), seed);
            // Values nested in f's statements, kept by the replay (ReplayReuse's hoisting).
            Check<NestedValues.RhsOde>(tableau, LaneInputs.Random(seed + 500, 3, 4, 2, 2), seed);
            // A loop-form body (the MLP keeps its loops): lane kernels in loop form, VectorJacobianProductLanes.
            Assert.True(Check<NeuralOde.MlpOde>(tableau, LaneInputs.Random(seed + 300, 4, 148, 1, 0.5), seed));
        }
    }

    /// <summary>NaN and ±∞ in some lanes (t and h too): every lane, poisoned ones included, gives what the generic
    /// stepper gives at its inputs. (Forced.Oscillator is left out: its Math.Sign throws on NaN in scalar code.)</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void PoisonedLanes_EveryLaneIsBitIdenticalToTheGenericStepper(RungeKuttaMethod method)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        LaneInputs lorenz = LaneInputs.Random(23 + (int)method, 3, 3, 10, 10);
        lorenz.Z[2][2] = double.NaN;
        lorenz.Z[4][1] = double.PositiveInfinity;
        lorenz.H[7] = double.NaN;
        Assert.True(Check<Lorenz.RhsOde>(tableau, lorenz, 6));
        LaneInputs branches = LaneInputs.Random(29 + (int)method, 4, 2, 2, 2);
        branches.Z[1][0] = double.NaN;
        branches.Z[3][3] = double.NegativeInfinity;
        branches.T[5] = double.NaN;
        branches.H[6] = double.PositiveInfinity;
        Check<LaneBranches.RhsOde>(tableau, branches, 7);
    }

    [Fact]
    public void FixedStepMethods_HaveNoLaneStepVjpWithTime()
    {
        foreach (RungeKuttaMethod method in new[] { RungeKuttaMethod.Euler, RungeKuttaMethod.Midpoint, RungeKuttaMethod.Rk4 })
            Assert.False(LaneReference.StepVjpWithTime(LaneSystem.Of<Lorenz.RhsOde>(), ButcherTableaus.Get(method), LaneInputs.Random(1, 3, 3, 1, 1), 1));
    }

    /// <summary>Compares where the system has the kernel, and asserts it has it exactly where TryLaneStepVjp exists.</summary>
    private static bool Check<TDynamics>(ButcherTableau tableau, LaneInputs inputs, int seed) where TDynamics : IOdeDynamics<double>
    {
        LaneSystem system = LaneSystem.Of<TDynamics>();
        bool withTime = LaneReference.StepVjpWithTime(system, tableau, inputs, seed);
        Assert.Equal(LaneReference.StepVjp(system, tableau, inputs, seed), withTime);
        return withTime;
    }
}
