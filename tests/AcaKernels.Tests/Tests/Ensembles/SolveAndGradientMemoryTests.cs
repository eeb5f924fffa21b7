using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// SolveAndGradient holds checkpoints per worker, not per chunk: one lane log (or one scalar store) per worker,
/// reused chunk after chunk; and after warm-up it allocates nothing, with one worker or two.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class SolveAndGradientMemoryTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Lanes_IdenticalChunks_CheckpointBytesAreOneChunkLogPerWorker(int workers)
    {
        // 64 chunks of 16 with the same 16 starts each: every chunk's log in Solve is the same size S, so Solve holds 64·S.
        // SolveAndGradient holds one such log per worker (a worker's log grown to the largest any worker needed).
        const int chunk = 16, chunks = 64, trajectories = chunk * chunks;
        double[] starts = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, chunk, 0.5, seed: 101);
        var problem = new EnsembleCase<Lorenz63>
        {
            Trajectories = trajectories,
            Z0 = [.. Enumerable.Repeat(starts, chunks).SelectMany(z => z)],
            P = Lorenz63.SampleParameters,
            Times = [0.0, 0.5, 1.0],
            Seeds = [],
        };
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(problem, seed: 102);
        var ensembleOptions = new EnsembleOptions { WorkerCount = workers, ChunkSize = chunk };

        using var twoCalls = new EnsembleSolver<double, Lorenz63>(trajectories, Dopri5, ensembleOptions);
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, twoCalls.IsVectorized);
        if (!twoCalls.IsVectorized) return; // the scalar engine's case is below
        var outputs = new double[trajectories * 3 * 3];
        twoCalls.Solve(problem.Z0, problem.P, problem.Times, outputs, new SolveResult[trajectories]).ThrowIfFailed();
        long solveBytes = twoCalls.CheckpointBytesAllocated;
        Assert.Equal(0, solveBytes % chunks);

        using var solver = new EnsembleSolver<double, Lorenz63>(trajectories, Dopri5, ensembleOptions);
        Assert.Equal(0, solver.CheckpointBytesAllocated);
        chunked.Chunked(solver).GradientSummary.ThrowIfFailed();
        Assert.Equal(solver.WorkerCount * (solveBytes / chunks), solver.CheckpointBytesAllocated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ScalarEngine_CheckpointBytesAreOneTrajectoryStorePerWorker(int workers)
    {
        EnsembleCase<Lorenz63> problem = SolveAndGradientTests.Shared<Lorenz63>(500, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0);
        // Stores that start small (16 checkpoints) and double: each ends at the first capacity that holds the longest
        // trajectory, so the workers hold between one and two longest trajectories' checkpoints each.
        using var solver = new EnsembleSolver<double, Lorenz63>(500, Dopri5 with { CheckpointCapacity = 16 },
            new EnsembleOptions { WorkerCount = workers, Vectorize = EnsembleVectorization.Never });
        ChunkedCase<Lorenz63>.Run run = ChunkedCase<Lorenz63>.For(problem, seed: 103).Chunked(solver);
        run.GradientSummary.ThrowIfFailed();
        long longest = run.Results.Max(r => r.Statistics.GradientMemoryBytes);
        Assert.InRange(solver.CheckpointBytesAllocated, solver.WorkerCount * longest, solver.WorkerCount * 2 * longest - 1);
        long allTrajectories = run.Results.Sum(r => r.Statistics.GradientMemoryBytes);
        Assert.True(solver.CheckpointBytesAllocated < allTrajectories / 50,
            $"{solver.CheckpointBytesAllocated} B held against {allTrajectories} B for all trajectories' checkpoints");
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto, false)]
    [InlineData(EnsembleVectorization.Auto, true)]
    [InlineData(EnsembleVectorization.Never, false)]
    [InlineData(EnsembleVectorization.Never, true)]
    public void OneWorker_AllocatesZeroBytesAfterWarmUp(EnsembleVectorization engine, bool perTrajectoryTimes)
    {
        // One worker: the whole engine runs on this thread, which is what GetAllocatedBytesForCurrentThread sees.
        Action run = Runner(new EnsembleOptions { WorkerCount = 1, ChunkSize = 25, Vectorize = engine }, perTrajectoryTimes, out _);
        for (int i = 0; i < 3; i++) run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++) run();
        }));
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void TwoWorkers_AllocateZeroBytesOnTheirThreadsAfterWarmUp(EnsembleVectorization engine)
    {
        // Counted on the solver's own threads, as EnsembleAllocationTests does (the test host's threads allocate too).
        Action run = Runner(new EnsembleOptions { WorkerCount = 2, ChunkSize = 9, Vectorize = engine }, perTrajectoryTimes: true,
            out EnsembleSolver<double, Lorenz63> solver);
        for (int i = 0; i < 3; i++) run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++) run();
        }, solver.AllocatedBytesOnOwnThreads));
    }

    private static Action Runner(EnsembleOptions ensembleOptions, bool perTrajectoryTimes, out EnsembleSolver<double, Lorenz63> solver)
    {
        const int trajectories = 50;
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 0.1, seed: 104);
        double[] p = Lorenz63.SampleParameters;
        (double[] times, int[] offsets) = perTrajectoryTimes
            ? EnsembleCase<Lorenz63>.IrregularTimes(trajectories, 1.0, seed: 105)
            : ([0.0, 0.3, 0.7, 1.0], []);
        int rows = perTrajectoryTimes ? times.Length : trajectories * times.Length;
        var outputs = new double[rows * 3];
        var results = new SolveResult[trajectories];
        var gradients = new GradientResult[trajectories];
        var gradZ0 = new double[trajectories * 3];
        var gradP = new double[3];
        var loss = new SquaredErrorLoss
        {
            Targets = SquaredErrorLoss.RandomTargets(rows, 3, seed: 106),
            FirstRows = perTrajectoryTimes ? offsets : null,
            Weights = [1, 0.5, 0.25],
        };
        var ensemble = new EnsembleSolver<double, Lorenz63>(trajectories, Dopri5, ensembleOptions);
        solver = ensemble;
        return () =>
        {
            EnsembleLossResult<double> result = perTrajectoryTimes
                ? ensemble.SolveAndGradient(z0, p, times, offsets, outputs, results, ref loss, gradZ0, gradP, gradients)
                : ensemble.SolveAndGradient(z0, p, times, outputs, results, ref loss, gradZ0, gradP, gradients);
            result.ThrowIfFailed();
        };
    }
}
