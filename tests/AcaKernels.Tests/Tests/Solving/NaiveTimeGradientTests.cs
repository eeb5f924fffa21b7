using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// The naive method's ∂L/∂t₀, ∂L/∂t_end (and ∂L/∂z₀, ∂L/∂θ with them) are the exact derivatives of its map: the
/// whole computed solve, controller included, decisions frozen, starting step constant (see
/// <see cref="GradientResult"/>). The independent reference is the same solve run over dual numbers by
/// <see cref="DualAdaptiveSolver"/>, seeded along each input.
/// </summary>
public sealed class NaiveTimeGradientTests
{
    // Forward and reverse mode through the same operations: rounding only, measured ≤ 1e-13 relative (the
    // controller's exp/log/pow and the norm's divisions amplify it a little). The time gradients are held to 1e-10
    // of their own size; ∂L/∂z₀ and ∂L/∂θ to 1e-10 of the gradient's largest entry, since rounding in a gradient is
    // proportional to its largest terms and an entry may be near zero. The controller's share of the gradient is of
    // the order of the tolerance (≥ 1e-8 relative here), so leaving any of it out fails the test.
    private const double Tolerance = 1e-10;

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_LargeFirstStepSeveralOutputs_MatchesDualSolve(RungeKuttaMethod method)
    {
        SolverStatistics stats = AssertExact<ForcedOscillator>(Adaptive(method) with { InitialStep = 1.5 }, [0.2, 1.7, 2.1, 2.5]);
        Assert.True(stats.RejectedSteps > 0, "the test needs rejected trials");
    }

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_BackwardInTimeHairerStart_MatchesDualSolve(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(Adaptive(method), [3.0, 2.2, 1.0, -0.5]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_TwoTimes_MatchesDualSolve(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(Adaptive(method), [0.2, 1.4]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void LorenzAutonomous_SeveralOutputs_MatchesDualSolve(RungeKuttaMethod method) =>
        AssertExact<Lorenz63>(Adaptive(method), [0.0, 0.1, 0.35, 0.5]);

    [Fact]
    public void IntegralControllerWithMaxStep_ClampedStepsAreConstants_MatchesDualSolve()
    {
        // At rtol 1e-4 the controller asks for steps longer than 0.15 (a free solve takes fewer steps), so the
        // clamp is active and those steps are constants of the map.
        var options = Adaptive(RungeKuttaMethod.DormandPrince5) with
        {
            Controller = StepSizeController.Integral, MaxStep = 0.15, RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6,
        };
        SolverStatistics clamped = AssertExact<ForcedOscillator>(options, [0.2, 0.9, 1.7, 2.5]);
        SolverStatistics free = AssertExact<ForcedOscillator>(options with { MaxStep = double.PositiveInfinity }, [0.2, 0.9, 1.7, 2.5]);
        Assert.True(clamped.AcceptedSteps > free.AcceptedSteps, "the test needs the step bound to be active");
    }

    [Theory]
    [InlineData(RungeKuttaMethod.Euler)]
    [InlineData(RungeKuttaMethod.Midpoint)]
    [InlineData(RungeKuttaMethod.Rk4)]
    public void FixedStep_ForwardAndBackward_MatchesDualSolve(RungeKuttaMethod method)
    {
        var options = new OdeOptions { Method = method, FixedStep = 0.05, Gradient = GradientMethod.Naive, CheckpointGrowth = CheckpointGrowth.Double };
        AssertExact<ForcedOscillator>(options, [0.2, 0.33, 0.9, 1.27]);
        AssertExact<ForcedOscillator>(options, [1.27, 0.9, 0.33, 0.2]);
    }

    private static OdeOptions Adaptive(RungeKuttaMethod method)
    {
        double rtol = method == RungeKuttaMethod.HeunEuler ? 1e-4 : 1e-6;
        return new OdeOptions
        {
            Method = method, Gradient = GradientMethod.Naive, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2,
            CheckpointGrowth = CheckpointGrowth.Double,
        };
    }

    private static SolverStatistics AssertExact<TSys>(OdeOptions options, double[] times)
        where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        int n = TSys.StateSize, m = TSys.ParameterSize;
        var run = SeededGradient<TSys>.Run(options, times, randomSeed: 2468);
        double[] z0 = run.Z0, p = run.P, outputs = run.Outputs, seeds = run.Seeds;
        SolverStatistics stats = run.Solver.Statistics;

        double h0 = StartingStep<TSys>(options, times, z0, p);
        double[] actual = [.. run.GradZ0, .. run.GradP, run.Gradient.GradientT0, run.Gradient.GradientTEnd];
        var expected = new double[actual.Length];
        for (int d = 0; d < actual.Length; d++)
        {
            var dz0 = new double[n];
            var dp = new double[m];
            if (d < n) dz0[d] = 1;
            else if (d < n + m) dp[d - n] = 1;
            DualAdaptiveSolver.Result reference = DualAdaptiveSolver.Solve<TSys>(options, times, z0, p, h0, dz0, dp,
                dt0: d == n + m ? 1 : 0, dtEnd: d == n + m + 1 ? 1 : 0);
            // Same trials, same values: otherwise the reference would differentiate another solve.
            Assert.Equal(stats.AcceptedSteps, reference.Accepted);
            Assert.Equal(stats.RejectedSteps, reference.Rejected);
            Close.Equal(reference.Outputs, outputs, 1e-14, "outputs");
            for (int i = 0; i < seeds.Length; i++) expected[d] += seeds[i] * reference.Tangents[i];
        }
        string[] names = [.. Enumerable.Range(0, n).Select(j => $"z0[{j}]"), .. Enumerable.Range(0, m).Select(j => $"p[{j}]"), "t0", "t_end"];
        double scale = Close.MaxAbs(expected);
        for (int d = 0; d < actual.Length; d++)
            Close.Equal(expected[d], actual[d], Tolerance, d < n + m ? scale : 0, $"{TSys.Name} {options.Method} [{string.Join(", ", times)}] ∂L/∂{names[d]}");
        return stats;
    }

    /// <summary>The starting step the solver used, a constant of the naive map: fixed, given, or Hairer's.</summary>
    private static double StartingStep<TSys>(OdeOptions options, double[] times, double[] z0, double[] p)
        where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        if (options.FixedStep is { } fixedStep) return fixedStep;
        if (options.InitialStep is { } initialStep) return initialStep;
        int n = z0.Length;
        var f0 = new double[n];
        TSys.Evaluate(times[0], z0, p, f0);
        double[] atol = Enumerable.Repeat(options.AbsoluteTolerance, n).ToArray(), rtol = Enumerable.Repeat(options.RelativeTolerance, n).ToArray();
        int k = ButcherTableaus.Get(options.Method).ErrorOrder + 1;
        return InitialStepSize.Hairer<double, TSys>(times[0], times[^1] > times[0] ? 1 : -1, z0, f0, p, atol, rtol, k,
            new double[n], new double[n]);
    }
}
