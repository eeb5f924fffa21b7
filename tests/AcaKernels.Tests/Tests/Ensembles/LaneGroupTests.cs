using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The lane engine steps two groups of eight lanes side by side (trajectories 0–7 of a chunk start in group 0, 8–15
/// in group 1, later ones wherever a lane frees up) and both write one checkpoint log. Whatever the group, the
/// number of trajectories or how unevenly they end, each trajectory gets the single solver's bits — outputs,
/// statuses with statistics, ∂L/∂z₀, ∂L/∂θ, time gradients — and a trajectory that fails, in either group, fails
/// alone. Bitwise, no tolerance (see LaneEngineTests).
/// </summary>
public sealed class LaneGroupTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>One chunk holding all trajectories, so both groups share it and its log.</summary>
    private static EnsembleOptions OneChunk(int trajectories) => new() { WorkerCount = 1, ChunkSize = trajectories };

    /// <summary>
    /// Per-trajectory θ and horizons from 0.1 to 2.1 (three outputs each): step counts that differ by a factor of
    /// ~20 between trajectories, so lanes of both groups finish and refill at different steps, and a group runs
    /// alone while the other is idle.
    /// </summary>
    private static EnsembleCase<Lorenz63> Uneven(int trajectories)
    {
        var times = new List<double>();
        var offsets = new List<int> { 0 };
        for (int b = 0; b < trajectories; b++)
        {
            double end = 0.1 + 0.25 * (b * 5 % 9);
            times.AddRange([0.0, 0.4 * end, end]);
            offsets.Add(times.Count);
        }
        return new EnsembleCase<Lorenz63>
        {
            Trajectories = trajectories,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 0.2, seed: 91 + trajectories),
            P = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, trajectories, 0.05, seed: 92 + trajectories),
            Times = [.. times],
            Offsets = [.. offsets],
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(times.Count, seed: 93 + trajectories),
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(41)]
    public void UnevenHorizons_BothGroups_EqualSingleSolverBitwise(int trajectories)
    {
        EnsembleCase<Lorenz63> ensemble = Uneven(trajectories);
        using (var probe = new EnsembleSolver<double, Lorenz63>(trajectories, Dopri5, OneChunk(trajectories)))
            Assert.Equal(Vector512.IsHardwareAccelerated, probe.IsVectorized);
        EnsembleCase<Lorenz63>.Run expected = ensemble.Reference(Dopri5);
        EnsembleCase<Lorenz63>.Run actual = ensemble.Ensemble(Dopri5, OneChunk(trajectories), sharedGradient: false);
        Assert.True(actual.Summary.IsSuccess, actual.Summary.Describe());
        Assert.Equal(expected.Results, actual.Results);
        Bits.Equal(expected.Outputs, actual.Outputs, "outputs");
        Bits.Equal(expected.GradZ0, actual.GradZ0, "gradZ0");
        Bits.Equal(expected.GradPRows, actual.GradPRows, "gradP rows");
        Assert.Equal(expected.Gradients, actual.Gradients);
        // The horizons really are uneven: accepted steps differ several-fold between trajectories.
        if (trajectories >= 9)
        {
            int fewest = actual.Results.Min(r => r.Statistics.AcceptedSteps), most = actual.Results.Max(r => r.Statistics.AcceptedSteps);
            Assert.True(most >= 4 * fewest, $"steps {fewest} … {most}");
        }
    }

    // Trajectory 3 starts in group 0, 12 in group 1 (chunk of 17: 0–7 and 8–15 start together, 16 waits for a lane).
    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(16)]
    public void PoisonedTrajectoryInEitherGroup_FailsAlone_OthersUntouched(int poisoned)
    {
        const int B = 17;
        EnsembleCase<Lorenz63> clean = Uneven(B);
        double[] p = (double[])clean.P.Clone();
        p[poisoned * 3 + 1] = 1e300; // finite ρ that overflows f within a few steps
        EnsembleCase<Lorenz63> dirty = new()
        {
            Trajectories = B, Z0 = clean.Z0, P = p, Times = clean.Times, Offsets = clean.Offsets, Seeds = clean.Seeds,
        };
        EnsembleCase<Lorenz63>.Run without = clean.Ensemble(Dopri5, OneChunk(B), sharedGradient: false);
        EnsembleCase<Lorenz63>.Run with = dirty.Ensemble(Dopri5, OneChunk(B), sharedGradient: false);
        EnsembleCase<Lorenz63>.Run single = dirty.Reference(Dopri5);

        Assert.False(with.Results[poisoned].IsSuccess);
        Assert.Equal(single.Results[poisoned], with.Results[poisoned]);
        Assert.Equal(1, with.Summary.Failed);
        Assert.Equal(poisoned, with.Summary.FirstFailedTrajectory);
        Assert.Equal(OdeStatus.NoForwardSolve, with.Gradients[poisoned].Result.Status);
        for (int b = 0; b < B; b++)
        {
            if (b == poisoned) continue;
            int first = clean.FirstRow(b) * 3, values = clean.TimesOf(b).Length * 3;
            Bits.Equal(without.Outputs.AsSpan(first, values), with.Outputs.AsSpan(first, values), $"outputs of {b}");
            Bits.Equal(without.GradZ0.AsSpan(b * 3, 3), with.GradZ0.AsSpan(b * 3, 3), $"gradZ0 of {b}");
            Bits.Equal(without.GradPRows.AsSpan(b * 3, 3), with.GradPRows.AsSpan(b * 3, 3), $"gradP of {b}");
            Assert.Equal(without.Results[b], with.Results[b]);
            Assert.Equal(without.Gradients[b], with.Gradients[b]);
        }
    }
    /// <summary>
    /// Van der Pol with μ from 1 to 8 over t ∈ [0, 8] (relaxation jumps): steps are rejected in most vectors, mostly in steps where no lane has an event
    /// (the engine's common path, which shrinks h without touching the trajectory), and beside first steps, output
    /// times and ends in others (the cold path). Forward only (no log: first steps are not events) and with ACA;
    /// through the lane-kernel hooks and through the per-lane fallback. Bitwise against the single solver.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void RejectionsInCommonAndEventSteps_EqualSingleSolverBitwise(bool gradient, bool laneKernels)
    {
        OdeOptions options = Dopri5 with { Gradient = gradient ? GradientMethod.Aca : GradientMethod.None };
        if (laneKernels) AssertRejectingEnsemble<WithLaneKernels<VanDerPol>>(options, gradient);
        else AssertRejectingEnsemble<VanDerPol>(options, gradient);
    }

    private static void AssertRejectingEnsemble<TSys>(OdeOptions options, bool gradient) where TSys : IOdeDynamics<double>
    {
        const int B = 23; // two groups, one refilled lane, odd
        var mu = new double[B];
        for (int b = 0; b < B; b++) mu[b] = 1 + 7.0 * (b * 7 % B) / B;
        double[] times = [0.0, 1.5, 4.0, 8.0];
        var ensemble = new EnsembleCase<TSys>
        {
            Trajectories = B,
            Z0 = EnsembleCase<TSys>.Perturbed(VanDerPol.SampleState, B, 0.2, seed: 94),
            P = mu,
            Times = times,
            Seeds = EnsembleCase<TSys>.RandomSeeds(B * times.Length, seed: 95),
        };
        EnsembleCase<TSys>.Run expected = ensemble.Reference(options);
        EnsembleCase<TSys>.Run actual = ensemble.Ensemble(options, OneChunk(B), sharedGradient: false);
        Assert.True(actual.Summary.IsSuccess, actual.Summary.Describe());
        // The case really rejects: at least two per trajectory on average (59 rejections here).
        int rejections = actual.Results.Sum(r => r.Statistics.RejectedSteps);
        Assert.True(rejections >= 2 * B, $"{rejections} rejections: too few to test them");
        Assert.Equal(expected.Results, actual.Results);
        Bits.Equal(expected.Outputs, actual.Outputs, "outputs");
        if (!gradient) return;
        Bits.Equal(expected.GradZ0, actual.GradZ0, "gradZ0");
        Bits.Equal(expected.GradPRows, actual.GradPRows, "gradP rows");
        Assert.Equal(expected.Gradients, actual.Gradients);
    }
}
