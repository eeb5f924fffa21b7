using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;
using Xunit.Abstractions;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The fused lane kernels on random programs (<see cref="LaneFusedBatch"/>: RandomDynamics, fixed seed unless
/// ACA_PROPERTY_SEED says otherwise, some of them wide enough for the memory form of the pair trial step), each held
/// to the scalar kernels lane by lane, bit for bit (NaN payloads aside, <see cref="LaneInputs.AssertSame"/>):
/// TryLaneTrialStep to TryFusedTrialStep (stages, zNew, errors, and the norm's sum of squares to ErrorNorm's
/// reference), TryLaneTrialStepPair to TryLaneTrialStep of each group in both its forms, TryLaneStepVjp to
/// TryFusedStepVjp, and a lane with NaN in z leaves every other lane's bits as they were. LaneKernelTests and
/// LaneTrialStepPairTests hold the same kernels on hand-written systems; LanePropertyTests holds TryLaneEvaluate on
/// random programs.
/// </summary>
/// <remarks>Cost: the batch is one compilation of 7 programs (5 as drawn, 2 wide) with two methods' kernels, about 4 MB
/// of generated source; measured 2026-12-02 on the 2-vCPU machine (fixed seed): 15 s to generate, compile and load and
/// 1 s for the four tests at load 7–9, 62 s and 3 s at load 14–20 (other seeds: 21–44 s at load 10). Source size, not
/// program count, sets the time (22 programs, 13 MB, took 150–240 s; a hundred with every method's kernels over 14
/// minutes): add programs only with that in mind.</remarks>
public sealed class LaneFusedPropertyTests(LaneFusedBatch batch, ITestOutputHelper output) : IClassFixture<LaneFusedBatch>
{
    private static readonly RungeKuttaMethod[] TrialStepMethods = [RungeKuttaMethod.DormandPrince5, RungeKuttaMethod.BogackiShampine3];

    [Fact]
    public void LaneTrialStep_RandomPrograms_EveryLaneIsBitIdenticalToTheFusedTrialStep()
    {
        Report();
        foreach (FusedProgram program in batch.Programs)
            foreach (RungeKuttaMethod method in TrialStepMethods)
                program.Check(() => LaneReference.TrialStep(program.Kernels.System, method, program.Inputs(0)));
    }

    /// <summary>Each group of the pair kernel against the single kernel on that group, where the program has one; both
    /// forms occur in the batch for Dormand-Prince 5.</summary>
    [Fact]
    public void LaneTrialStepPair_RandomPrograms_EachGroupIsBitIdenticalToTheSingleKernel()
    {
        Report();
        var forms = new Dictionary<(RungeKuttaMethod, PairForm), int>();
        foreach (FusedProgram program in batch.Programs)
            foreach (RungeKuttaMethod method in TrialStepMethods)
            {
                PairForm form = program.Pair(method);
                forms[(method, form)] = forms.GetValueOrDefault((method, form)) + 1;
                program.Check(() => Assert.Equal(form != PairForm.None, program.Kernels.ComparePair(method, program.Inputs(1), program.Inputs(2))));
            }
        output.WriteLine(string.Join(", ", forms.OrderBy(f => f.Key).Select(f => $"{f.Key.Item1} {f.Key.Item2}: {f.Value}")));
        Assert.True(forms.GetValueOrDefault((RungeKuttaMethod.DormandPrince5, PairForm.Registers)) > 0, "no register-form pair kernel in the batch");
        Assert.True(forms.GetValueOrDefault((RungeKuttaMethod.DormandPrince5, PairForm.Memory)) > 0, "no memory-form pair kernel in the batch");
    }

    [Fact]
    public void LaneStepVjp_RandomPrograms_EveryLaneIsBitIdenticalToTheFusedStepVjp()
    {
        Report();
        foreach (FusedProgram program in batch.Programs)
            program.Check(() => Assert.True(LaneReference.StepVjp(program.Kernels.System, RungeKuttaMethod.DormandPrince5, program.Inputs(3),
                program.Seed), "no lane step VJP"));
    }

    /// <summary>NaN in one component of one lane's z (a different lane and component per program): every kernel gives
    /// that lane what the scalar kernel gives it (checked inside LaneReference and ComparePair), NaN in its new state,
    /// and every other lane the bits of the run without the NaN.</summary>
    [Fact]
    public void PoisonedLane_RandomPrograms_LeavesTheOtherLanesBitIdentical()
    {
        Report();
        foreach (FusedProgram program in batch.Programs)
            program.Check(() =>
            {
                int poisonedLane = program.Seed % LaneInputs.Lanes, component = program.Seed / LaneInputs.Lanes % program.N;
                LaneInputs clean = program.Inputs(4), poisoned = clean.Clone(), other = program.Inputs(5);
                poisoned.Z[poisonedLane][component] = double.NaN;
                int[] healthy = Enumerable.Range(0, LaneInputs.Lanes).Where(lane => lane != poisonedLane).ToArray();
                LaneSystem system = program.Kernels.System;
                foreach (RungeKuttaMethod method in TrialStepMethods)
                {
                    var before = LaneReference.TrialStep(system, method, clean);
                    var after = LaneReference.TrialStep(system, method, poisoned);
                    AssertLanes(before.Stages, after.Stages, healthy, $"{method} stages");
                    AssertLanes(before.ZNew, after.ZNew, healthy, $"{method} zNew");
                    AssertLanes(before.Error, after.Error, healthy, $"{method} error");
                    Assert.True(double.IsNaN(after.ZNew[component][poisonedLane]), $"{method}: lane {poisonedLane}'s NaN reaches its new state");
                    if (program.Kernels.Pair(method, clean, other) is { } pairBefore)
                    {
                        Assert.True(program.Kernels.ComparePair(method, poisoned, other));
                        Vector512<double>[][] pairAfter = program.Kernels.Pair(method, poisoned, other)!;
                        // Group 0 (poisoned) is the first half of every buffer, group 1 (clean) the second.
                        for (int buffer = 0; buffer < pairBefore.Length; buffer++)
                        {
                            int half = pairBefore[buffer].Length / 2;
                            AssertLanes(pairBefore[buffer][..half], pairAfter[buffer][..half], healthy, $"{method} pair buffer {buffer} group 0");
                            AssertLanes(pairBefore[buffer][half..], pairAfter[buffer][half..], [.. Enumerable.Range(0, LaneInputs.Lanes)],
                                $"{method} pair buffer {buffer} group 1");
                        }
                    }
                }
                var vjpBefore = LaneReference.StepVjpOutputs(system, DormandPrince5.Tableau, clean, program.Seed)!.Value;
                var vjpAfter = LaneReference.StepVjpOutputs(system, DormandPrince5.Tableau, poisoned, program.Seed)!.Value;
                AssertLanes(vjpBefore.AdjointIn, vjpAfter.AdjointIn, healthy, "step VJP adjointIn");
                AssertLanes(vjpBefore.GradP, vjpAfter.GradP, healthy, "step VJP gradP");
            });
    }

    private static void AssertLanes(Vector512<double>[] expected, Vector512<double>[] actual, int[] lanes, string what)
    {
        foreach (int lane in lanes)
            LaneInputs.AssertSame(LaneInputs.Lane(expected, lane), LaneInputs.Lane(actual, lane), $"{what} lane {lane} (poisoned run against clean run)");
    }

    private void Report() =>
        output.WriteLine($"ACA_PROPERTY_SEED={batch.PropertySeedValue}; {batch.Programs.Length} programs compiled in {batch.CompileTime.TotalSeconds:F1} s");
}
