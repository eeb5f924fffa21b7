using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>Every expected failure is a status with its context; misuse is an argument exception.</summary>
public sealed class FailureTests
{
    /// <summary>dz₀/dt = 1, dz₁/dt = √(1 − z₀): component 1 turns NaN once z₀ = t passes 1.</summary>
    private readonly struct SquareRootOfNegative : IOdeDynamics<double>
    {
        public static int StateSize => 2;
        public static int ParameterSize => 0;
        public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
        {
            dz[0] = 1;
            dz[1] = Math.Sqrt(1 - z[0]);
        }
        public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
            ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
        {
            gradZ[0] += -0.5 / Math.Sqrt(1 - z[0]) * v[1];
            return 0;
        }
    }

    [Fact]
    public void Solve_TooFewMaxSteps_ReportsMaxStepsWithTimeAndStep()
    {
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { MaxSteps = 10 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, 5.0], new double[6]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.True(result.Time > 0 && result.Time < 5 && result.Step <= 10);
        Assert.Contains("MaxSteps", result.Describe());
        Assert.Throws<OdeSolveException>(result.ThrowIfFailed);
    }

    [Fact]
    public void Solve_FiniteTimeBlowUp_ReportsStepSizeUnderflowNearTheSingularity()
    {
        var solver = new OdeSolver<double, SquareBlowUp>(new OdeOptions { MinStep = 1e-9 });
        SolveResult result = solver.Solve([1.0], [], [0.0, 2.0], new double[2]);
        Assert.Equal(OdeStatus.StepSizeUnderflow, result.Status);
        // The numerical solution lags the exact one slightly, so its blow-up may come a hair after t = 1.
        Assert.InRange(result.Time, 0.99, 1.001);
        Assert.Contains($"t = {result.Time:R}", result.Describe());
        AssertSaysTheErrorTestNeedsASmallerStep(result.Describe());
    }

    [Fact]
    public void Solve_BlowUpWithDefaultMinStep_EndsAtOneUlpOfT_KeepsTheSingularityAdvice()
    {
        // MinStep = 0: the steps shrink toward the blow-up at t = 1 until the error test rejects a step t can just
        // represent; at rtol 1e-3 that step is exactly ulp(t) (at 1e-9, 3 ulp). It is representable (t + h != t), so
        // this is not the "t is too large" case, though |h| ≤ ulp(t): measuring time from the start of the solve
        // (t₀ = 0 here) would change nothing.
        var options = new OdeOptions { RelativeTolerance = 1e-3, AbsoluteTolerance = 1e-3 };
        SolveResult result = new OdeSolver<double, SquareBlowUp>(options).Solve([1.0], [], [0.0, 2.0], new double[2]);
        Assert.Equal(OdeStatus.StepSizeUnderflow, result.Status);
        double ulp = Math.BitIncrement(result.Time) - result.Time;
        Assert.Equal(ulp, result.StepSize);
        AssertSaysTheErrorTestNeedsASmallerStep(result.Describe());
        Assert.Contains($"(ulp(t) = {ulp:R})", result.Describe(), StringComparison.Ordinal);
    }

    private static void AssertSaysTheErrorTestNeedsASmallerStep(string message)
    {
        Assert.Contains("the error test needs a step below MinStep or below the resolution of t", message, StringComparison.Ordinal);
        Assert.Contains("The solution may blow up here (a singularity), or the problem is stiff", message, StringComparison.Ordinal);
        Assert.DoesNotContain("measure time from the start", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_FixedStepOverflow_ReportsNonFiniteStateWithComponent()
    {
        var solver = new OdeSolver<double, SquareBlowUp>(new OdeOptions { Method = RungeKuttaMethod.Euler, FixedStep = 0.25 });
        SolveResult result = solver.Solve([1.0], [], [0.0, 10.0], new double[2]);
        Assert.Equal(OdeStatus.NonFiniteState, result.Status);
        Assert.Equal(0, result.Component);
        Assert.True(result.Step > 0);
    }

    [Fact]
    public void Solve_NaNAppearsInOneComponent_ReportsNonFiniteStateWithThatComponent()
    {
        var solver = new OdeSolver<double, SquareRootOfNegative>();
        SolveResult result = solver.Solve([0.0, 0.0], [], [0.0, 2.0], new double[4]);
        Assert.Equal(OdeStatus.NonFiniteState, result.Status);
        Assert.Equal(1, result.Component);
        Assert.InRange(result.Time, 0.9, 1.0 + 1e-9);
        Assert.Contains("component 1", result.Describe());
    }

    [Fact]
    public void Solve_CheckpointCapacityTooSmall_FailsOrGrowsByPolicy()
    {
        double[] times = [0.0, 1.0];
        var failing = new OdeSolver<double, Lorenz63>(new OdeOptions { CheckpointCapacity = 4, CheckpointGrowth = CheckpointGrowth.Fail });
        SolveResult result = failing.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, times, new double[6]);
        Assert.Equal(OdeStatus.CheckpointCapacityExceeded, result.Status);
        Assert.Equal(4, result.Step);
        Assert.Contains("CheckpointCapacity", result.Describe());
        Assert.Equal(OdeStatus.NoForwardSolve, failing.Gradient(new double[6], new double[3], new double[3]).Result.Status);

        var growing = new OdeSolver<double, Lorenz63>(new OdeOptions { CheckpointCapacity = 4, CheckpointGrowth = CheckpointGrowth.Double });
        var large = new OdeSolver<double, Lorenz63>();
        double[] gradGrowing = new double[3], gradLarge = new double[3], seeds = [0, 0, 0, 1, 1, 1];
        growing.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, times, new double[6]).ThrowIfFailed();
        large.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, times, new double[6]).ThrowIfFailed();
        growing.Gradient(seeds, new double[3], gradGrowing).ThrowIfFailed();
        large.Gradient(seeds, new double[3], gradLarge).ThrowIfFailed();
        Assert.Equal(growing.Statistics.AcceptedSteps, growing.AcceptedSteps.Count);
        Assert.Equal(gradLarge, gradGrowing);
    }

    [Fact]
    public void Gradient_AfterSuccessThenFailure_ReportsNoForwardSolveWithNaN_NeverTheEarlierSolve()
    {
        var solver = new OdeSolver<double, SquareBlowUp>();
        solver.Solve([0.5], [], [0.0, 1.0], new double[2]).ThrowIfFailed();   // 1/(2 − t): fine up to t = 1
        Assert.False(solver.Solve([1.0], [], [0.0, 2.0], new double[2]).IsSuccess); // 1/(1 − t) blows up at t = 1
        double[] gradZ0 = [7.0];
        GradientResult result = solver.Gradient([0.0, 1.0], gradZ0, []);
        Assert.Equal(OdeStatus.NoForwardSolve, result.Result.Status);
        // NaN, like the outputs the failed solve did not reach: a stale or zero value would pass for a gradient.
        Assert.True(double.IsNaN(gradZ0[0]), $"gradZ0 = {gradZ0[0]}");
        Assert.True(double.IsNaN(result.GradientT0) && double.IsNaN(result.GradientTEnd));
    }

    [Fact]
    public void Gradient_BeforeAnySolve_ReportsNoForwardSolve()
    {
        var solver = new OdeSolver<double, Lorenz63>();
        Assert.Equal(OdeStatus.NoForwardSolve, solver.Gradient(new double[6], new double[3], new double[3]).Result.Status);
    }

    [Fact]
    public void Solve_Misuse_ThrowsArgumentExceptionsNamingTheProblem()
    {
        var solver = new OdeSolver<double, Lorenz63>();
        double[] z0 = Lorenz63.SampleState, p = Lorenz63.SampleParameters;
        AssertMessage(() => solver.Solve([1.0, 2.0], p, [0, 1], new double[6]), "z0 has length 2; expected 3");
        AssertMessage(() => solver.Solve(z0, [1.0], [0, 1], new double[6]), "p has length 1; expected 3");
        AssertMessage(() => solver.Solve(z0, p, [0, 1], new double[5]), "outputs has length 5; expected 6");
        AssertMessage(() => solver.Solve(z0, p, [0], new double[3]), "at least a start and an end");
        AssertMessage(() => solver.Solve(z0, p, [0, 1, 0.5], new double[9]), "strictly increasing or strictly decreasing");
        AssertMessage(() => solver.Solve(z0, p, [0, 1, 1], new double[9]), "times[2]");
        AssertMessage(() => solver.Solve(z0, p, [0, double.NaN], new double[6]), "not finite");

        solver.Solve(z0, p, [0, 1], new double[6]).ThrowIfFailed();
        AssertMessage(() => solver.Gradient(new double[3], new double[3], new double[3]), "outputGradients has length 3; expected 6");
        var shared = new double[6];
        AssertMessage(() => solver.Gradient(new double[6], shared.AsSpan(0, 3), shared.AsSpan(2, 3)), "must not overlap");
    }

    [Fact]
    public void Options_Invalid_ThrowArgumentExceptionsNamingTheSetting()
    {
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { RelativeTolerance = 0 }), "RelativeTolerance");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { AbsoluteTolerance = -1e-6 }), "AbsoluteTolerance");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { AbsoluteTolerances = [1e-6, 1e-6] }), "state has 3 components");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { RelativeTolerances = [1e-6, 0, 1e-6] }), "RelativeTolerances[1]");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { Method = RungeKuttaMethod.Rk4 }), "set OdeOptions.FixedStep");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { MaxSteps = 0 }), "MaxSteps");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { MinStep = 1, MaxStep = 0.5 }), "MinStep");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { CheckpointCapacity = 0 }), "CheckpointCapacity");
        AssertMessage(() => new OdeSolver<double, Lorenz63>(new OdeOptions { Controller = Control.StepSizeController.Integral with { MaxFactor = 0.5 } }), "MaxFactor");
    }

    [Fact]
    public void Solve_PerComponentTolerances_TightComponentGetsTheSmallerError()
    {
        // Harmonic oscillator: tolerances only on the position make the position far more accurate than a loose
        // scalar setting would.
        double[] z0 = [1.0, 0.25], p = [1.7], times = [0.0, 5.0], exact = new double[2];
        HarmonicOscillator.Exact(0, z0, 1.7, 5.0, exact);
        double Error(OdeOptions o)
        {
            var outputs = new double[4];
            new OdeSolver<double, HarmonicOscillator>(o).Solve(z0, p, times, outputs).ThrowIfFailed();
            return Math.Abs(outputs[2] - exact[0]);
        }
        double loose = Error(new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-4 });
        double tight = Error(new OdeOptions { RelativeTolerances = [1e-9, 1e-4], AbsoluteTolerances = [1e-9, 1e-4] });
        Assert.True(tight < loose / 100, $"tight {tight:E2} vs loose {loose:E2}");
    }

    private static void AssertMessage(Action action, string fragment)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains(fragment, exception.Message);
    }

    private static void AssertMessage(Func<object> action, string fragment) => AssertMessage(() => { action(); }, fragment);
}
