using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The SIMD lane engine (eight trajectories per Vector512, refilled as they finish) gives every trajectory the bits
/// of the scalar ensemble engine and of <see cref="OdeSolver{T, TDynamics}"/> alone: outputs, statuses with
/// statistics, ∂L/∂z₀, ∂L/∂θ rows and the shared sum, ∂L/∂t₀, ∂L/∂t_end. Bitwise, no tolerance: the step decisions
/// are the same IEEE operations in vector form (see StepRuleLaneTests), and the kernels are the scalar ones per lane
/// (fallback) or a lane kernel with the same contract.
/// </summary>
public sealed class LaneEngineTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    // Chunks of 64: up to eight lanes busy, each refilled several times, and a masked tail per chunk.
    private static readonly EnsembleOptions Lanes = new() { WorkerCount = 2, ChunkSize = 64 };
    private static readonly EnsembleOptions Scalar = Lanes with { Vectorize = EnsembleVectorization.Never };

    [Fact]
    public void Vectorize_Auto_UsesLanesExactlyWhereTheyApply()
    {
        bool simd = Vector512.IsHardwareAccelerated;
        Assert.Equal(simd, IsVectorized<double, Lorenz63>(Dopri5, Lanes));
        Assert.Equal(simd, IsVectorized<double, Lorenz63>(Dopri5 with { Gradient = GradientMethod.None }, Lanes));
        Assert.False(IsVectorized<double, Lorenz63>(Dopri5, Scalar));
        Assert.False(IsVectorized<float, Lorenz63>(Dopri5, Lanes));
        Assert.False(IsVectorized<double, Lorenz63>(Dopri5 with { Gradient = GradientMethod.Naive }, Lanes));
        Assert.False(IsVectorized<double, Lorenz63>(Dopri5 with { Gradient = GradientMethod.Adjoint }, Lanes));
        Assert.False(IsVectorized<double, Lorenz63>(Dopri5 with { FixedStep = 0.01 }, Lanes));
    }

    private static bool IsVectorized<T, TSys>(OdeOptions options, EnsembleOptions ensembleOptions)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TSys : IOdeDynamics<T>
    {
        using var solver = new EnsembleSolver<T, TSys>(3, options, ensembleOptions);
        return solver.IsVectorized;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Lorenz63_LanesEqualScalarEngineAndSingleSolver(int trajectories) =>
        AssertLanesEqual(Shared<Lorenz63>(trajectories, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void TanhMlp_SharedTheta_LanesEqualScalarEngineAndSingleSolver(int trajectories) =>
        AssertLanesEqual(Shared<TanhMlp>(trajectories, TanhMlp.SampleState, TanhMlp.SampleParameters, 1.0), Dopri5);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void PlanarThreeBody_LanesEqualScalarEngineAndSingleSolver(int trajectories) =>
        AssertLanesEqual(Shared<PlanarThreeBody>(trajectories, PlanarThreeBody.SampleState, PlanarThreeBody.SampleParameters, 0.5,
            spread: 0.01), Dopri5);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void ThreeBody3D_LanesEqualScalarEngineAndSingleSolver(int trajectories) =>
        AssertLanesEqual(Shared<ThreeBody3D>(trajectories, ThreeBody3D.SampleState, ThreeBody3D.SampleParameters, 0.5, spread: 0.01),
            Dopri5);

    [Fact]
    public void Lorenz63_Dop853_LanesEqualScalarEngineAndSingleSolver() =>
        AssertLanesEqual(Shared<Lorenz63>(100, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Method = RungeKuttaMethod.DormandPrince853 });

    [Fact]
    public void Lorenz63_UserTableau_LanesEqualScalarEngineAndSingleSolver() =>
        AssertLanesEqual(Shared<Lorenz63>(100, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Tableau = Support.Fehlberg45.Tableau });

    [Fact]
    public void Lorenz63_ForwardOnly_LanesEqualScalarEngineAndSingleSolver() =>
        AssertLanesEqual(Shared<Lorenz63>(100, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0),
            Dopri5 with { Gradient = GradientMethod.None });

    [Fact]
    public void Lorenz63_65537Trajectories_LanesEqualScalarEngineAndSingleSolver() =>
        // Short (t ∈ [0, 0.1]) so that three runs of 65,537 trajectories take a few seconds.
        AssertLanesEqual(Shared<Lorenz63>(65_537, Lorenz63.SampleState, Lorenz63.SampleParameters, 0.1), Dopri5,
            new EnsembleOptions { WorkerCount = 2 });

    [Fact]
    public void PerTrajectoryThetaAndIrregularTimesSomeBackwards_LanesEqualScalarEngineAndSingleSolver()
    {
        const int B = 300;
        (double[] times, int[] offsets) = EnsembleCase<TanhMlp>.IrregularTimes(B, 1.0, seed: 81, someBackwards: true);
        var ensemble = new EnsembleCase<TanhMlp>
        {
            Trajectories = B,
            Z0 = EnsembleCase<TanhMlp>.Perturbed(TanhMlp.SampleState, B, 0.2, seed: 82),
            P = EnsembleCase<TanhMlp>.Perturbed(TanhMlp.SampleParameters, B, 0.05, seed: 83),
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<TanhMlp>.RandomSeeds(times.Length, seed: 84),
        };
        AssertLanesEqual(ensemble, Dopri5, sharedGradient: false);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OneOrTwoWorkers_LanesGiveIdenticalBits(int workers)
    {
        EnsembleCase<Lorenz63> ensemble = Shared<Lorenz63>(500, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0);
        EnsembleCase<Lorenz63>.Run one = ensemble.Ensemble(Dopri5, Lanes with { WorkerCount = 1 });
        EnsembleCase<Lorenz63>.Run other = ensemble.Ensemble(Dopri5, Lanes with { WorkerCount = workers, ChunkSize = 24 });
        AssertSameBits(one, other, "1 worker, chunks of 64", $"{workers} workers, chunks of 24");
    }

    /// <summary>
    /// The lane-kernel path (the dynamics has lane hooks): masks, idle lanes in the tail, and — for a system that
    /// reads t — the steps whose time gradients need the scalar VJP redone per lane with ∂L/∂θ restored.
    /// </summary>
    [Fact]
    public void LaneKernels_Autonomous_EqualSingleSolver() =>
        AssertLanesEqual(Shared<WithLaneKernels<Lorenz63>>(203, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0), Dopri5);

    [Fact]
    public void LaneKernels_TimeDependent_PerTrajectoryTheta_EqualSingleSolver()
    {
        const int B = 101;
        double[] times = [0.0, 0.7, 1.5, 3.0];
        var ensemble = new EnsembleCase<WithLaneKernels<ForcedOscillator>>
        {
            Trajectories = B,
            Z0 = EnsembleCase<WithLaneKernels<ForcedOscillator>>.Perturbed(ForcedOscillator.SampleState, B, 0.3, seed: 85),
            P = EnsembleCase<WithLaneKernels<ForcedOscillator>>.Perturbed(ForcedOscillator.SampleParameters, B, 0.2, seed: 86),
            Times = times,
            Seeds = EnsembleCase<WithLaneKernels<ForcedOscillator>>.RandomSeeds(B * times.Length, seed: 87),
        };
        AssertLanesEqual(ensemble, Dopri5, sharedGradient: false);
        AssertLanesEqual(ensemble, Dopri5 with { Method = RungeKuttaMethod.DormandPrince853 }, sharedGradient: true);
    }

    [Theory]
    [InlineData(1)]     // the test on every accepted step
    [InlineData(7)]     // lanes reach their scheduled tests at different steps
    [InlineData(StiffnessDetector.DefaultTestInterval)]
    public void StiffLanesStopWithLikelyStiff_OthersSucceed_EachAsTheSingleSolver(int stiffnessTestInterval)
    {
        // Van der Pol with μ = 1000 every third trajectory: on the slow manifold DOPRI5 crawls at its stability limit,
        // the stiffness test fires and MaxSteps stops it (LikelyStiff, see StiffnessTests); μ ≤ 2.5 ends well within
        // the limit. One vector holds both kinds; each lane keeps its own schedule.
        const int B = 24;
        var mu = new double[B];
        for (int b = 0; b < B; b++) mu[b] = b % 3 == 0 ? 1000 : 1 + b / 16.0;
        double[] times = [0.0, 1.0, 3.0];
        var ensemble = new EnsembleCase<VanDerPol>
        {
            Trajectories = B,
            Z0 = EnsembleCase<VanDerPol>.Perturbed(VanDerPol.SampleState, B, 0.1, seed: 88),
            P = mu,
            Times = times,
            Seeds = EnsembleCase<VanDerPol>.RandomSeeds(B * times.Length, seed: 89),
        };
        OdeOptions options = Dopri5 with { MaxSteps = 2000, StiffnessTestInterval = stiffnessTestInterval };
        EnsembleCase<VanDerPol>.Run expected = ensemble.Reference(options);
        EnsembleCase<VanDerPol>.Run vectorized = ensemble.Ensemble(options, Lanes, sharedGradient: false);
        EnsembleCase<VanDerPol>.Run scalar = ensemble.Ensemble(options, Scalar, sharedGradient: false);
        for (int b = 0; b < B; b++)
            Assert.Equal(b % 3 == 0 ? OdeStatus.LikelyStiff : OdeStatus.Success, expected.Results[b].Status);
        AssertSameBits(scalar, vectorized, "scalar engine", "lanes");
        Assert.Equal(expected.Results, vectorized.Results);
        Bits.Equal(expected.Outputs, vectorized.Outputs, "outputs vs single solver");
        Bits.Equal(expected.GradZ0, vectorized.GradZ0, "gradZ0 vs single solver (NaN where the solve failed)");
        Bits.Equal(expected.GradPRows, vectorized.GradPRows, "gradP rows vs single solver");
    }

    [Fact]
    public void FixedCheckpointStoreFull_FailsThoseLanesAlone_AsTheSingleSolver()
    {
        // A fixed store (CheckpointGrowth.Fail) as large as the median trajectory needs: the trajectories that need
        // more stop with CheckpointCapacityExceeded, in the middle of a vector; the others succeed.
        EnsembleCase<Lorenz63> ensemble = Shared<Lorenz63>(40, Lorenz63.SampleState, Lorenz63.SampleParameters, 1.0, spread: 3.0);
        int[] steps = ensemble.Reference(Dopri5).Results.Select(r => r.Statistics.AcceptedSteps).Order().ToArray();
        OdeOptions options = Dopri5 with { CheckpointGrowth = CheckpointGrowth.Fail, CheckpointCapacity = steps[steps.Length / 2] };
        EnsembleCase<Lorenz63>.Run expected = ensemble.Reference(options);
        EnsembleCase<Lorenz63>.Run vectorized = ensemble.Ensemble(options, Lanes);
        EnsembleCase<Lorenz63>.Run scalar = ensemble.Ensemble(options, Scalar);
        int full = expected.Results.Count(r => r.Status == OdeStatus.CheckpointCapacityExceeded);
        Assert.InRange(full, 1, 39); // the test needs both kinds
        AssertSameBits(scalar, vectorized, "scalar engine", "lanes");
        Assert.Equal(expected.Results, vectorized.Results);
        Bits.Equal(expected.Outputs, vectorized.Outputs, "outputs vs single solver");
        Bits.Equal(expected.GradZ0, vectorized.GradZ0, "gradZ0 vs single solver (NaN where the solve failed)");
        Bits.Equal(expected.GradPSum, vectorized.GradPSum, "shared gradP over the trajectories that succeeded");
    }

    private static EnsembleCase<TSys> Shared<TSys>(int trajectories, double[] state, double[] parameters, double end, double spread = 0.1)
        where TSys : IOdeDynamics<double>
    {
        double[] times = [0.0, 0.25 * end, 0.6 * end, end];
        return new EnsembleCase<TSys>
        {
            Trajectories = trajectories,
            Z0 = EnsembleCase<TSys>.Perturbed(state, trajectories, spread, seed: trajectories + 7),
            P = parameters,
            Times = times,
            Seeds = EnsembleCase<TSys>.RandomSeeds(trajectories * times.Length, seed: trajectories + 8),
        };
    }

    private static void AssertLanesEqual<TSys>(EnsembleCase<TSys> ensemble, OdeOptions options, EnsembleOptions? lanes = null,
        bool sharedGradient = true) where TSys : IOdeDynamics<double>
    {
        lanes ??= Lanes;
        using (var probe = new EnsembleSolver<double, TSys>(ensemble.Trajectories, options, lanes))
            Assert.Equal(Vector512.IsHardwareAccelerated, probe.IsVectorized);
        EnsembleCase<TSys>.Run expected = ensemble.Reference(options);
        EnsembleCase<TSys>.Run vectorized = ensemble.Ensemble(options, lanes, sharedGradient);
        EnsembleCase<TSys>.Run scalar = ensemble.Ensemble(options, lanes with { Vectorize = EnsembleVectorization.Never }, sharedGradient);
        Assert.True(vectorized.Summary.IsSuccess, vectorized.Summary.Describe());
        AssertSameBits(scalar, vectorized, "scalar engine", "lanes");
        Bits.Equal(expected.Outputs, vectorized.Outputs, "outputs vs single solver");
        Assert.Equal(expected.Results, vectorized.Results);
        if (options.Gradient == GradientMethod.None) return;
        Assert.True(vectorized.GradientSummary.IsSuccess, vectorized.GradientSummary.Describe());
        Bits.Equal(expected.GradZ0, vectorized.GradZ0, "gradZ0 vs single solver");
        if (sharedGradient) Bits.Equal(expected.GradPSum, vectorized.GradPSum, "shared gradP vs single solvers summed in order");
        else Bits.Equal(expected.GradPRows, vectorized.GradPRows, "gradP rows vs single solver");
        Assert.Equal(expected.Gradients, vectorized.Gradients);
    }

    private static void AssertSameBits<TSys>(EnsembleCase<TSys>.Run a, EnsembleCase<TSys>.Run b, string aName, string bName)
        where TSys : IOdeDynamics<double>
    {
        string what = $"{bName} vs {aName}";
        Bits.Equal(a.Outputs, b.Outputs, $"outputs, {what}");
        Assert.Equal(a.Results, b.Results);
        Assert.Equal(a.Summary, b.Summary);
        Bits.Equal(a.GradZ0, b.GradZ0, $"gradZ0, {what}");
        Bits.Equal(a.GradPRows, b.GradPRows, $"gradP rows, {what}");
        Bits.Equal(a.GradPSum, b.GradPSum, $"shared gradP, {what}");
        Assert.Equal(a.Gradients, b.Gradients);
        Assert.Equal(a.GradientSummary, b.GradientSummary);
    }
}
