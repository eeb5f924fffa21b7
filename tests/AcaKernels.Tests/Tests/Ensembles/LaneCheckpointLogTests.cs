using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The lane engine's per-chunk checkpoint log: its backward sweep walks the slots from the last, lanes hand over from
/// a trajectory to the one their lane ran before it (failed ones included, which are passed without a gradient),
/// seeds join where steps landed on output times, and the time-term steps go through the scalar VJP. Every
/// trajectory must still equal <see cref="OdeSolver{T, TDynamics}"/> alone, bit for bit (same kernels, same
/// operation order per lane), and a chunk whose log runs out of its memory share fails only the trajectories that
/// lost a step, identically with any thread count.
/// </summary>
public sealed class LaneCheckpointLogTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    [Fact]
    public void LaneKernels_IrregularTimes_OneBlowsUpMidChunk_OthersEqualSingleSolver()
    {
        // Per-trajectory θ with ρ = 1e300 for trajectory 13: it overflows within a few steps while its lane's
        // neighbours run on, so its slots sit in the middle of the chunk's log and the backward sweep must pass them.
        const int B = 50;
        (double[] times, int[] offsets) = EnsembleCase<WithLaneKernels<Lorenz63>>.IrregularTimes(B, 1.0, seed: 91);
        double[] p = EnsembleCase<WithLaneKernels<Lorenz63>>.Perturbed(Lorenz63.SampleParameters, B, 1.0, seed: 92);
        p[13 * 3 + 1] = 1e300;
        var ensemble = new EnsembleCase<WithLaneKernels<Lorenz63>>
        {
            Trajectories = B,
            Z0 = EnsembleCase<WithLaneKernels<Lorenz63>>.Perturbed(Lorenz63.SampleState, B, 0.5, seed: 93),
            P = p,
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<WithLaneKernels<Lorenz63>>.RandomSeeds(times.Length, seed: 94),
        };
        EnsembleCase<WithLaneKernels<Lorenz63>>.Run expected = ensemble.Reference(Dopri5);
        EnsembleCase<WithLaneKernels<Lorenz63>>.Run actual = ensemble.Ensemble(Dopri5, Lanes(2, 64), sharedGradient: false);
        Assert.Equal(OdeStatus.NonFiniteState, expected.Results[13].Status);
        Assert.Equal(1, actual.Summary.Failed);
        AssertEqual(expected, actual, sharedGradient: false);
    }

    [Fact]
    public void LaneKernels_TimeDependent_IrregularTimesSharedTheta_EqualSingleSolver()
    {
        // f reads t: every step up to the first output after t₀ takes the scalar VJP with time terms, and with 2 to 6
        // output times per trajectory the first leg ends anywhere from the first step to the last.
        const int B = 90;
        (double[] times, int[] offsets) = EnsembleCase<WithLaneKernels<ForcedOscillator>>.IrregularTimes(B, 3.0, seed: 95, someBackwards: true);
        var ensemble = new EnsembleCase<WithLaneKernels<ForcedOscillator>>
        {
            Trajectories = B,
            Z0 = EnsembleCase<WithLaneKernels<ForcedOscillator>>.Perturbed(ForcedOscillator.SampleState, B, 0.3, seed: 96),
            P = ForcedOscillator.SampleParameters,
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<WithLaneKernels<ForcedOscillator>>.RandomSeeds(times.Length, seed: 97),
        };
        EnsembleCase<WithLaneKernels<ForcedOscillator>>.Run expected = ensemble.Reference(Dopri5);
        EnsembleCase<WithLaneKernels<ForcedOscillator>>.Run actual = ensemble.Ensemble(Dopri5, Lanes(2, 64));
        Assert.True(actual.Summary.IsSuccess, actual.Summary.Describe());
        AssertEqual(expected, actual, sharedGradient: true);
    }

    [Fact]
    public void ChunkLogOverItsShare_TrajectoriesThatLostAStepFail_OthersEqualSingleSolver_AnyWorkers()
    {
        // Two chunks of 64 whose logs may hold a quarter of what the scalar stores hold (40 bytes per accepted step):
        // a slot holds eight lanes, about 40 bytes per lane-step, so each log fills after roughly a quarter of its
        // chunk's steps. The trajectories that finished before keep their gradients; those running then or later keep
        // their outputs and fail with GradientMemoryLimitExceeded.
        const int B = 128;
        double[] times = [0.0, 0.4, 1.0];
        var ensemble = new EnsembleCase<Lorenz63>
        {
            Trajectories = B,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.5, seed: 98),
            P = Lorenz63.SampleParameters,
            Times = times,
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(B * times.Length, seed: 99),
        };
        EnsembleCase<Lorenz63>.Run unlimited = ensemble.Reference(Dopri5);
        long steps = unlimited.Results.Sum(r => (long)r.Statistics.AcceptedSteps);
        OdeOptions options = Dopri5 with { GradientMemoryLimit = steps * 40 / 4 };
        EnsembleCase<Lorenz63>.Run expected = ensemble.Reference(options);
        EnsembleCase<Lorenz63>.Run one = ensemble.Ensemble(options, Lanes(1, 64));
        EnsembleCase<Lorenz63>.Run two = ensemble.Ensemble(options, Lanes(2, 64));

        Assert.Equal(one.Results, two.Results);
        Assert.Equal(one.Gradients, two.Gradients);
        Bits.Equal(one.GradZ0, two.GradZ0, "gradZ0, 1 vs 2 workers");
        Bits.Equal(one.GradPSum, two.GradPSum, "shared gradP, 1 vs 2 workers");
        Bits.Equal(expected.Outputs, one.Outputs, "outputs (valid even where the checkpoints did not fit)");
        if (!Vector512.IsHardwareAccelerated) return; // the scalar arena fails other trajectories; the rest holds there too
        var sum = new double[3];
        int failed = 0;
        for (int b = 0; b < B; b++)
        {
            if (!one.Results[b].IsSuccess)
            {
                failed++;
                Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, one.Results[b].Status);
                Assert.Equal(expected.Results[b].Statistics, one.Results[b].Statistics);
                Assert.Equal(OdeStatus.NoForwardSolve, one.Gradients[b].Result.Status);
                continue;
            }
            Assert.Equal(expected.Results[b], one.Results[b]);
            Assert.Equal(expected.Gradients[b], one.Gradients[b]);
            Bits.Equal(expected.GradZ0.AsSpan(b * 3, 3), one.GradZ0.AsSpan(b * 3, 3), $"gradZ0 of {b}");
            for (int j = 0; j < 3; j++) sum[j] += expected.GradPRows[b * 3 + j];
        }
        Assert.InRange(failed, 8, B - 8); // both kinds, in both chunks' lanes
        Bits.Equal(sum, one.GradPSum, "shared gradP over the trajectories that kept their checkpoints");
    }

    [Fact]
    public void FailedTrajectory_ReportsGradientMemoryBytes_AsAFreshSingleSolverStore()
    {
        // Stores that start at 2 checkpoints and double: the lanes keep no store, yet every trajectory reports what a
        // single solver created for it reports — the checkpoints' bytes after a success, the allocation its store
        // grew to after a failure (here a blow-up after some accepted steps), whatever ran before it in its lane.
        const int B = 16, Poisoned = 5;
        double[] times = [0.0, 0.5, 1.0];
        double[] p = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, B, 1.0, seed: 101);
        p[Poisoned * 3 + 1] = 1e300;
        var ensemble = new EnsembleCase<Lorenz63>
        {
            Trajectories = B,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.5, seed: 102),
            P = p,
            Times = times,
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(B * times.Length, seed: 103),
        };
        OdeOptions options = Dopri5 with { CheckpointCapacity = 2 };
        EnsembleCase<Lorenz63>.Run actual = ensemble.Ensemble(options, Lanes(1, 64), sharedGradient: false);
        var outputs = new double[times.Length * 3];
        for (int b = 0; b < B; b++)
        {
            var single = new OdeSolver<double, Lorenz63>(options);
            SolveResult expected = single.Solve(ensemble.Z0.AsSpan(b * 3, 3), p.AsSpan(b * 3, 3), times, outputs);
            Assert.Equal(expected, actual.Results[b]);
        }
        Assert.False(actual.Results[Poisoned].IsSuccess);
        Assert.True(actual.Results[Poisoned].Statistics.AcceptedSteps > 2,
            $"the poisoned trajectory must outgrow the first store ({actual.Results[Poisoned].Statistics.AcceptedSteps} accepted steps)");
    }

    private static EnsembleOptions Lanes(int workers, int chunk) => new() { WorkerCount = workers, ChunkSize = chunk };

    private static void AssertEqual<TSys>(EnsembleCase<TSys>.Run expected, EnsembleCase<TSys>.Run actual, bool sharedGradient)
        where TSys : IOdeDynamics<double>
    {
        Bits.Equal(expected.Outputs, actual.Outputs, "outputs vs single solver (NaN where a solve failed)");
        Assert.Equal(expected.Results, actual.Results);
        Bits.Equal(expected.GradZ0, actual.GradZ0, "gradZ0 vs single solver (NaN where a solve failed)");
        if (sharedGradient) Bits.Equal(expected.GradPSum, actual.GradPSum, "shared gradP vs single solvers summed in order");
        else Bits.Equal(expected.GradPRows, actual.GradPRows, "gradP rows vs single solver");
        Assert.Equal(expected.Gradients, actual.Gradients); // statuses, ∂L/∂t₀ and ∂L/∂t_end
    }
}
