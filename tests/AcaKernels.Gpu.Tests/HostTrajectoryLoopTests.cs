using AcaKernels.Ensembles;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The host's pass over the trajectories after a kernel, on several threads when B is large: the same results and the
/// same summary (failure count, first failure, summed statistics) as one thread, whatever chunk finishes first.
/// Status words made up here, with failures in later chunks only, so the first failure must come from the tally order.
/// </summary>
public sealed class HostTrajectoryLoopTests
{
    private const int B = HostTrajectoryLoop.ParallelThreshold + 12_345, N = 3, M = 2, Stages = 7;
    private static readonly int[] Failing = [200_000, 200_001, 262_143, B - 1];

    [Fact]
    public void SolveResults_OnSeveralThreads_EqualOneThread()
    {
        (int[] status, double[] times) = StatusWords();
        (SolveResult[] serial, EnsembleResult serialSummary) = Solve(status, times, workers: 1);
        (SolveResult[] parallel, EnsembleResult parallelSummary) = Solve(status, times, workers: 4);

        Assert.Equal(serial, parallel);
        Assert.Equal(serialSummary, parallelSummary);
        Assert.Equal(Failing.Length, parallelSummary.Failed);
        Assert.Equal(Failing[0], parallelSummary.FirstFailedTrajectory);
        Assert.Equal(OdeStatus.MaxStepsExceeded, parallelSummary.FirstFailure.Status);
        Assert.Equal(Enumerable.Range(0, B).Sum(b => (long)Accepted(b)), parallelSummary.AcceptedSteps);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientResults_OnSeveralThreads_EqualOneThread(bool sharedGradP)
    {
        (int[] status, double[] times) = StatusWords();
        var rows = new double[B * M];
        var gradTimes = new double[2 * B];
        for (int i = 0; i < rows.Length; i++) rows[i] = Math.Sin(i);
        for (int i = 0; i < gradTimes.Length; i++) gradTimes[i] = Math.Cos(i);
        var one = new GradientOutputs(sharedGradP);
        var four = new GradientOutputs(sharedGradP);
        EnsembleResult serial = Gradient(status, times, rows, gradTimes, one, workers: 1);
        EnsembleResult parallel = Gradient(status, times, rows, gradTimes, four, workers: 4);

        Assert.Equal(serial, parallel);
        Assert.Equal(one.Results, four.Results);
        Assert.Equal(one.GradZ0, four.GradZ0);
        Assert.Equal(one.GradP, four.GradP);
        Assert.Equal(Failing[0], parallel.FirstFailedTrajectory);
        Assert.True(double.IsNaN(four.GradZ0[Failing[2] * N]));
        Assert.Equal((long)Accepted(5) * Stages, four.Results[5].Statistics.BackwardEvaluations);
        if (!sharedGradP) Assert.Equal(rows[5 * M + 1], four.GradP[5 * M + 1]);
    }

    private static int Accepted(int b) => 40 + b % 23;

    private static (int[] Status, double[] Times) StatusWords()
    {
        var status = new int[B * TrajectoryStatus.IntCount];
        var times = new double[B * TrajectoryStatus.DoubleCount];
        for (int b = 0; b < B; b++)
        {
            int i = b * TrajectoryStatus.IntCount, d = b * TrajectoryStatus.DoubleCount;
            bool fails = Failing.Contains(b);
            status[i + TrajectoryStatus.Status] = (int)(fails ? OdeStatus.MaxStepsExceeded : OdeStatus.Success);
            status[i + TrajectoryStatus.Accepted] = Accepted(b);
            status[i + TrajectoryStatus.Component] = -1;
            status[i + TrajectoryStatus.Rejected] = b % 5;
            status[i + TrajectoryStatus.Evaluations] = 7 * Accepted(b) + b % 5;
            times[d + TrajectoryStatus.Time] = fails ? 0.5 : 1.0;
            times[d + TrajectoryStatus.StepSize] = fails ? 1e-3 : double.NaN;
        }
        return (status, times);
    }

    private static (SolveResult[] Results, EnsembleResult Summary) Solve(int[] status, double[] times, int workers)
    {
        var results = new SolveResult[B];
        using var loop = new HostTrajectoryLoop(B, workers);
        Assert.Equal(workers > 1, loop.IsParallel);
        TrajectoryTally tally = loop.Run(new SolveBody(status, times, results));
        return (results, tally.ToResult(B));
    }

    private static EnsembleResult Gradient(int[] status, double[] times, double[] rows, double[] gradTimes, GradientOutputs outputs, int workers)
    {
        using var loop = new HostTrajectoryLoop(B, workers);
        return loop.Run(new GradientBody(status, times, rows, gradTimes, outputs)).ToResult(B);
    }

    private sealed class GradientOutputs(bool sharedGradP)
    {
        public bool SharedGradP { get; } = sharedGradP;
        public double[] GradZ0 { get; } = new double[B * N];
        public double[] GradP { get; } = new double[sharedGradP ? M : B * M];
        public GradientResult[] Results { get; } = new GradientResult[B];
    }

    private sealed class SolveBody(int[] status, double[] times, SolveResult[] results) : HostTrajectoryLoop.Body
    {
        public override TrajectoryTally Run(int first, int end) =>
            GpuEnsembleHost.SolveResults(status, times, GpuEnsembleHost.CheckpointBytesPerStep(N, sizeof(double)), results, first, end);
    }

    private sealed class GradientBody(int[] status, double[] times, double[] rows, double[] gradTimes, GradientOutputs o) : HostTrajectoryLoop.Body
    {
        public override TrajectoryTally Run(int first, int end) =>
            GpuEnsembleHost.GradientResults<double>(true, status, times, GpuEnsembleHost.CheckpointBytesPerStep(N, sizeof(double)), o.GradZ0, rows,
                gradTimes, o.GradP, o.SharedGradP, o.Results, N, M, Stages, first, end);
    }
}
