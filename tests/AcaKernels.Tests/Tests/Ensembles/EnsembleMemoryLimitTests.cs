using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// <see cref="OdeOptions.GradientMemoryLimit"/> bounds the ensemble's whole ACA checkpoint storage: each chunk gets
/// its trajectories' share. A trajectory past its chunk's share keeps its (valid) outputs but reports
/// GradientMemoryLimitExceeded and gets no gradient; the others are untouched; the thread count changes nothing.
/// </summary>
public sealed class EnsembleMemoryLimitTests
{
    // Lorenz: a scalar checkpoint is t, h and 3 doubles (40 bytes); a lane log slot is t, h and 3 Vector512s plus
    // 4 bytes of masks. With chunks of one trajectory every slot of the log is one accepted step of that trajectory
    // (slots where no lane's step stands are not written), so both engines need steps × bytes per step.
    private const long ScalarBytesPerStep = 40, LaneBytesPerStep = 5 * 64 + 4;

    [Theory]
    [InlineData(EnsembleVectorization.Never)]
    [InlineData(EnsembleVectorization.Auto)]
    public void ChunkShare_TrajectoriesWithMoreCheckpointsFail_OthersEqualSingleSolver(EnsembleVectorization vectorize)
    {
        long bytesPerStep = vectorize == EnsembleVectorization.Auto && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
            ? LaneBytesPerStep : ScalarBytesPerStep;
        const int trajectories = 7;
        // Widely spread initial states so that the trajectories need different numbers of steps.
        var ensemble = new EnsembleCase<Lorenz63>
        {
            Trajectories = trajectories,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 8.0, seed: 71),
            P = Lorenz63.SampleParameters,
            Times = [0.0, 0.5, 1.0],
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(trajectories * 3, seed: 72),
        };
        EnsembleCase<Lorenz63>.Run unlimited = ensemble.Reference(new OdeOptions());
        long[] bytes = unlimited.Results.Select(r => r.Statistics.AcceptedSteps * bytesPerStep).ToArray();
        long[] distinct = bytes.Distinct().Order().ToArray();
        Assert.True(distinct.Length >= 2, "the test needs trajectories with different step counts");
        // With chunks of one trajectory, each may hold limit / 7 bytes: put that between two step counts.
        long share = (distinct[distinct.Length / 2 - 1 + distinct.Length % 2] + distinct[^1]) / 2 / bytesPerStep * bytesPerStep
            + bytesPerStep / 2;
        var options = new OdeOptions { GradientMemoryLimit = share * trajectories };
        Assert.True(bytes.Max() / bytesPerStep * ScalarBytesPerStep < options.GradientMemoryLimit,
            "a single solver never reaches the limit itself");

        EnsembleCase<Lorenz63>.Run expected = ensemble.Reference(options);
        EnsembleCase<Lorenz63>.Run one = ensemble.Ensemble(options, new EnsembleOptions { WorkerCount = 1, ChunkSize = 1, Vectorize = vectorize });
        EnsembleCase<Lorenz63>.Run two = ensemble.Ensemble(options, new EnsembleOptions { WorkerCount = 2, ChunkSize = 1, Vectorize = vectorize });

        Bits.Equal(expected.Outputs, one.Outputs, "outputs (valid even where the checkpoints did not fit)");
        Assert.Equal(one.Results, two.Results);
        Bits.Equal(one.GradPSum, two.GradPSum, "shared gradP, 1 vs 2 workers");
        var sum = new double[3];
        for (int b = 0; b < trajectories; b++)
        {
            if (bytes[b] > share)
            {
                Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, one.Results[b].Status);
                Assert.Equal(OdeStatus.NoForwardSolve, one.Gradients[b].Result.Status);
                continue;
            }
            Assert.Equal(expected.Results[b], one.Results[b]);
            Assert.Equal(expected.Gradients[b], one.Gradients[b]);
            Bits.Equal(expected.GradZ0.AsSpan(b * 3, 3), one.GradZ0.AsSpan(b * 3, 3), $"gradZ0 of {b}");
            for (int j = 0; j < 3; j++) sum[j] += expected.GradPRows[b * 3 + j];
        }
        Assert.InRange(one.Summary.Failed, 1, trajectories - 1);
        // The failing trajectory held fewer bytes than the limit: the summary must say the limit is shared.
        Assert.Contains("bounds the checkpoints of all trajectories together", one.Summary.Describe(), StringComparison.Ordinal);
        Bits.Equal(sum, one.GradPSum, "shared gradP over the trajectories that kept their checkpoints");
    }

    [Theory]
    [InlineData(EnsembleVectorization.Never)]
    [InlineData(EnsembleVectorization.Auto)]
    public void TinyLimit_DescribeNamesSolveAndGradient_FromEitherCall(EnsembleVectorization vectorize)
    {
        // 1 KiB for 8 Lorenz trajectories over [0, 1]: 128 bytes (3 scalar checkpoints) each, a fraction of one lane
        // slot per chunk; every trajectory needs dozens of steps, so all fail.
        const int trajectories = 8;
        var options = new OdeOptions { Gradient = GradientMethod.Aca, GradientMemoryLimit = 1024 };
        using var solver = new EnsembleSolver<double, Lorenz63>(trajectories, options,
            new EnsembleOptions { WorkerCount = 2, Vectorize = vectorize });
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 1.0, seed: 73), times = [0.0, 1.0];
        var outputs = new double[trajectories * times.Length * 3];
        var results = new SolveResult[trajectories];

        EnsembleResult solved = solver.Solve(z0, Lorenz63.SampleParameters, times, outputs, results);
        Assert.All(results, r => Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, r.Status));
        AssertNamesTheWayOut(solved.Describe());

        var loss = new SquaredErrorLoss { Targets = new double[outputs.Length], Weights = [1, 1, 1] };
        var gradientResults = new GradientResult[trajectories];
        EnsembleLossResult<double> chunked = solver.SolveAndGradient(z0, Lorenz63.SampleParameters, times, outputs, results,
            ref loss, new double[trajectories * 3], new double[3], gradientResults);
        Assert.All(results, r => Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, r.Status));
        AssertNamesTheWayOut(chunked.Solve.Describe());
        AssertNamesTheWayOut(chunked.Gradient.Describe()); // NoForwardSolve, caused by the limit
    }

    private static void AssertNamesTheWayOut(string message)
    {
        Assert.Contains("raise the limit in proportion to the number of trajectories B", message, StringComparison.Ordinal);
        Assert.Contains("When the loss is a sum of per-trajectory terms, EnsembleSolver.SolveAndGradient (ITrajectoryLoss) " +
            "solves and differentiates chunk by chunk and holds only the checkpoints of the chunks its workers are on",
            message, StringComparison.Ordinal);
    }
}
