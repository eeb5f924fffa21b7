using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// SolveAndGradient (solve and differentiate chunk by chunk, seeds from a per-trajectory loss) equals Solve, the
/// loss's seeds, then Gradient, bit for bit: outputs, statuses with statistics, ∂L/∂z₀, ∂L/∂θ (shared sum in
/// trajectory order, or rows), time gradients, aggregates and the loss; on the lane engine and the scalar engine,
/// with one and two workers, shared and per-trajectory θ and times.
/// </summary>
public sealed class SolveAndGradientTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    public static TheoryData<int, EnsembleVectorization, int> SizesEnginesWorkers()
    {
        var data = new TheoryData<int, EnsembleVectorization, int>();
        foreach (int trajectories in new[] { 1, 7, 1000 })
            foreach (EnsembleVectorization engine in new[] { EnsembleVectorization.Auto, EnsembleVectorization.Never })
                foreach (int workers in new[] { 1, 2 })
                    data.Add(trajectories, engine, workers);
        return data;
    }

    [Theory]
    [MemberData(nameof(SizesEnginesWorkers))]
    public void Lorenz63_SharedThetaAndTimes_EqualsSolveThenGradient(int trajectories, EnsembleVectorization engine, int workers) =>
        AssertEqualsTwoCalls(Shared<Lorenz63>(trajectories, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5, engine, workers);

    [Theory]
    [MemberData(nameof(SizesEnginesWorkers))]
    public void TanhMlp_SharedThetaAndTimes_EqualsSolveThenGradient(int trajectories, EnsembleVectorization engine, int workers) =>
        AssertEqualsTwoCalls(Shared<TanhMlp>(trajectories, TanhMlp.SampleState, TanhMlp.SampleParameters, 1.0), Dopri5, engine, workers);

    [Theory]
    [MemberData(nameof(SizesEnginesWorkers))]
    public void Lorenz63_PerTrajectoryThetaAndTimes_EqualsSolveThenGradientRows(int trajectories, EnsembleVectorization engine, int workers)
    {
        (double[] times, int[] offsets) = EnsembleCase<Lorenz63>.IrregularTimes(trajectories, 1.0, seed: 81);
        EnsembleCase<Lorenz63> problem = PerTrajectory<Lorenz63>(trajectories, Lorenz63.SampleState,
            EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, trajectories, 1.0, seed: 82), times, offsets);
        AssertEqualsTwoCalls(problem, Dopri5, engine, workers, sharedGradient: false);
    }

    [Theory]
    [MemberData(nameof(SizesEnginesWorkers))]
    public void TanhMlp_PerTrajectoryThetaAndTimesSomeBackwards_EqualsSolveThenGradient(int trajectories, EnsembleVectorization engine,
        int workers)
    {
        (double[] times, int[] offsets) = EnsembleCase<TanhMlp>.IrregularTimes(trajectories, 2.0, seed: 83, someBackwards: true);
        EnsembleCase<TanhMlp> problem = PerTrajectory<TanhMlp>(trajectories, TanhMlp.SampleState,
            EnsembleCase<TanhMlp>.Perturbed(TanhMlp.SampleParameters, trajectories, 0.2, seed: 84), times, offsets);
        AssertEqualsTwoCalls(problem, Dopri5, engine, workers, sharedGradient: false);
        AssertEqualsTwoCalls(problem, Dopri5, engine, workers, sharedGradient: true);
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void Lorenz63_65537Trajectories_EqualsSolveThenGradient(EnsembleVectorization engine) =>
        // Short (t ∈ [0, 0.1]) as the single-solver test of this size: two ensemble runs in about a second.
        AssertEqualsTwoCalls(Shared<Lorenz63>(65_537, Lorenz63.SampleState, Lorenz63.SampleParameters, 0.1), Dopri5, engine, workers: 2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LorenzWithLaneKernels_1000Trajectories_EqualsSolveThenGradient(int workers) =>
        // The lane step-VJP path of the backward sweep (whole-vector slots, time-term lanes), not only the per-lane one.
        AssertEqualsTwoCalls(Shared<WithLaneKernels<Lorenz63>>(1000, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5,
            EnsembleVectorization.Auto, workers);

    [Theory]
    [InlineData(GradientMethod.Naive)]
    [InlineData(GradientMethod.Adjoint)]
    public void Lorenz63_OtherGradientMethods_EqualSolveThenGradient(GradientMethod method) =>
        AssertEqualsTwoCalls(Shared<Lorenz63>(50, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5 with { Gradient = method },
            EnsembleVectorization.Auto, workers: 2);

    [Fact]
    public void Lorenz63_Dop853_EqualsSolveThenGradient() =>
        AssertEqualsTwoCalls(Shared<Lorenz63>(100, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Method = AcaKernels.Tableaus.RungeKuttaMethod.DormandPrince853 }, EnsembleVectorization.Auto, workers: 2);

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void Lorenz63_RepeatedCallsOnOneSolver_GiveIdenticalBits(EnsembleVectorization engine)
    {
        // The worker logs and stores are reused call after call (and chunk after chunk): nothing of one chunk leaks into the next.
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(Shared<Lorenz63>(300, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), 85);
        using var solver = new EnsembleSolver<double, Lorenz63>(300, Dopri5, new EnsembleOptions { WorkerCount = 2, Vectorize = engine });
        ChunkedCase<Lorenz63>.Run first = chunked.Chunked(solver), second = chunked.Chunked(solver);
        second.AssertSameBits(first);
    }

    [Fact]
    public void AfterSolveAndGradient_Gradient_HasNothingToDifferentiate()
    {
        ChunkedCase<Lorenz63> chunked = ChunkedCase<Lorenz63>.For(Shared<Lorenz63>(20, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), 86);
        using var solver = new EnsembleSolver<double, Lorenz63>(20, Dopri5, new EnsembleOptions { WorkerCount = 2 });
        ChunkedCase<Lorenz63>.Run run = chunked.Chunked(solver);
        Assert.True(run.GradientSummary.IsSuccess, run.GradientSummary.Describe());
        var gradients = new GradientResult[20];
        EnsembleResult after = solver.Gradient(new double[run.Outputs.Length], new double[60], new double[3], gradients);
        Assert.Equal(20, after.Failed);
        Assert.All(gradients, g => Assert.Equal(OdeStatus.NoForwardSolve, g.Result.Status));
    }

    internal static EnsembleCase<TSys> Shared<TSys>(int trajectories, double[] state, double[] parameters, double end)
        where TSys : IOdeDynamics<double> =>
        EnsembleEqualsSingleSolverTests.SharedCase<TSys>(trajectories, state, parameters, end);

    private static EnsembleCase<TSys> PerTrajectory<TSys>(int trajectories, double[] state, double[] parameters, double[] times, int[] offsets)
        where TSys : IOdeDynamics<double> => new()
    {
        Trajectories = trajectories,
        Z0 = EnsembleCase<TSys>.Perturbed(state, trajectories, 0.5, seed: trajectories + 7),
        P = trajectories == 1 ? parameters[..TSys.ParameterSize] : parameters,
        Times = times,
        Offsets = offsets,
        Seeds = [],
    };

    internal static void AssertEqualsTwoCalls<TSys>(EnsembleCase<TSys> problem, OdeOptions options, EnsembleVectorization engine, int workers,
        bool sharedGradient = true) where TSys : IOdeDynamics<double>
    {
        ChunkedCase<TSys> chunked = ChunkedCase<TSys>.For(problem, seed: problem.Trajectories + 3);
        var ensembleOptions = new EnsembleOptions { WorkerCount = workers, Vectorize = engine };
        ChunkedCase<TSys>.Run expected = chunked.TwoCalls(options, ensembleOptions, sharedGradient);
        ChunkedCase<TSys>.Run actual = chunked.Chunked(options, ensembleOptions, sharedGradient);
        Assert.True(actual.Summary.IsSuccess, actual.Summary.Describe());
        Assert.True(actual.GradientSummary.IsSuccess, actual.GradientSummary.Describe());
        Assert.Equal(problem.Trajectories, actual.LossCalls);
        Assert.True(actual.Loss > 0, "the loss of a fit to random targets is positive");
        actual.AssertSameBits(expected);
    }
}
