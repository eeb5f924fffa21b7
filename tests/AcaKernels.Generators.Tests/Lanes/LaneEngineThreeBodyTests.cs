using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The three-body problem (issue 8's benchmark system, generated) on the lane engine: every trajectory's outputs,
/// status, ∂L/∂z₀, shared ∂L/∂θ and time gradients keep the bits of the scalar ensemble engine and of
/// <see cref="OdeSolver{T, TDynamics}"/> alone. Bitwise, no tolerance: the planar system's lane step VJP for
/// Dormand-Prince 5 is one straight-line method (the lane budget admits it) while its scalar engine runs the loop
/// kernel around the register VJP (the fused budget does not), the spatial one's is the loop kernel around the loop
/// VJP; all compute each lane in the scalar kernels' order.
/// </summary>
public sealed class LaneEngineThreeBodyTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    /// <summary>The hooks the lane backward needs exist for every fused method, so it never falls back to the scalar
    /// step VJP lane by lane (what the planar system did for Dormand-Prince 5 before).</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void LaneStepVjpHooks_ExistForEveryFusedMethod(RungeKuttaMethod method)
    {
        Assert.True(HasLaneStepVjps<ThreeBody.PlanarOde>(ButcherTableaus.Get(method)));
        Assert.True(HasLaneStepVjps<ThreeBody.SpatialOde>(ButcherTableaus.Get(method)));
    }

    /// <summary>And each lane of them equals the scalar kernels at its inputs (random states around the figure-eight).</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void LaneStepVjp_RandomLanes_EveryLaneIsBitIdenticalToTheFusedStepVjp(RungeKuttaMethod method)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            int seed = 5000 * (int)method + trial;
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<ThreeBody.PlanarOde>(), method, Around(ThreeBody.FigureEight, 3, seed), seed));
            Assert.True(LaneReference.StepVjpWithTime(LaneSystem.Of<ThreeBody.PlanarOde>(), ButcherTableaus.Get(method),
                Around(ThreeBody.FigureEight, 3, seed + 1), seed));
            Assert.True(LaneReference.StepVjp(LaneSystem.Of<ThreeBody.SpatialOde>(), method, Around(ThreeBody.FigureEightLifted, 3, seed + 2), seed));
        }
    }

    // B = 1 and 7: one vector, mostly masked; 1000: many refills, a masked tail per chunk. Workers 1 and 2.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(1000, 2)]
    public void Planar_LanesEqualScalarEngineAndSingleSolver(int trajectories, int workers) =>
        AssertLanesEqual(Case.Shared(trajectories, ThreeBody.FigureEight, 3, seed: trajectories), workers);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 1)]
    [InlineData(1000, 2)]
    public void Spatial_LanesEqualScalarEngineAndSingleSolver(int trajectories, int workers) =>
        AssertLanesEqual(Case.Shared(trajectories, ThreeBody.FigureEightLifted, 3, seed: trajectories + 50), workers, spatial: true);

    [Fact]
    public void Planar_OneOrTwoWorkers_IdenticalBits()
    {
        Case ensemble = Case.Shared(333, ThreeBody.FigureEight, 3, seed: 71);
        Run one = ensemble.Ensemble<ThreeBody.PlanarOde>(new EnsembleOptions { WorkerCount = 1, ChunkSize = 64 });
        Run two = ensemble.Ensemble<ThreeBody.PlanarOde>(new EnsembleOptions { WorkerCount = 2, ChunkSize = 24 });
        AssertSameBits(one, two, "2 workers, chunks of 24 vs 1 worker, chunks of 64");
    }

    /// <summary>Trajectory 5 of 13 starts with bodies 0 and 1 at one point: f divides by |d|³ = 0 and the trajectory
    /// fails at its first step (as the single solver's does); the others keep, bit for bit, what they give in a run
    /// without it, and the shared ∂L/∂θ sums them alone.</summary>
    [Fact]
    public void Planar_PoisonedTrajectory_FailsAlone_OthersKeepTheirBits()
    {
        const int B = 13, Poisoned = 5;
        Case clean = Case.Shared(B, ThreeBody.FigureEight, 3, seed: 91);
        double[] z0 = (double[])clean.Z0.Clone();
        z0[Poisoned * 12 + 2] = z0[Poisoned * 12];
        z0[Poisoned * 12 + 3] = z0[Poisoned * 12 + 1];
        Case poisoned = clean with { Z0 = z0 };
        var options = new EnsembleOptions { WorkerCount = 2, ChunkSize = 8 };
        Run expected = poisoned.Reference<ThreeBody.PlanarOde>();
        Run lanes = poisoned.Ensemble<ThreeBody.PlanarOde>(options);
        Run scalar = poisoned.Ensemble<ThreeBody.PlanarOde>(options with { Vectorize = EnsembleVectorization.Never });
        Run healthy = clean.Ensemble<ThreeBody.PlanarOde>(options);
        Assert.Equal(1, lanes.Summary.Failed);
        Assert.Equal(expected.Results, lanes.Results);
        Assert.False(lanes.Results[Poisoned].IsSuccess);
        AssertSameBits(scalar, lanes, "lanes vs scalar engine");
        Bits(expected.GradPSum, lanes.GradPSum, "shared gradP vs single solvers summed in order");
        int rows = clean.Times.Length * 12;
        for (int b = 0; b < B; b++)
        {
            if (b == Poisoned) continue;
            Bits(healthy.Outputs.AsSpan(b * rows, rows).ToArray(), lanes.Outputs.AsSpan(b * rows, rows).ToArray(), $"outputs of {b}");
            Bits(healthy.GradZ0.AsSpan(b * 12, 12).ToArray(), lanes.GradZ0.AsSpan(b * 12, 12).ToArray(), $"gradZ0 of {b}");
            Assert.Equal(healthy.Gradients[b], lanes.Gradients[b]);
        }
    }

    private static bool HasLaneStepVjps<TSys>(ButcherTableau tableau) where TSys : IOdeDynamics<double>
    {
        int n = TSys.StateSize, m = TSys.ParameterSize;
        var buffer = new Vector512<double>[3 * tableau.Stages * n + n + TSys.LaneStepVjpWorkspaceLength];
        var state = new Vector512<double>[n];
        var parameters = new Vector512<double>[m];
        var adjoint = new Vector512<double>[n];
        var adjointIn = new Vector512<double>[n];
        bool plain = TSys.TryLaneStepVjp(tableau, default, default, state, parameters, adjoint, adjointIn, parameters.ToArray(), buffer);
        bool withTime = TSys.TryLaneStepVjpWithTime(tableau, default, default, state, parameters, adjoint, adjointIn, parameters.ToArray(),
            buffer, out _, out _);
        return plain && withTime;
    }

    /// <summary>Eight lanes near <paramref name="state"/> (±5 % of each component's size), masses near 1.</summary>
    private static LaneInputs Around(double[] state, int m, int seed)
    {
        var random = new Random(seed);
        var inputs = new LaneInputs
        {
            T = new double[LaneInputs.Lanes],
            H = new double[LaneInputs.Lanes],
            Z = new double[LaneInputs.Lanes][],
            P = new double[LaneInputs.Lanes][],
        };
        for (int lane = 0; lane < LaneInputs.Lanes; lane++)
        {
            inputs.T[lane] = random.NextDouble();
            inputs.H[lane] = 0.01 + 0.1 * random.NextDouble();
            inputs.Z[lane] = state.Select(x => x + 0.05 * Math.Max(Math.Abs(x), 0.1) * (2 * random.NextDouble() - 1)).ToArray();
            inputs.P[lane] = Enumerable.Range(0, m).Select(_ => 0.8 + 0.4 * random.NextDouble()).ToArray();
        }
        return inputs;
    }

    private static void AssertLanesEqual(Case ensemble, int workers, bool spatial = false)
    {
        var options = new EnsembleOptions { WorkerCount = workers, ChunkSize = 64 };
        (Run expected, Run lanes, Run scalar, bool vectorized) = spatial
            ? Runs<ThreeBody.SpatialOde>(ensemble, options)
            : Runs<ThreeBody.PlanarOde>(ensemble, options);
        Assert.Equal(Vector512.IsHardwareAccelerated, vectorized);
        Assert.True(lanes.Summary.IsSuccess && lanes.GradientSummary.IsSuccess, lanes.Summary.Describe());
        AssertSameBits(scalar, lanes, "lanes vs scalar engine");
        Bits(expected.Outputs, lanes.Outputs, "outputs vs single solver");
        Bits(expected.GradZ0, lanes.GradZ0, "gradZ0 vs single solver");
        Bits(expected.GradPSum, lanes.GradPSum, "shared gradP vs single solvers summed in order");
        Assert.Equal(expected.Results, lanes.Results);
        Assert.Equal(expected.Gradients, lanes.Gradients);
    }

    private static (Run Expected, Run Lanes, Run Scalar, bool Vectorized) Runs<TSys>(Case ensemble, EnsembleOptions options)
        where TSys : IOdeDynamics<double>
    {
        using var probe = new EnsembleSolver<double, TSys>(ensemble.Trajectories, Dopri5, options);
        return (ensemble.Reference<TSys>(), ensemble.Ensemble<TSys>(options),
            ensemble.Ensemble<TSys>(options with { Vectorize = EnsembleVectorization.Never }), probe.IsVectorized);
    }

    private static void AssertSameBits(Run expected, Run actual, string what)
    {
        Bits(expected.Outputs, actual.Outputs, $"outputs, {what}");
        Bits(expected.GradZ0, actual.GradZ0, $"gradZ0, {what}");
        Bits(expected.GradPSum, actual.GradPSum, $"shared gradP, {what}");
        Assert.Equal(expected.Results, actual.Results);
        Assert.Equal(expected.Gradients, actual.Gradients);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.GradientSummary, actual.GradientSummary);
    }

    private static void Bits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bit for bit)");
    }

    private sealed record Run(double[] Outputs, SolveResult[] Results, double[] GradZ0, double[] GradPSum, GradientResult[] Gradients)
    {
        public EnsembleResult Summary { get; init; }
        public EnsembleResult GradientSummary { get; init; }
    }

    /// <summary>B trajectories from z₀ perturbed by ±2 % of each component's size, shared unit masses, shared output
    /// times 0, 0.25, 0.6, 1 (about a sixth of the figure-eight's period) and seeded ∂L/∂z(t_k).</summary>
    private sealed record Case(int Trajectories, int N, double[] Z0, double[] P, double[] Times, double[] Seeds)
    {
        public static Case Shared(int trajectories, double[] state, int m, int seed)
        {
            var random = new Random(seed);
            int n = state.Length;
            double[] z0 = Enumerable.Range(0, trajectories * n)
                .Select(i => state[i % n] + 0.02 * Math.Max(Math.Abs(state[i % n]), 0.1) * (2 * random.NextDouble() - 1)).ToArray();
            double[] times = [0.0, 0.25, 0.6, 1.0];
            double[] seeds = Enumerable.Range(0, trajectories * times.Length * n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            return new Case(trajectories, n, z0, Enumerable.Repeat(1.0, m).ToArray(), times, seeds);
        }

        private int M => P.Length;

        public Run Ensemble<TSys>(EnsembleOptions options) where TSys : IOdeDynamics<double>
        {
            using var solver = new EnsembleSolver<double, TSys>(Trajectories, Dopri5, options);
            var run = new Run(new double[Trajectories * Times.Length * N], new SolveResult[Trajectories], new double[Trajectories * N],
                new double[M], new GradientResult[Trajectories]);
            EnsembleResult summary = solver.Solve(Z0, P, Times, run.Outputs, run.Results);
            return run with { Summary = summary, GradientSummary = solver.Gradient(Seeds, run.GradZ0, run.GradPSum, run.Gradients) };
        }

        /// <summary>One <see cref="OdeSolver{T, TDynamics}"/> per trajectory; the shared ∂L/∂θ summed over the
        /// trajectories that succeed, in order (NaN rows for a failed one, as the ensemble writes).</summary>
        public Run Reference<TSys>() where TSys : IOdeDynamics<double>
        {
            var solver = new OdeSolver<double, TSys>(Dopri5);
            var run = new Run(new double[Trajectories * Times.Length * N], new SolveResult[Trajectories], new double[Trajectories * N],
                new double[M], new GradientResult[Trajectories]);
            int rows = Times.Length * N;
            var gradP = new double[M];
            for (int b = 0; b < Trajectories; b++)
            {
                run.Results[b] = solver.Solve(Z0.AsSpan(b * N, N), P, Times, run.Outputs.AsSpan(b * rows, rows));
                Span<double> gradZ0 = run.GradZ0.AsSpan(b * N, N);
                Array.Clear(gradP);
                if (!run.Results[b].IsSuccess)
                {
                    gradZ0.Fill(double.NaN);
                    gradP.AsSpan().Fill(double.NaN);
                }
                run.Gradients[b] = solver.Gradient(Seeds.AsSpan(b * rows, rows), gradZ0, gradP);
                if (!run.Gradients[b].IsSuccess) continue;
                for (int j = 0; j < M; j++) run.GradPSum[j] += gradP[j];
            }
            return run;
        }
    }
}
