using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// In SolveAndGradient a failing trajectory fails alone, exactly as in Solve + Gradient: its own status, NaN outputs
/// past the failure and NaN gradient rows, no loss term and no call of the loss, nothing added to a shared ∂L/∂θ;
/// a binding <see cref="OdeOptions.GradientMemoryLimit"/> fails the same trajectories as the two calls; misuse
/// throws with a message that names the argument.
/// </summary>
public sealed class SolveAndGradientFailureTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private const int Poisoned = 3, Trajectories = 7;

    [Theory]
    [InlineData(EnsembleVectorization.Auto, 1)]
    [InlineData(EnsembleVectorization.Auto, 7)]
    [InlineData(EnsembleVectorization.Never, 1)]
    [InlineData(EnsembleVectorization.Never, 7)]
    public void HugeRhoBlowsUpOneTrajectory_FailsAloneAsInSolveThenGradient(EnsembleVectorization engine, int chunkSize)
    {
        // ρ = 1e300 is finite (accepted as input) but overflows f within a few steps.
        double[] p = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, Trajectories, 1.0, seed: 91);
        p[Poisoned * 3 + 1] = 1e300;
        foreach (bool sharedGradient in new[] { false, true })
            AssertFailsAlone(p, sharedGradient, engine, chunkSize);
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void ChunkShareOfMemoryLimit_SameTrajectoriesFailAsInSolveThenGradient(EnsembleVectorization engine)
    {
        // Widely spread starts: different step counts. Lower the limit until the chunk's share (one chunk of all seven)
        // binds for some trajectories but not all.
        EnsembleCase<Lorenz63> problem = new()
        {
            Trajectories = Trajectories,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, Trajectories, 8.0, seed: 92),
            P = Lorenz63.SampleParameters,
            Times = [0.0, 0.5, 1.0],
            Seeds = [],
        };
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(problem, seed: 93);
        var ensembleOptions = new EnsembleOptions { WorkerCount = 2, Vectorize = engine };
        for (long limit = 400_000; limit > 1000; limit = limit * 4 / 5)
        {
            OdeOptions options = Dopri5 with { GradientMemoryLimit = limit };
            ChunkedCase<Lorenz63>.Run expected = chunked.TwoCalls(options, ensembleOptions);
            if (expected.Summary.Failed == 0) continue;
            Assert.InRange(expected.Summary.Failed, 1, Trajectories - 1);
            Assert.Contains(expected.Results, r => r.Status == OdeStatus.GradientMemoryLimitExceeded);
            chunked.Chunked(options, ensembleOptions).AssertSameBits(expected);
            return;
        }
        Assert.Fail("no limit made some trajectories fail");
    }

    [Fact]
    public void GradientMethodNone_Throws()
    {
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(SolveAndGradientTests.Shared<Lorenz63>(7, Lorenz63.SampleState,
            Lorenz63.SampleParameters, 1.0), seed: 94);
        Assert.Throws<InvalidOperationException>(() => chunked.Chunked(Dopri5 with { Gradient = GradientMethod.None }, new EnsembleOptions()));
    }

    [Fact]
    public void WrongLengthsOrOverlaps_ThrowNamingTheArgument()
    {
        using var solver = new EnsembleSolver<double, Lorenz63>(7, Dopri5, new EnsembleOptions { WorkerCount = 1 });
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, 7, 0.1, seed: 95), times = [0, 1];
        var outputs = new double[7 * 2 * 3];
        var results = new SolveResult[7];
        var gradients = new GradientResult[7];
        var loss = new SquaredErrorLoss { Targets = new double[outputs.Length], Weights = [1, 1, 1] };
        ArgumentException shortGradZ0 = Assert.Throws<ArgumentException>(() => solver.SolveAndGradient(z0, Lorenz63.SampleParameters, times,
            outputs, results, ref loss, new double[20], new double[3], gradients));
        Assert.Equal("gradZ0", shortGradZ0.ParamName);
        ArgumentException badGradP = Assert.Throws<ArgumentException>(() => solver.SolveAndGradient(z0, Lorenz63.SampleParameters, times,
            outputs, results, ref loss, new double[21], new double[4], gradients));
        Assert.Equal("gradP", badGradP.ParamName);
        ArgumentException overlap = Assert.Throws<ArgumentException>(() => solver.SolveAndGradient(z0, Lorenz63.SampleParameters, times,
            outputs, results, ref loss, outputs.AsSpan(0, 21), new double[3], gradients));
        Assert.Contains("overlap outputs", overlap.Message, StringComparison.Ordinal);
        ArgumentException fewResults = Assert.Throws<ArgumentException>(() => solver.SolveAndGradient(z0, Lorenz63.SampleParameters, times,
            outputs, results, ref loss, new double[21], new double[3], new GradientResult[6]));
        Assert.Equal("gradientResults", fewResults.ParamName);
        Assert.Equal(0, loss.Calls);
    }

    private static void AssertFailsAlone(double[] p, bool sharedGradient, EnsembleVectorization engine, int chunkSize)
    {
        EnsembleCase<Lorenz63> problem = new()
        {
            Trajectories = Trajectories,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, Trajectories, 0.1, seed: 96),
            P = p,
            Times = [0.0, 0.3, 1.0],
            Seeds = [],
        };
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(problem, seed: 97);
        var ensembleOptions = new EnsembleOptions { WorkerCount = 2, ChunkSize = chunkSize, Vectorize = engine };
        ChunkedCase<Lorenz63>.Run expected = chunked.TwoCalls(Dopri5, ensembleOptions, sharedGradient);
        ChunkedCase<Lorenz63>.Run actual = chunked.Chunked(Dopri5, ensembleOptions, sharedGradient);

        Assert.False(actual.Results[Poisoned].IsSuccess);
        Assert.Equal(1, actual.Summary.Failed);
        Assert.Equal(Poisoned, actual.Summary.FirstFailedTrajectory);
        Assert.True(double.IsNaN(actual.Outputs[(Poisoned * 3 + 2) * 3]), "the output the failed trajectory did not reach is NaN");
        Assert.Equal(OdeStatus.NoForwardSolve, actual.Gradients[Poisoned].Result.Status);
        Assert.All(actual.GradZ0.AsSpan(Poisoned * 3, 3).ToArray(), g => Assert.True(double.IsNaN(g)));
        Assert.Equal(Trajectories - 1, actual.LossCalls);
        Assert.True(double.IsFinite(actual.Loss), "the failed trajectory adds no term to the loss");
        actual.AssertSameBits(expected);
    }
}
