using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// ACA's gradient is the exact gradient of the discrete map the forward pass computed. The independent
/// reference: forward-mode dual numbers pushed through the same accepted steps (tᵢ, hᵢ) by a separate RK
/// implementation; ⟨ACA gradient, direction⟩ must equal the tangent of the loss along each basis direction.
/// </summary>
public sealed class AcaExactnessTests
{
    // Both sides evaluate the same sums in a different order (reverse vs forward mode), so they differ by
    // rounding only: a few hundred ulps relative to the gradient's scale after ~100 steps of a chaotic system.
    private const double Tolerance = 1e-12;

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void Lorenz_SeveralOutputTimes_MatchesDualNumbersThroughAcceptedSteps(RungeKuttaMethod method) =>
        AssertExact<Lorenz63>(method, [0.0, 0.1, 0.35, 0.5, 0.8], rtol: 1e-6);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void TanhMlp_SeveralOutputTimes_MatchesDualNumbersThroughAcceptedSteps(RungeKuttaMethod method) =>
        AssertExact<TanhMlp>(method, [0.0, 0.3, 0.7, 1.5, 2.0], rtol: 1e-7);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_BackwardInTime_MatchesDualNumbersThroughAcceptedSteps(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(method, [3.0, 2.2, 1.0, -0.5], rtol: 1e-6);

    [Theory]
    [InlineData(RungeKuttaMethod.Euler)]
    [InlineData(RungeKuttaMethod.Midpoint)]
    [InlineData(RungeKuttaMethod.Rk4)]
    public void FixedStepMethods_OutputsBetweenSteps_MatchDualNumbers(RungeKuttaMethod method) =>
        AssertExact<Lorenz63>(method, [0.0, 0.13, 0.5, 0.61], rtol: 1e-6, fixedStep: 0.02);

    [Fact]
    public void Lorenz_ManyRejections_RejectedTrialsLeaveNoTrace()
    {
        // A huge first step forces rejections; ACA must still be the gradient of the accepted steps alone.
        var options = new OdeOptions { Method = RungeKuttaMethod.DormandPrince5, InitialStep = 0.5 };
        SolverStatistics stats = AssertExact<Lorenz63>(RungeKuttaMethod.DormandPrince5, [0.0, 0.5], 1e-6, options: options);
        Assert.True(stats.RejectedSteps > 0, "the test needs rejected trials");
    }

    internal static SolverStatistics AssertExact<TSys>(RungeKuttaMethod method, double[] times, double rtol,
        double? fixedStep = null, OdeOptions? options = null)
        where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        int n = TSys.StateSize, m = TSys.ParameterSize;
        // First-order error control needs ~1/tol steps; keep its step count (and the dual replay) modest.
        if (method == RungeKuttaMethod.HeunEuler) rtol = Math.Max(rtol, 1e-4);
        options ??= new OdeOptions
        {
            Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, FixedStep = fixedStep,
            CheckpointGrowth = CheckpointGrowth.Double,
        };
        var run = SeededGradient<TSys>.Run(options, times, randomSeed: 1234);
        double[] z0 = run.Z0, p = run.P, gradZ0 = run.GradZ0, gradP = run.GradP;
        AcceptedStepsView<double> store = run.Solver.AcceptedSteps;
        ReadOnlySpan<int> outputSteps = store.OutputSteps;
        for (int d = 0; d < n + m; d++)
        {
            var dz0 = new double[n];
            var dp = new double[m];
            if (d < n) dz0[d] = 1; else dp[d - n] = 1;
            double expected = run.LossTangent(DualRungeKutta.Propagate<TSys>(method, store.Times, store.Steps, z0, p, dz0, dp));
            double actual = d < n ? gradZ0[d] : gradP[d - n];
            double scale = Math.Max(Close.MaxAbs(gradZ0), Close.MaxAbs(gradP));
            Close.Equal(expected, actual, Tolerance, scale, $"{TSys.Name} {method} ∂L/∂{(d < n ? $"z0[{d}]" : $"p[{d - n}]")}");
        }
        // The forward outputs are the states of the replayed steps, bit for bit up to the dual's rounding.
        DualTrajectory values = DualRungeKutta.Propagate<TSys>(method, store.Times, store.Steps, z0, p, new double[n], new double[m]);
        for (int k = 0; k < times.Length; k++)
            Close.Equal(values.States[outputSteps[k]], run.Outputs.AsSpan(k * n, n), 1e-13, $"output {k}");
        return run.Solver.Statistics;
    }
}
