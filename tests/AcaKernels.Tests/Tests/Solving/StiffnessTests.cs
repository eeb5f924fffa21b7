using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A solve that stops on a limit while Dormand-Prince's stiffness test fires reports <see cref="OdeStatus.LikelyStiff"/>
/// (issue 6: "why did my solve stop?"), and a non-stiff one keeps its plain status.
/// </summary>
public sealed class StiffnessTests
{
    [Fact]
    public void Solve_VanDerPolMu1000WithFewMaxSteps_ReportsLikelyStiffWithTimeAndStepSize()
    {
        // μ = 1000: after the fast transient the slow manifold's Jacobian has an eigenvalue ≈ −μ·(z₀² − 1) ≈ −3000,
        // so DOPRI5 crawls at h ≈ 3.3/3000 ≈ 1e-3 where accuracy would allow steps of order 1.
        var solver = new OdeSolver<double, VanDerPol>(new OdeOptions { MaxSteps = 5000 });
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

    [Fact]
    public void Solve_RobertsonWithFewMaxSteps_ReportsLikelyStiff()
    {
        var solver = new OdeSolver<double, Robertson>(new OdeOptions { MaxSteps = 5000 });
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

    [Fact]
    public void Solve_ChaoticButNotStiffWithFewMaxSteps_ReportsMaxStepsExceeded()
    {
        // Lorenz steps are limited by accuracy (h·|λ| well inside the stability region): not stiff.
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { MaxSteps = 2000 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, 1000.0], new double[6]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Cause);
        Assert.DoesNotContain("looks stiff", result.Describe());
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
