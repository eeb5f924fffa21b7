using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// An empty results span asks Solve, Gradient and SolveAndGradient for the aggregate only (the GPU solvers then skip
/// their per-trajectory pass; the CPU engine accepts the same calls, so code moves between engines unchanged): the
/// outputs, ∂L/∂z₀, ∂L/∂θ and aggregates are the bits of the same calls with results, a poisoned trajectory among
/// them; a results span of another length is refused with a message naming both lengths it takes.
/// </summary>
public sealed class AggregateOnlyTests
{
    private const int Trajectories = 7, Poisoned = 3, N = 3, M = 3;
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private static readonly double[] Times = [0.0, 0.3, 1.0];

    public static TheoryData<EnsembleVectorization, bool> EnginesAndSharing()
    {
        var data = new TheoryData<EnsembleVectorization, bool>();
        foreach (EnsembleVectorization engine in new[] { EnsembleVectorization.Auto, EnsembleVectorization.Never })
            foreach (bool shared in new[] { true, false })
                data.Add(engine, shared);
        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesAndSharing))]
    public void SolveAndGradient_WithoutResults_TheSameRowsAndAggregates(EnsembleVectorization engine, bool sharedGradient)
    {
        (double[] z0, double[] p, double[] seeds) = Problem();
        var options = new EnsembleOptions { WorkerCount = 2, ChunkSize = 2, Vectorize = engine };
        using var solver = new EnsembleSolver<double, Lorenz63>(Trajectories, Dopri5, options);
        Rows with = TwoCalls(solver, z0, p, seeds, sharedGradient, Trajectories);
        Rows without = TwoCalls(solver, z0, p, seeds, sharedGradient, 0);
        with.AssertSame(without);
        Assert.Equal(1, without.Solve.Failed);
        Assert.Equal(Poisoned, without.Solve.FirstFailedTrajectory);
        Assert.Equal(with.SolveResults[Poisoned], without.Solve.FirstFailure);
    }

    [Theory]
    [MemberData(nameof(EnginesAndSharing))]
    public void ChunkedSolveAndGradient_WithoutResults_TheSameRowsAggregatesAndLoss(EnsembleVectorization engine, bool sharedGradient)
    {
        (double[] z0, double[] p, double[] seeds) = Problem();
        var options = new EnsembleOptions { WorkerCount = 2, ChunkSize = 2, Vectorize = engine };
        using var solver = new EnsembleSolver<double, Lorenz63>(Trajectories, Dopri5, options);
        (Rows with, double lossWith) = Chunked(solver, z0, p, seeds, sharedGradient, Trajectories);
        (Rows without, double lossWithout) = Chunked(solver, z0, p, seeds, sharedGradient, 0);
        with.AssertSame(without);
        Assert.Equal(lossWith, lossWithout);
    }

    [Fact]
    public void ResultsOfAnotherLength_RefusedNamingBothLengthsItTakes()
    {
        (double[] z0, double[] p, _) = Problem();
        using var solver = new EnsembleSolver<double, Lorenz63>(Trajectories, Dopri5);
        var error = Assert.Throws<ArgumentException>(() =>
            solver.Solve(z0, p, Times, new double[Trajectories * Times.Length * N], new SolveResult[Trajectories - 1]));
        Assert.Equal("results", error.ParamName);
        Assert.Contains("expected 7 (one per trajectory) or 0", error.Message);
    }

    /// <summary>Seven Lorenz trajectories, the fourth with ρ = 1e300 (finite, overflows f within a few steps).</summary>
    private static (double[] Z0, double[] P, double[] Seeds) Problem()
    {
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, Trajectories, 0.1, seed: 41);
        double[] p = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, Trajectories, 1.0, seed: 42);
        p[Poisoned * M + 1] = 1e300;
        return (z0, p, EnsembleCase<Lorenz63>.RandomSeeds(Trajectories * Times.Length, seed: 43));
    }

    private static Rows TwoCalls(EnsembleSolver<double, Lorenz63> solver, double[] z0, double[] p, double[] seeds, bool sharedGradient,
        int resultCount)
    {
        var rows = new Rows(seeds.Length, sharedGradient, resultCount);
        rows.Solve = solver.Solve(z0, p, Times, rows.Outputs, rows.SolveResults);
        rows.Gradient = solver.Gradient(seeds, rows.GradZ0, rows.GradP, rows.GradientResults);
        return rows;
    }

    private static (Rows, double) Chunked(EnsembleSolver<double, Lorenz63> solver, double[] z0, double[] p, double[] seeds,
        bool sharedGradient, int resultCount)
    {
        var rows = new Rows(seeds.Length, sharedGradient, resultCount);
        var loss = new SquaredErrorLoss { Targets = seeds, Weights = [1.0, 0.5, 2.0] };
        EnsembleLossResult<double> result = solver.SolveAndGradient(z0, p, Times, rows.Outputs, rows.SolveResults, ref loss, rows.GradZ0,
            rows.GradP, rows.GradientResults);
        (rows.Solve, rows.Gradient) = (result.Solve, result.Gradient);
        return (rows, result.Loss);
    }

    private sealed class Rows(int outputValues, bool sharedGradient, int resultCount)
    {
        public double[] Outputs { get; } = new double[outputValues];
        public double[] GradZ0 { get; } = new double[Trajectories * N];
        public double[] GradP { get; } = new double[sharedGradient ? M : Trajectories * M];
        public SolveResult[] SolveResults { get; } = new SolveResult[resultCount];
        public GradientResult[] GradientResults { get; } = new GradientResult[resultCount];
        public EnsembleResult Solve { get; set; }
        public EnsembleResult Gradient { get; set; }

        public void AssertSame(Rows other)
        {
            Bits.Equal(Outputs, other.Outputs, "outputs");
            Bits.Equal(GradZ0, other.GradZ0, "gradZ0");
            Bits.Equal(GradP, other.GradP, "gradP");
            Assert.Equal(Solve, other.Solve);
            Assert.Equal(Gradient, other.Gradient);
        }
    }
}
