using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// Every trajectory of an ensemble equals <see cref="OdeSolver{T, TDynamics}"/> on that trajectory alone, bit for
/// bit (same engine, same operation order): outputs, statuses with statistics, ∂L/∂z₀, ∂L/∂θ per trajectory and
/// the shared-θ sum (in the engines' fixed block order), ∂L/∂t₀ and ∂L/∂t_end.
/// </summary>
public sealed class EnsembleEqualsSingleSolverTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private static readonly EnsembleOptions TwoWorkers = new() { WorkerCount = 2 };

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Lorenz63_SharedThetaAndTimes_EqualsSingleSolver(int trajectories) =>
        AssertEqualsSingle(SharedCase<Lorenz63>(trajectories, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void TanhMlp_SharedThetaAndTimes_EqualsSingleSolver(int trajectories) =>
        AssertEqualsSingle(SharedCase<TanhMlp>(trajectories, TanhMlp.SampleState, TanhMlp.SampleParameters, 1.0), Dopri5);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void PlanarThreeBody_SharedMassesAndTimes_EqualsSingleSolver(int trajectories) =>
        AssertEqualsSingle(SharedCase<PlanarThreeBody>(trajectories, PlanarThreeBody.SampleState, PlanarThreeBody.SampleParameters, 0.5),
            Dopri5);

    [Theory]
    [InlineData(7)]
    [InlineData(1000)]
    public void Lorenz63_PerTrajectoryThetaAndIrregularTimes_EqualsSingleSolver(int trajectories)
    {
        (double[] times, int[] offsets) = EnsembleCase<Lorenz63>.IrregularTimes(trajectories, 1.0, seed: 11);
        var ensemble = new EnsembleCase<Lorenz63>
        {
            Trajectories = trajectories,
            Z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 0.5, seed: 12),
            P = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, trajectories, 1.0, seed: 13),
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<Lorenz63>.RandomSeeds(times.Length, seed: 14),
        };
        AssertEqualsSingle(ensemble, Dopri5, sharedGradient: false);
    }

    [Fact]
    public void TanhMlp_IrregularTimesSomeBackwards_EqualsSingleSolver()
    {
        (double[] times, int[] offsets) = EnsembleCase<TanhMlp>.IrregularTimes(100, 2.0, seed: 15, someBackwards: true);
        var ensemble = new EnsembleCase<TanhMlp>
        {
            Trajectories = 100,
            Z0 = EnsembleCase<TanhMlp>.Perturbed(TanhMlp.SampleState, 100, 0.5, seed: 16),
            P = TanhMlp.SampleParameters,
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<TanhMlp>.RandomSeeds(times.Length, seed: 17),
        };
        AssertEqualsSingle(ensemble, Dopri5);
    }

    [Fact]
    public void TanhMlp_SharedThetaAsGradientRows_EachRowEqualsSingleSolver() =>
        AssertEqualsSingle(SharedCase<TanhMlp>(7, TanhMlp.SampleState, TanhMlp.SampleParameters, 1.0), Dopri5, sharedGradient: false);

    [Fact]
    public void Lorenz63_65537Trajectories_EqualsSingleSolver() =>
        // Short (t ∈ [0, 0.1]) so that solving 65,537 trajectories twice (ensemble, reference) takes about a second.
        AssertEqualsSingle(SharedCase<Lorenz63>(65_537, Lorenz63.SampleState, Lorenz63.SampleParameters, 0.1), Dopri5);

    [Theory]
    [InlineData(GradientMethod.Naive)]
    [InlineData(GradientMethod.Adjoint)]
    [InlineData(GradientMethod.None)]
    public void Lorenz63_OtherGradientMethods_EqualSingleSolver(GradientMethod method) =>
        AssertEqualsSingle(SharedCase<Lorenz63>(7, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Gradient = method });

    [Fact]
    public void Lorenz63_Dop853_EqualsSingleSolver() =>
        AssertEqualsSingle(SharedCase<Lorenz63>(7, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Method = AcaKernels.Tableaus.RungeKuttaMethod.DormandPrince853 });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TanhMlp_OneOrTwoWorkersAnyChunkSize_GiveIdenticalBits(bool perTrajectoryTimes)
    {
        EnsembleCase<TanhMlp> ensemble = SharedCase<TanhMlp>(1000, TanhMlp.SampleState, TanhMlp.SampleParameters, 1.0);
        if (perTrajectoryTimes)
        {
            (double[] times, int[] offsets) = EnsembleCase<TanhMlp>.IrregularTimes(1000, 1.0, seed: 21, someBackwards: true);
            ensemble = new EnsembleCase<TanhMlp>
            {
                Trajectories = 1000, Z0 = ensemble.Z0, P = ensemble.P, Times = times, Offsets = offsets,
                Seeds = EnsembleCase<TanhMlp>.RandomSeeds(times.Length, seed: 22),
            };
        }
        EnsembleCase<TanhMlp>.Run one = ensemble.Ensemble(Dopri5, new EnsembleOptions { WorkerCount = 1 });
        EnsembleCase<TanhMlp>.Run two = ensemble.Ensemble(Dopri5, TwoWorkers);
        EnsembleCase<TanhMlp>.Run chunksOfOne = ensemble.Ensemble(Dopri5, new EnsembleOptions { WorkerCount = 2, ChunkSize = 1 });
        foreach (EnsembleCase<TanhMlp>.Run other in new[] { two, chunksOfOne })
        {
            Bits.Equal(one.Outputs, other.Outputs, "outputs");
            Bits.Equal(one.GradZ0, other.GradZ0, "gradZ0");
            Bits.Equal(one.GradPSum, other.GradPSum, "shared gradP");
            Assert.Equal(one.Results, other.Results);
            Assert.Equal(one.Gradients, other.Gradients);
            Assert.Equal(one.Summary, other.Summary);
        }
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void ChunkSizeAboveTrajectories_IsOneChunkOfAll(EnsembleVectorization vectorize)
    {
        // int.MaxValue once overflowed the chunk count (B + size − 1) and threw OverflowException from the constructor.
        EnsembleCase<Lorenz63> ensemble = SharedCase<Lorenz63>(20, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0);
        EnsembleCase<Lorenz63>.Run oneChunk = ensemble.Ensemble(Dopri5, new EnsembleOptions { WorkerCount = 2, ChunkSize = 20, Vectorize = vectorize });
        foreach (int chunkSize in (int[])[21, int.MaxValue])
        {
            EnsembleCase<Lorenz63>.Run run = ensemble.Ensemble(Dopri5, new EnsembleOptions { WorkerCount = 2, ChunkSize = chunkSize, Vectorize = vectorize });
            Bits.Equal(oneChunk.Outputs, run.Outputs, "outputs");
            Bits.Equal(oneChunk.GradZ0, run.GradZ0, "gradZ0");
            Bits.Equal(oneChunk.GradPSum, run.GradPSum, "shared gradP");
            Assert.Equal(oneChunk.Results, run.Results);
        }
    }

    [Fact]
    public void Lorenz63_RepeatedSolvesOnOneEnsemble_GiveIdenticalBits()
    {
        EnsembleCase<Lorenz63> ensemble = SharedCase<Lorenz63>(100, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0);
        using var solver = new EnsembleSolver<double, Lorenz63>(100, Dopri5, TwoWorkers);
        EnsembleCase<Lorenz63>.Run first = ensemble.Ensemble(solver), second = ensemble.Ensemble(solver);
        Bits.Equal(first.Outputs, second.Outputs, "outputs");
        Bits.Equal(first.GradPSum, second.GradPSum, "shared gradP");
        Bits.Equal(first.GradZ0, second.GradZ0, "gradZ0");
    }

    internal static EnsembleCase<TSys> SharedCase<TSys>(int trajectories, double[] state, double[] parameters, double end)
        where TSys : IOdeDynamics<double>
    {
        double[] times = [0.0, 0.25 * end, 0.6 * end, end];
        return new EnsembleCase<TSys>
        {
            Trajectories = trajectories,
            Z0 = EnsembleCase<TSys>.Perturbed(state, trajectories, 0.1, seed: trajectories),
            P = parameters,
            Times = times,
            Seeds = EnsembleCase<TSys>.RandomSeeds(trajectories * times.Length, seed: trajectories + 1),
        };
    }

    internal static void AssertEqualsSingle<TSys>(EnsembleCase<TSys> ensemble, OdeOptions options, bool sharedGradient = true)
        where TSys : IOdeDynamics<double>
    {
        EnsembleCase<TSys>.Run expected = ensemble.Reference(options);
        EnsembleCase<TSys>.Run actual = ensemble.Ensemble(options, TwoWorkers, sharedGradient);
        Assert.True(actual.Summary.IsSuccess, actual.Summary.Describe());
        Bits.Equal(expected.Outputs, actual.Outputs, "outputs");
        Assert.Equal(expected.Results, actual.Results);
        if (options.Gradient == GradientMethod.None) return;
        Assert.True(actual.GradientSummary.IsSuccess, actual.GradientSummary.Describe());
        Bits.Equal(expected.GradZ0, actual.GradZ0, "gradZ0");
        if (sharedGradient) Bits.Equal(expected.GradPSum, actual.GradPSum, "shared gradP (sum in the fixed block order)");
        else Bits.Equal(expected.GradPRows, actual.GradPRows, "gradP rows");
        Assert.Equal(expected.Gradients, actual.Gradients);
    }
}
