using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The lane engine's backward with generated lane kernels takes TryLaneStepVjpWithTime (one call for the eight lanes)
/// for the steps whose ∂L/∂h or Σ vᵀ∂f/∂t the time gradients need, never the scalar hook, and every trajectory's
/// outputs, ∂L/∂z₀, ∂L/∂θ row, ∂L/∂t₀ and ∂L/∂t_end keep the bits of the scalar ensemble engine and of
/// <see cref="OdeSolver{T, TDynamics}"/> alone. Bitwise, no tolerance: the lane kernel's contract is the generic
/// stepper's bits lane by lane, and the engine applies ∂L/∂h and Σ vᵀ∂f/∂t in AcaBackward's order.
/// </summary>
public sealed class LaneEngineTimeGradientTests
{
    [Theory]
    [InlineData(RungeKuttaMethod.DormandPrince5)]
    [InlineData(RungeKuttaMethod.Tsitouras5)]
    [InlineData(RungeKuttaMethod.DormandPrince853)]
    public void TimeDependent_IrregularTimes_LaneKernelWithTimeTerms_EqualsScalarEngineAndSingleSolver(RungeKuttaMethod method)
    {
        // f reads t (Van der Pol with a cos t forcing): every step before T₁ needs Σ vᵀ∂f/∂t, the landings on T₁ and
        // t_end ∂L/∂h. Each trajectory starts somewhere in [0, 0.4] and ends in [1.2, 3]: step counts differ by lane.
        var options = new OdeOptions { Method = method, RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };
        Case ensemble = Case.Irregular(trajectories: 45, n: 2, m: 2, z0: [1.0, 0.2], p: [1.0, 0.5], seed: 11);
        Check<VanDerPol.RhsOde>(ensemble, options);
    }

    [Fact]
    public void TimeDependent_Branches_IfConvertedKernelWithTimeTerms_EqualsScalarEngineAndSingleSolver()
    {
        // A tabulated forcing in t, an end stop, saturation and friction (lanes take different branches); its
        // straight-line lane kernels fit Bogacki-Shampine 3 (not the larger tableaus).
        var options = new OdeOptions { Method = RungeKuttaMethod.BogackiShampine3, RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        Case ensemble = Case.Irregular(trajectories: 29, n: 2, m: 3, z0: [0.2, 0.1], p: [0.5, 1.0, 0.3], seed: 13, end: 2.0);
        Check<Forced.OscillatorOde>(ensemble, options);
    }

    [Fact]
    public void Autonomous_IrregularTimes_OnlyLandingStepsTakeTheKernelWithTimeTerms_EqualsScalarEngineAndSingleSolver()
    {
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        Case ensemble = Case.Irregular(trajectories: 61, n: 3, m: 3, z0: [1.0, 1.0, 1.0], p: [10, 28, 8.0 / 3], seed: 12, end: 0.6);
        Check<Lorenz.RhsOde>(ensemble, options);
    }

    private static void Check<TSys>(Case ensemble, OdeOptions options) where TSys : IOdeDynamics<double>
    {
        // One worker and chunks of 16: lanes refilled with trajectories of other lengths, a masked tail.
        var lanes = new EnsembleOptions { WorkerCount = 1, ChunkSize = 16 };
        Run expected = ensemble.Reference<CountingTimeTermHooks<TSys>>(options);
        Run scalar = ensemble.Ensemble<CountingTimeTermHooks<TSys>>(options, lanes with { Vectorize = EnsembleVectorization.Never }, out _);
        CountingTimeTermHooks<TSys>.ResetCalls();
        Run vectorized = ensemble.Ensemble<CountingTimeTermHooks<TSys>>(options, lanes, out bool isVectorized);
        Assert.Equal(Vector512.IsHardwareAccelerated, isVectorized);
        if (isVectorized)
        {
            Assert.True(CountingTimeTermHooks<TSys>.LaneCalls > 0, "the lane kernel with time terms was never called");
            Assert.Equal(0, CountingTimeTermHooks<TSys>.ScalarCalls);
        }

        // The case exercises what it claims: several step counts, and time gradients that are not zero.
        Assert.True(expected.Results.Select(r => r.Statistics.AcceptedSteps).Distinct().Count() >= 5, "step counts hardly differ");
        Assert.True(expected.Gradients.Count(g => g.GradientT0 != 0 && g.GradientTEnd != 0) == ensemble.Trajectories,
            "some trajectory has a zero time gradient");
        foreach ((string what, Run run) in new[] { ("scalar engine", scalar), ("lanes", vectorized) })
        {
            Assert.True(run.Summary.IsSuccess && run.GradientSummary.IsSuccess, what);
            AssertBits(expected.Outputs, run.Outputs, $"outputs, {what} vs single solver");
            AssertBits(expected.GradZ0, run.GradZ0, $"gradZ0, {what} vs single solver");
            AssertBits(expected.GradP, run.GradP, $"gradP rows, {what} vs single solver");
            AssertBits(expected.Gradients.Select(g => g.GradientT0).ToArray(), run.Gradients.Select(g => g.GradientT0).ToArray(),
                $"dL/dt0, {what} vs single solver");
            AssertBits(expected.Gradients.Select(g => g.GradientTEnd).ToArray(), run.Gradients.Select(g => g.GradientTEnd).ToArray(),
                $"dL/dtEnd, {what} vs single solver");
            Assert.Equal(expected.Results, run.Results);
            Assert.Equal(expected.Gradients, run.Gradients);
        }
    }

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bit for bit)");
    }

    private sealed record Run(double[] Outputs, SolveResult[] Results, double[] GradZ0, double[] GradP, GradientResult[] Gradients)
    {
        public EnsembleResult Summary { get; init; }
        public EnsembleResult GradientSummary { get; init; }
    }

    /// <summary>B trajectories with their own z₀, θ and output times (CSR offsets) and seeded ∂L/∂z(t_k).</summary>
    private sealed record Case(int Trajectories, int N, int M, double[] Z0, double[] P, double[] Times, int[] Offsets, double[] Seeds)
    {
        /// <summary>z₀ and θ perturbed by ±30 % and ±20 % of their size; trajectory b's 2 to 5 output times from
        /// t₀ ∈ [0, 0.4] to t_end ∈ [2·end/5, end] (seeded).</summary>
        public static Case Irregular(int trajectories, int n, int m, double[] z0, double[] p, int seed, double end = 3.0)
        {
            var random = new Random(seed);
            double Spread(double x, double by) => x + by * Math.Max(Math.Abs(x), 0.1) * (2 * random.NextDouble() - 1);
            double[] states = Enumerable.Range(0, trajectories * n).Select(i => Spread(z0[i % n], 0.3)).ToArray();
            double[] parameters = Enumerable.Range(0, trajectories * m).Select(i => Spread(p[i % m], 0.2)).ToArray();
            var times = new List<double>();
            var offsets = new int[trajectories + 1];
            for (int b = 0; b < trajectories; b++)
            {
                double t0 = 0.4 * random.NextDouble(), tEnd = end * (0.4 + 0.6 * random.NextDouble());
                var own = new SortedSet<double> { t0, tEnd };
                for (int k = random.Next(0, 4); k > 0; k--) own.Add(t0 + (tEnd - t0) * random.NextDouble());
                times.AddRange(own);
                offsets[b + 1] = times.Count;
            }
            double[] seeds = Enumerable.Range(0, times.Count * n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            return new Case(trajectories, n, m, states, parameters, times.ToArray(), offsets, seeds);
        }

        private ReadOnlySpan<double> TimesOf(int b) => Times.AsSpan(Offsets[b], Offsets[b + 1] - Offsets[b]);

        public Run Ensemble<TSys>(OdeOptions options, EnsembleOptions ensembleOptions, out bool vectorized) where TSys : IOdeDynamics<double>
        {
            using var solver = new EnsembleSolver<double, TSys>(Trajectories, options, ensembleOptions);
            vectorized = solver.IsVectorized;
            var run = new Run(new double[Times.Length * N], new SolveResult[Trajectories], new double[Trajectories * N],
                new double[Trajectories * M], new GradientResult[Trajectories]);
            EnsembleResult summary = solver.Solve(Z0, P, Times, Offsets, run.Outputs, run.Results);
            return run with { Summary = summary, GradientSummary = solver.Gradient(Seeds, run.GradZ0, run.GradP, run.Gradients) };
        }

        public Run Reference<TSys>(OdeOptions options) where TSys : IOdeDynamics<double>
        {
            var solver = new OdeSolver<double, TSys>(options);
            var run = new Run(new double[Times.Length * N], new SolveResult[Trajectories], new double[Trajectories * N],
                new double[Trajectories * M], new GradientResult[Trajectories]);
            for (int b = 0; b < Trajectories; b++)
            {
                ReadOnlySpan<double> times = TimesOf(b);
                int row = Offsets[b] * N, values = times.Length * N;
                run.Results[b] = solver.Solve(Z0.AsSpan(b * N, N), P.AsSpan(b * M, M), times, run.Outputs.AsSpan(row, values));
                run.Results[b].ThrowIfFailed();
                run.Gradients[b] = solver.Gradient(Seeds.AsSpan(row, values), run.GradZ0.AsSpan(b * N, N), run.GradP.AsSpan(b * M, M));
                run.Gradients[b].ThrowIfFailed();
            }
            return run;
        }
    }
}
