using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The lane engine starts trajectories eight at a time (k₀, the finiteness check and Hairer's initial step in lanes,
/// LaneEngine.Starts.cs) when the dynamics has a lane f kernel: every trajectory must still start exactly as the
/// single solver's Integrator.Start does — same first step, same failure (status, component, statistics), same
/// output rows — whatever its neighbours in the batch. Bitwise, against <see cref="OdeSolver{T, TDynamics}"/> alone.
/// </summary>
public sealed class LaneStartTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
    private static readonly EnsembleOptions Lanes = new() { WorkerCount = 2, ChunkSize = 64 };

    [Fact]
    public void FailuresAtStartInOneBatch_EachFailsAsTheSingleSolver_NeighboursUntouched()
    {
        const int B = 40;
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.5, seed: 91);
        // f(t₀, z₀) overflows in component 0 (y − x), 1 (x·(ρ − z)) or 2 (x·y): NonFiniteState at step 0 with that
        // component; trajectory 18's f is finite but huge (Hairer's probe and norms near overflow, MaxSteps ends it).
        Poison(z0, 3, 1e308, -1e308, 0);
        Poison(z0, 4, 1e200, 1e200, -1e200);
        Poison(z0, 10, 1e200, 1e200, 1);
        Poison(z0, 17, 1e308, -1e308, 0);
        Poison(z0, 18, 1e150, 1e150, 1e150);
        Poison(z0, 19, 1e200, 1e200, -1e200);
        var ensemble = new EnsembleCase<WithLaneKernels<Lorenz63>>
        {
            Trajectories = B,
            Z0 = z0,
            P = Lorenz63.SampleParameters,
            Times = [0.0, 0.3, 1.0],
            Seeds = EnsembleCase<WithLaneKernels<Lorenz63>>.RandomSeeds(B * 3, seed: 92),
        };
        EnsembleCase<WithLaneKernels<Lorenz63>>.Run expected = AssertEqualsSingleSolver(ensemble, Dopri5 with { MaxSteps = 2000 });
        int[] failedAtStart = Enumerable.Range(0, B)
            .Where(b => expected.Results[b].Status == OdeStatus.NonFiniteState && expected.Results[b].Step == 0).ToArray();
        Assert.Equal([3, 4, 10, 17, 19], failedAtStart);
        Assert.Equal([0, 1, 2, 0, 1], failedAtStart.Select(b => expected.Results[b].Component));
    }

    [Theory]
    [InlineData(0.003, double.PositiveInfinity)] // the given first step
    [InlineData(0.2, 0.05)]                      // the given first step, clamped to MaxStep
    [InlineData(null, 1e-3)]                     // Hairer's step, clamped to MaxStep
    public void GivenOrClampedFirstStep_EqualsSingleSolver(double? initialStep, double maxStep)
    {
        const int B = 27;
        var ensemble = new EnsembleCase<WithLaneKernels<Lorenz63>>
        {
            Trajectories = B,
            Z0 = EnsembleCase<WithLaneKernels<Lorenz63>>.Perturbed(Lorenz63.SampleState, B, 2.0, seed: 93),
            P = Lorenz63.SampleParameters,
            Times = [0.0, 0.25, 0.5],
            Seeds = EnsembleCase<WithLaneKernels<Lorenz63>>.RandomSeeds(B * 3, seed: 94),
        };
        AssertEqualsSingleSolver(ensemble, Dopri5 with { InitialStep = initialStep, MaxStep = maxStep });
    }

    [Fact]
    public void OwnStartTimesDirectionsAndTheta_TimeDependent_EqualSingleSolver()
    {
        // Every third series runs backwards from t = 2: batches mix t₀ = 0 and 2, directions +1 and −1, and f reads t.
        const int B = 50;
        (double[] times, int[] offsets) = EnsembleCase<ForcedOscillator>.IrregularTimes(B, 2.0, seed: 95, someBackwards: true);
        var ensemble = new EnsembleCase<WithLaneKernels<ForcedOscillator>>
        {
            Trajectories = B,
            Z0 = EnsembleCase<ForcedOscillator>.Perturbed(ForcedOscillator.SampleState, B, 0.3, seed: 96),
            P = EnsembleCase<ForcedOscillator>.Perturbed(ForcedOscillator.SampleParameters, B, 0.2, seed: 97),
            Times = times,
            Offsets = offsets,
            Seeds = EnsembleCase<ForcedOscillator>.RandomSeeds(times.Length, seed: 98),
        };
        AssertEqualsSingleSolver(ensemble, Dopri5, sharedGradient: false);
    }

    private static void Poison(double[] z0, int b, double x, double y, double z) => (z0[3 * b], z0[3 * b + 1], z0[3 * b + 2]) = (x, y, z);

    private static EnsembleCase<TSys>.Run AssertEqualsSingleSolver<TSys>(EnsembleCase<TSys> ensemble, OdeOptions options,
        bool sharedGradient = true) where TSys : IOdeDynamics<double>
    {
        EnsembleCase<TSys>.Run expected = ensemble.Reference(options);
        EnsembleCase<TSys>.Run lanes = ensemble.Ensemble(options, Lanes, sharedGradient);
        Assert.Equal(expected.Results, lanes.Results);
        Bits.Equal(expected.Outputs, lanes.Outputs, "outputs vs single solver (NaN rows where a solve failed)");
        Bits.Equal(expected.GradZ0, lanes.GradZ0, "gradZ0 vs single solver");
        if (sharedGradient) Bits.Equal(expected.GradPSum, lanes.GradPSum, "shared gradP vs single solvers summed in order");
        else Bits.Equal(expected.GradPRows, lanes.GradPRows, "gradP rows vs single solver");
        Assert.Equal(expected.Gradients, lanes.Gradients);
        return expected;
    }
}
