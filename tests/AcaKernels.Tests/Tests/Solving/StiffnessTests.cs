using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A solve that stops on a limit while Dormand-Prince's stiffness test fires reports <see cref="OdeStatus.LikelyStiff"/>
/// (issue 6: "why did my solve stop?"), and a non-stiff one keeps its plain status; with the test on Hairer's schedule
/// (<see cref="OdeOptions.StiffnessTestInterval"/>, default 1000) as with a test on every step (interval 1), and the
/// schedule never changes the steps a solve takes.
/// </summary>
public sealed class StiffnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(StiffnessDetector.DefaultTestInterval)]
    public void Solve_VanDerPolMu1000WithFewMaxSteps_ReportsLikelyStiffWithTimeAndStepSize(int interval)
    {
        // μ = 1000: after the fast transient the slow manifold's Jacobian has an eigenvalue ≈ −μ·(z₀² − 1) ≈ −3000,
        // so DOPRI5 crawls at h ≈ 3.3/3000 ≈ 1e-3 where accuracy would allow steps of order 1.
        var solver = new OdeSolver<double, VanDerPol>(new OdeOptions { MaxSteps = 5000, StiffnessTestInterval = interval });
        SolveResult result = solver.Solve([2.0, 0.0], [1000.0], [0.0, 3000.0], new double[4]);
        Assert.Equal(OdeStatus.LikelyStiff, result.Status);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Cause);
        Assert.InRange(result.Time, 0.0, 3000.0);
        Assert.InRange(result.StepSize, 1e-5, 1e-2);
        string message = result.Describe();
        Assert.Contains("stiff", message);
        Assert.Contains("implicit", message);
        Assert.Contains("loosen the tolerances", message);
        Assert.Contains($"t = {result.Time:R}", message);
        Assert.Contains("MaxSteps", message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(StiffnessDetector.DefaultTestInterval)]
    public void Solve_RobertsonWithFewMaxSteps_ReportsLikelyStiff(int interval)
    {
        var solver = new OdeSolver<double, Robertson>(new OdeOptions { MaxSteps = 5000, StiffnessTestInterval = interval });
        SolveResult result = solver.Solve([1.0, 0.0, 0.0], [], [0.0, 40.0], new double[6]);
        Assert.Equal(OdeStatus.LikelyStiff, result.Status);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Cause);
        Assert.True(result.StepSize > 0 && result.StepSize < 1e-2, $"step size {result.StepSize}");
    }

    [Fact]
    public void Solve_RobertsonHittingTheMemoryCeiling_ReportsLikelyStiffCausedByMemory()
    {
        // 100 kB hold 2,500 checkpoints of (t, h, 3 doubles); stiffness is detected long before.
        var solver = new OdeSolver<double, Robertson>(new OdeOptions { GradientMemoryLimit = 100_000 });
        SolveResult result = solver.Solve([1.0, 0.0, 0.0], [], [0.0, 40.0], new double[6]);
        Assert.Equal(OdeStatus.LikelyStiff, result.Status);
        Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, result.Cause);
        Assert.Contains("GradientMemoryLimit", result.Describe());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(StiffnessDetector.DefaultTestInterval)]
    public void Solve_ChaoticButNotStiffWithFewMaxSteps_ReportsMaxStepsExceeded(int interval)
    {
        // Lorenz steps are limited by accuracy (h·|λ| well inside the stability region): not stiff.
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { MaxSteps = 2000, StiffnessTestInterval = interval });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, 1000.0], new double[6]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Cause);
        Assert.DoesNotContain("looks stiff", result.Describe());
    }

    [Fact]
    public void Solve_StoppedBeforeTheFirstScheduledTest_ReportsTheLimitAlone()
    {
        // Van der Pol, μ = 1000 (as above), stopped after 800 trial steps: tested on every step (interval 1) or every
        // 50th (the stretch then opens at a scheduled test and is tested on every step), the stiffness is found; on
        // Hairer's default schedule no test has run before the limit (fewer than 1000 accepted steps), so the limit is
        // reported alone, as his code would. Either way the same steps were taken.
        SolveResult Stop(int interval) => new OdeSolver<double, VanDerPol>(new OdeOptions { MaxSteps = 800, StiffnessTestInterval = interval })
            .Solve([2.0, 0.0], [1000.0], [0.0, 3000.0], new double[4]);
        SolveResult everyStep = Stop(1), every50th = Stop(50), hairer = Stop(StiffnessDetector.DefaultTestInterval);
        Assert.True(everyStep.Status == OdeStatus.LikelyStiff, everyStep.Describe());
        Assert.True(every50th.Status == OdeStatus.LikelyStiff, every50th.Describe());
        Assert.True(hairer.Statistics.AcceptedSteps < StiffnessDetector.DefaultTestInterval, "the premise: no scheduled test yet");
        Assert.Equal(OdeStatus.MaxStepsExceeded, hairer.Status);
        foreach (SolveResult stopped in new[] { everyStep, every50th, hairer })
        {
            Assert.Equal(OdeStatus.MaxStepsExceeded, stopped.Cause);
            Assert.Equal(hairer with { Status = stopped.Status }, stopped); // time, step, step size, statistics
        }
    }

    [Fact]
    public void Solve_AnyTestInterval_TakesTheSameStepsWithTheSameBits()
    {
        // The test only reads the stages. A mildly stiff solve that succeeds (λ = 1000, ~8 000 steps at the stability
        // limit) and Van der Pol (μ = 1000) stopped by its limit while the test fires: outputs, statistics, stop time and
        // step size are equal bit for bit; only the status may say LikelyStiff or not.
        foreach ((int maxSteps, bool vanDerPol) in new[] { (10_000_000, false), (3000, true) })
        {
            double[]? reference = null;
            SolveResult? referenceResult = null;
            foreach (int interval in new[] { 1, 2, 7, 64, StiffnessDetector.DefaultTestInterval, int.MaxValue })
            {
                var options = new OdeOptions { MaxSteps = maxSteps, StiffnessTestInterval = interval };
                var outputs = new double[vanDerPol ? 6 : 3];
                SolveResult result = vanDerPol
                    ? new OdeSolver<double, VanDerPol>(options).Solve([2.0, 0.0], [1000.0], [0.0, 1500.0, 3000.0], outputs)
                    : new OdeSolver<double, StiffRelaxation>(options).Solve([0.0], [1000.0], [0.0, 10.0, 20.0], outputs);
                if (vanDerPol && interval == 1) Assert.Equal(OdeStatus.LikelyStiff, result.Status); // the test did fire
                reference ??= outputs;
                referenceResult ??= result;
                Assert.Equal(reference.Select(BitConverter.DoubleToInt64Bits), outputs.Select(BitConverter.DoubleToInt64Bits));
                Assert.Equal(referenceResult.Value with { Status = result.Status }, result);
            }
        }
    }

    [Fact]
    public void Options_StiffnessTestIntervalBelowOne_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OdeSolver<double, Lorenz63>(new OdeOptions { StiffnessTestInterval = 0 }));
        Assert.Equal(nameof(OdeOptions.StiffnessTestInterval), error.ParamName);
        Assert.Contains("at least 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OdeSolver<double, Lorenz63>(new OdeOptions { StiffnessTestInterval = -1000 }));
    }

    [Fact]
    public void Solve_StiffWithAnotherMethod_KeepsThePlainStatus()
    {
        // The test is Dormand-Prince 5(4)'s (its stability boundary sets the threshold); other methods report the limit.
        var solver = new OdeSolver<double, Robertson>(new OdeOptions { MaxSteps = 5000, Method = RungeKuttaMethod.Tsitouras5 });
        SolveResult result = solver.Solve([1.0, 0.0, 0.0], [], [0.0, 40.0], new double[6]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
    }

    [Fact]
    public void Gradient_AfterLikelyStiffSolve_ReportsNoForwardSolve()
    {
        var solver = new OdeSolver<double, Robertson>(new OdeOptions { MaxSteps = 5000, Gradient = GradientMethod.Aca });
        Assert.False(solver.Solve([1.0, 0.0, 0.0], [], [0.0, 40.0], new double[6]).IsSuccess);
        Assert.Equal(OdeStatus.NoForwardSolve, solver.Gradient(new double[6], new double[3], []).Result.Status);
    }
}
