using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// ACA's ∂L/∂t₀ and ∂L/∂t_end are the exact derivatives of the discrete map documented on
/// <see cref="GradientResult"/>. The independent reference: the map written with dual numbers
/// (<see cref="AcaTimeMap"/>) gives each accepted step's time and length tangents, and a separate RK
/// implementation over duals (<see cref="DualRungeKutta"/>) pushes them through every stage, f's own t-dependence
/// included.
/// </summary>
public sealed class AcaTimeGradientTests
{
    // Reverse and forward mode evaluate the same sums in different orders: rounding only (measured ≤ 3e-15
    // relative here). The continuous identities miss by the local error, ≥ 1e-8 relative at these tolerances and
    // steps, so 1e-10 of the time gradient's own size separates the two.
    private const double Tolerance = 1e-10;

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_SeveralOutputs_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(Adaptive(method), [0.2, 0.9, 1.7, 2.5]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_BackwardInTime_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(Adaptive(method), [3.0, 2.2, 1.0, -0.5]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void ForcedOscillator_TwoTimes_LastStepAbsorbsBothEnds(RungeKuttaMethod method) =>
        AssertExact<ForcedOscillator>(Adaptive(method), [0.2, 1.4]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void LorenzDeclaredAutonomous_SeveralOutputs_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method) =>
        AssertExact<Lorenz63>(Adaptive(method), [0.0, 0.1, 0.35, 0.5]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void LorenzDeclaredAutonomous_BackwardTwoTimes_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method) =>
        AssertExact<Lorenz63>(Adaptive(method), [0.4, 0.1]);

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void HarmonicAutonomousWithoutDeclaration_TwoTimes_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method) =>
        AssertExact<HarmonicOscillator>(Adaptive(method), [0.3, 2.0]);

    [Theory]
    [MemberData(nameof(Methods.FixedStep), MemberType = typeof(Methods))]
    public void FixedStep_OutputsBetweenSteps_MatchesDualNumbersThroughTheMap(RungeKuttaMethod method)
    {
        var options = new OdeOptions { Method = method, FixedStep = 0.05, CheckpointGrowth = CheckpointGrowth.Double };
        AssertExact<ForcedOscillator>(options, [0.2, 0.33, 0.9, 1.27]);
        AssertExact<ForcedOscillator>(options, [1.27, 0.9, 0.33, 0.2]);
    }

    [Fact]
    public void OneStepSolve_StepLandingOnTEndAbsorbsBoth()
    {
        // One fixed step longer than the interval: a single clipped step from t₀ to t_end.
        var options = new OdeOptions { Method = RungeKuttaMethod.DormandPrince5, FixedStep = 1.0 };
        Assert.Equal(1, AssertExact<ForcedOscillator>(options, [0.2, 0.45]).AcceptedSteps);
    }

    [Fact]
    public void Float_LongFixedSteps_MatchesDoubleDualNumbersToFloatRounding()
    {
        // State in float, times in double. The reference runs in double through the same (tᵢ, hᵢ) from the same
        // (float-valued) z₀ and θ, so the difference is float rounding (measured 5e-7 relative); 1e-5 bounds it.
        // Second-order steps of 0.3 make the continuous identities miss by far more, so the bound still tells
        // the discrete map from them.
        double[] times = [0.2, 0.9, 1.7, 2.5];
        var options = new OdeOptions { Method = RungeKuttaMethod.Midpoint, FixedStep = 0.3 };
        float[] z0 = Close.ToFloat(ForcedOscillator.SampleState), p = Close.ToFloat(ForcedOscillator.SampleParameters);
        var solver = new OdeSolver<float, ForcedOscillator>(options);
        solver.Solve(z0, p, times, new float[times.Length * 2]).ThrowIfFailed();
        float[] seeds = [0.3f, -0.2f, 0.5f, 0.1f, -0.7f, 0.4f, 1.0f, -1.5f];
        GradientResult gradient = solver.Gradient(seeds, new float[2], new float[3]);
        gradient.ThrowIfFailed();

        AcceptedStepsView<float> store = solver.AcceptedSteps;
        foreach (bool start in new[] { true, false })
        {
            var (dt, dh) = AcaTimeMap.Tangents(times, store.OutputSteps, store.Times, store.Steps, seedStart: start);
            DualTrajectory trajectory = DualRungeKutta.Propagate<ForcedOscillator>(options.Method, store.Times, store.Steps,
                Close.ToDouble(z0), Close.ToDouble(p), default, default, dt, dh);
            double expected = 0;
            for (int k = 0; k < times.Length; k++)
                expected += trajectory.TangentDot(store.OutputSteps[k], Close.ToDouble(seeds.AsSpan(k * 2, 2)));
            Close.Equal(expected, start ? gradient.GradientT0 : gradient.GradientTEnd, 1e-5, 0, $"float ∂L/∂{(start ? "t0" : "t_end")}");
        }
    }

    private static OdeOptions Adaptive(RungeKuttaMethod method)
    {
        // First-order error control needs ~1/tol steps; keep its step count (and the dual replay) modest.
        double rtol = method == RungeKuttaMethod.HeunEuler ? 1e-4 : 1e-7;
        return new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, CheckpointGrowth = CheckpointGrowth.Double };
    }

    private static SolverStatistics AssertExact<TSys>(OdeOptions options, double[] times)
        where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        var run = SeededGradient<TSys>.Run(options, times, randomSeed: 4321);
        AcceptedStepsView<double> store = run.Solver.AcceptedSteps;
        foreach (bool start in new[] { true, false })
        {
            var (dt, dh) = AcaTimeMap.Tangents(times, store.OutputSteps, store.Times, store.Steps, seedStart: start);
            DualTrajectory trajectory = DualRungeKutta.Propagate<TSys>(options.Method, store.Times, store.Steps, run.Z0, run.P,
                default, default, dt, dh);
            double actual = start ? run.Gradient.GradientT0 : run.Gradient.GradientTEnd;
            Close.Equal(run.LossTangent(trajectory), actual, Tolerance, 0,
                $"{TSys.Name} {options.Method} [{string.Join(", ", times)}] ∂L/∂{(start ? "t0" : "t_end")}");
        }
        return run.Solver.Statistics;
    }
}
