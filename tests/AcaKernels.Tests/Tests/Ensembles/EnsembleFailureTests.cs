using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// A trajectory that fails (a blow-up, too many steps) gets its own status — the one a single solver reports for
/// it — with NaN for the outputs it did not reach and for its gradient rows; it adds nothing to a shared ∂L/∂θ;
/// every other trajectory is bit for bit what it is in a run without the failing one.
/// </summary>
public sealed class EnsembleFailureTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private const int Poisoned = 3, Trajectories = 7;

    // Chunks of one: each trajectory alone in its lanes; of seven: all in one vector, the poisoned one among them.
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void PerTrajectoryTheta_HugeRhoBlowsUpOneTrajectory_OthersUntouched(int chunkSize)
    {
        // ρ = 1e300 is finite (accepted as input) but overflows f within a few steps.
        double[] clean = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, Trajectories, 1.0, seed: 31);
        double[] poisoned = (double[])clean.Clone();
        poisoned[Poisoned * 3 + 1] = 1e300;
        AssertFailsAlone(clean, poisoned, z0Clean: null, z0Poisoned: null, sharedGradient: false, chunkSize);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void SharedTheta_OverflowingInitialStateFailsOneTrajectory_SumSkipsIt(int chunkSize)
    {
        // x·y = 1e200·1e200 overflows in f(t₀, z₀): the trajectory fails at step 0 with NonFiniteState.
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, Trajectories, 0.1, seed: 32);
        double[] poisoned = (double[])z0.Clone();
        poisoned[Poisoned * 3] = poisoned[Poisoned * 3 + 1] = 1e200;
        AssertFailsAlone(Lorenz63.SampleParameters, Lorenz63.SampleParameters, z0, poisoned, sharedGradient: true, chunkSize);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PerTrajectoryTimes_OneHorizonTooLongForMaxSteps_FailsAloneWithMaxStepsExceeded(int chunkSize)
    {
        // Trajectory 2 runs to t = 200 and needs far more than 300 trials; the others end at t = 1 (< 200 trials).
        double[] times = [0, 1, 0, 0.5, 1, 0, 100, 200, 0, 1];
        int[] offsets = [0, 2, 5, 8, 10];
        var ensemble = new EnsembleCase<Lorenz63>
        {
            Trajectories = 4,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, 4, 0.1, seed: 33),
            P = Lorenz63.SampleParameters,
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(times.Length, seed: 34),
        };
        OdeOptions options = Dopri5 with { MaxSteps = 300 };
        EnsembleCase<Lorenz63>.Run expected = ensemble.Reference(options), actual = ensemble.Ensemble(options, new EnsembleOptions { WorkerCount = 2, ChunkSize = chunkSize });
        Assert.Equal(OdeStatus.MaxStepsExceeded, actual.Results[2].Cause);
        Assert.Equal(1, actual.Summary.Failed);
        Assert.Equal(2, actual.Summary.FirstFailedTrajectory);
        Assert.Equal(expected.Results, actual.Results);
        Bits.Equal(expected.Outputs, actual.Outputs, "outputs");
        Assert.True(double.IsNaN(actual.Outputs[(offsets[3] - 1) * 3]), "the unreached output of trajectory 2 is NaN");
        Bits.Equal(expected.GradZ0, actual.GradZ0, "gradZ0");
        Bits.Equal(expected.GradPSum, actual.GradPSum, "shared gradP");
        Assert.Equal(OdeStatus.NoForwardSolve, actual.Gradients[2].Result.Status);
        Assert.Equal(OdeStatus.MaxStepsExceeded, actual.Gradients[2].Result.Cause);   // why there is nothing to differentiate
        Assert.Contains("the last Solve failed with MaxStepsExceeded", actual.Gradients[2].Result.Describe());
        Assert.Contains("trajectory 2", actual.Summary.Describe());
        Assert.Throws<EnsembleSolveException>(actual.Summary.ThrowIfFailed);
    }

    private static void AssertFailsAlone(double[] pClean, double[] pPoisoned, double[]? z0Clean, double[]? z0Poisoned, bool sharedGradient,
        int chunkSize)
    {
        double[] times = [0.0, 0.3, 1.0];
        double[] z0 = z0Clean ?? EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, Trajectories, 0.1, seed: 35);
        double[] seeds = EnsembleCase<Lorenz63>.RandomSeeds(Trajectories * times.Length, seed: 36);
        EnsembleCase<Lorenz63> Case(double[] z, double[] p) => new()
        {
            Trajectories = Trajectories, Z0 = z, P = p, Times = times, Seeds = seeds,
        };
        EnsembleCase<Lorenz63> poisonedCase = Case(z0Poisoned ?? z0, pPoisoned);
        var ensembleOptions = new EnsembleOptions { WorkerCount = 2, ChunkSize = chunkSize };
        EnsembleCase<Lorenz63>.Run clean = Case(z0, pClean).Ensemble(Dopri5, ensembleOptions, sharedGradient);
        EnsembleCase<Lorenz63>.Run poisoned = poisonedCase.Ensemble(Dopri5, ensembleOptions, sharedGradient);
        EnsembleCase<Lorenz63>.Run single = poisonedCase.Reference(Dopri5);

        // The failing trajectory: the single solver's status, NaN where it did not get to, no gradient.
        Assert.False(poisoned.Results[Poisoned].IsSuccess);
        Assert.Equal(single.Results[Poisoned], poisoned.Results[Poisoned]);
        Assert.Equal(1, poisoned.Summary.Failed);
        Assert.Equal(Poisoned, poisoned.Summary.FirstFailedTrajectory);
        Assert.True(double.IsNaN(poisoned.Outputs[(Poisoned * times.Length + times.Length - 1) * 3]));
        Assert.Equal(OdeStatus.NoForwardSolve, poisoned.Gradients[Poisoned].Result.Status);
        Assert.All(poisoned.GradZ0.AsSpan(Poisoned * 3, 3).ToArray(), g => Assert.True(double.IsNaN(g)));

        // Everyone else: the bits of the run without the poison.
        int rowValues = times.Length * 3;
        for (int b = 0; b < Trajectories; b++)
        {
            if (b == Poisoned) continue;
            Bits.Equal(clean.Outputs.AsSpan(b * rowValues, rowValues), poisoned.Outputs.AsSpan(b * rowValues, rowValues), $"outputs of {b}");
            Bits.Equal(clean.GradZ0.AsSpan(b * 3, 3), poisoned.GradZ0.AsSpan(b * 3, 3), $"gradZ0 of {b}");
            if (!sharedGradient)
                Bits.Equal(clean.GradPRows.AsSpan(b * 3, 3), poisoned.GradPRows.AsSpan(b * 3, 3), $"gradP of {b}");
            Assert.Equal(clean.Results[b], poisoned.Results[b]);
            Assert.Equal(clean.Gradients[b], poisoned.Gradients[b]);
        }
        // A shared sum: the single solvers' gradients of the trajectories that succeeded, in the engines' fixed order.
        if (sharedGradient) Bits.Equal(single.GradPSum, poisoned.GradPSum, "shared gradP without the failed trajectory");
    }
}
