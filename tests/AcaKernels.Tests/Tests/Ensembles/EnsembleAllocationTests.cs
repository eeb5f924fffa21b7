using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>After warm-up an ensemble solve and gradient allocate nothing: buffers, checkpoint arena and worker
/// threads are created once.</summary>
[Collection(AllocationCollection.Name)]
public sealed class EnsembleAllocationTests
{
    [Theory]
    [InlineData(GradientMethod.Aca, false)]
    [InlineData(GradientMethod.Aca, true)]
    [InlineData(GradientMethod.Naive, false)]
    [InlineData(GradientMethod.Adjoint, false)]
    [InlineData(GradientMethod.None, false)]
    public void OneWorker_SolveAndGradient_AllocateZeroBytesAfterWarmUp(GradientMethod method, bool perTrajectoryTimes)
    {
        // One worker: the whole engine runs on this thread, which is what GetAllocatedBytesForCurrentThread sees.
        Action run = Runner(new OdeOptions { Gradient = method }, new EnsembleOptions { WorkerCount = 1 }, perTrajectoryTimes);
        for (int i = 0; i < 3; i++) run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++) run();
        }));
    }

    [Fact]
    public void TwoWorkers_SolveAndGradient_AllocateZeroBytesOnAnyOfTheirThreadsAfterWarmUp()
    {
        // Counted on the solver's own threads (the calling thread and the worker), each read on that thread, not with
        // GC.GetTotalAllocatedBytes: the test host's threads allocate while a test runs (xunit's message bus and the
        // VSTest channel still reporting earlier tests). At load ~40 they were measured allocating 168 B to 7 KB per
        // 300 ms while the test thread only spun on arithmetic and the solver's threads allocated nothing; that was
        // this test's occasional 168 B. The least of three measurements discounts phantom bytes that a garbage
        // collection started elsewhere can add to a thread's count (code that allocates does so every time).
        Action run = Runner(new OdeOptions(), new EnsembleOptions { WorkerCount = 2, ChunkSize = 3 }, perTrajectoryTimes: true,
            out EnsembleSolver<double, Lorenz63> solver);
        for (int i = 0; i < 3; i++) run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++) run();
        }, solver.AllocatedBytesOnOwnThreads));
    }

    [Theory]
    [InlineData(GradientMethod.Aca, false)]
    [InlineData(GradientMethod.Aca, true)]
    [InlineData(GradientMethod.None, false)]
    public void Lanes_OneWorker_SolveAndGradient_AllocateZeroBytesAfterWarmUp(GradientMethod method, bool perTrajectoryTimes)
    {
        // Chunks of 25: eight lanes refilled as trajectories finish, and a masked tail.
        Action run = Runner(new OdeOptions { Gradient = method }, new EnsembleOptions { WorkerCount = 1, ChunkSize = 25 },
            perTrajectoryTimes, out EnsembleSolver<double, Lorenz63> solver);
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, solver.IsVectorized);
        for (int i = 0; i < 3; i++) run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++) run();
        }));
    }

    private static Action Runner(OdeOptions options, EnsembleOptions ensembleOptions, bool perTrajectoryTimes) =>
        Runner(options, ensembleOptions, perTrajectoryTimes, out _);

    private static Action Runner(OdeOptions options, EnsembleOptions ensembleOptions, bool perTrajectoryTimes,
        out EnsembleSolver<double, Lorenz63> solver)
    {
        const int trajectories = 50;
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 0.1, seed: 51);
        double[] p = Lorenz63.SampleParameters;
        (double[] times, int[] offsets) = perTrajectoryTimes
            ? EnsembleCase<Lorenz63>.IrregularTimes(trajectories, 1.0, seed: 52)
            : ([0.0, 0.3, 0.7, 1.0], []);
        int rows = perTrajectoryTimes ? times.Length : trajectories * times.Length;
        var outputs = new double[rows * 3];
        var seeds = EnsembleCase<Lorenz63>.RandomSeeds(rows, seed: 53);
        var results = new SolveResult[trajectories];
        var gradients = new GradientResult[trajectories];
        var gradZ0 = new double[trajectories * 3];
        var gradP = new double[3];
        var ensemble = new EnsembleSolver<double, Lorenz63>(trajectories, options, ensembleOptions);
        solver = ensemble;
        return () =>
        {
            EnsembleResult solved = perTrajectoryTimes
                ? ensemble.Solve(z0, p, times, offsets, outputs, results)
                : ensemble.Solve(z0, p, times, outputs, results);
            solved.ThrowIfFailed();
            if (options.Gradient != GradientMethod.None) ensemble.Gradient(seeds, gradZ0, gradP, gradients).ThrowIfFailed();
        };
    }
}
