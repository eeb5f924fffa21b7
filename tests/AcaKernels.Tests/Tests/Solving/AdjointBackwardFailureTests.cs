using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// The continuous adjoint's backward re-solve can fail after a successful forward solve; its result says so
/// (<see cref="SolveResult.Phase"/> = <see cref="SolvePhase.AdjointBackward"/>, a message naming the pass), in the
/// single solver and per trajectory in the ensemble, while forward failures stay <see cref="SolvePhase.Forward"/>.
/// </summary>
public sealed class AdjointBackwardFailureTests
{
    private const string BackwardText = "In the adjoint's backward solve";

    /// <summary>
    /// dz/dt = z on [0, 1] (z grows by e: the forward solve is harmless) with the seed ∂L/∂z(1) = 1e308: the adjoint
    /// a = 1e308·e^(1−t) and ∂L/∂θ = ∫ a·z dt pass the largest double (1.8e308) before t = 0.
    /// </summary>
    [Fact]
    public void AdjointOverflowsBackward_ReportsTheBackwardPassWhereItStopped()
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { Gradient = GradientMethod.Adjoint });
        SolveResult forward = solver.Solve([1.0], [1.0], [0.0, 1.0], new double[2]);
        Assert.Equal(SolvePhase.Forward, forward.Phase);
        forward.ThrowIfFailed();

        GradientResult gradient = solver.Gradient([0.0, 1e308], new double[1], new double[1]);
        SolveResult result = gradient.Result;
        Assert.False(gradient.IsSuccess);
        Assert.Equal(SolvePhase.AdjointBackward, result.Phase);
        // Shrinking steps either leaves the overflow in the trial (non-finite) or runs into the resolution of t.
        Assert.Contains(result.Status, new[] { OdeStatus.NonFiniteState, OdeStatus.StepSizeUnderflow });
        Assert.InRange(result.Time, 0.0, 1.0);
        Assert.True(double.IsNaN(gradient.GradientT0) && double.IsNaN(gradient.GradientTEnd));
        string message = result.Describe();
        Assert.StartsWith(BackwardText, message);
        Assert.Contains($"t = {result.Time:R}", message);
        Assert.Contains($"step {result.Step}", message);
        if (result.Status == OdeStatus.NonFiniteState)
            Assert.InRange(result.Component, 1, 2); // a or ∂L/∂θ of y = [z, a, ∂L/∂θ], never z
        OdeSolveException thrown = Assert.Throws<OdeSolveException>(gradient.ThrowIfFailed);
        Assert.StartsWith(BackwardText, thrown.Message);
    }

    /// <summary>
    /// dz₀/dt = 1, dz₁/dt = θ·z₀·z₁ from z₁ = 0: the solution (t, 0) is exact in every step (DOPRI5's error estimate
    /// is 0 and the step grows by the largest factor), while the adjoint of z₁ obeys da₁/dt = −θ·t·a₁ and grows by
    /// e^(θ/2) from t = 1 back to 0: a backward solve of many steps behind a forward one of a few.
    /// </summary>
    private readonly struct DormantGrowth : IOdeDynamics<double>
    {
        public static int StateSize => 2;
        public static int ParameterSize => 1;
        public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
        {
            dz[0] = 1;
            dz[1] = p[0] * z[0] * z[1];
        }
        public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
            ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
        {
            gradZ[0] += v[1] * p[0] * z[1];
            gradZ[1] += v[1] * p[0] * z[0];
            gradP[0] += v[1] * z[0] * z[1];
            return 0;
        }
    }

    [Fact]
    public void BackwardNeedsMoreStepsThanTheForward_MaxStepsReportsTheBackwardPass()
    {
        var options = new OdeOptions { Gradient = GradientMethod.Adjoint };
        double[] z0 = [0, 0], p = [20], times = [0.0, 1.0], seeds = [0, 0, 0, 1];
        var free = new OdeSolver<double, DormantGrowth>(options);
        SolveResult forward = free.Solve(z0, p, times, new double[4]);
        forward.ThrowIfFailed();
        GradientResult full = free.Gradient(seeds, new double[2], new double[1]);
        full.ThrowIfFailed();
        int forwardTrials = forward.Statistics.AcceptedSteps + forward.Statistics.RejectedSteps;
        Assert.True(full.Statistics.BackwardSteps > forwardTrials,
            $"the backward solve took {full.Statistics.BackwardSteps} trials, the forward {forwardTrials}: the premise fails");

        // MaxSteps = the forward's trials: the forward solve gets through, the backward one stops.
        var limited = new OdeSolver<double, DormantGrowth>(options with { MaxSteps = forwardTrials });
        limited.Solve(z0, p, times, new double[4]).ThrowIfFailed();
        SolveResult result = limited.Gradient(seeds, new double[2], new double[1]).Result;
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.Equal(SolvePhase.AdjointBackward, result.Phase);
        Assert.InRange(result.Time, 0.0, 1.0);
        string message = result.Describe();
        Assert.StartsWith(BackwardText, message);
        Assert.Contains("MaxSteps", message);
        Assert.Contains($"t = {result.Time:R}", message);
        Assert.Contains($"step {result.Step}", message);
    }

    [Fact]
    public void ForwardFailure_StaysTheForwardPass()
    {
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { Gradient = GradientMethod.Adjoint, MaxSteps = 10 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, 5.0], new double[6]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.Equal(SolvePhase.Forward, result.Phase);
        Assert.DoesNotContain("backward", result.Describe());
    }

    [Fact]
    public void Ensemble_OneTrajectoryOverflowsBackward_FailsAloneWithTheBackwardPass()
    {
        const int trajectories = 5, poisoned = 2;
        using var solver = new EnsembleSolver<double, ExponentialDecay>(trajectories,
            new OdeOptions { Gradient = GradientMethod.Adjoint }, new EnsembleOptions { WorkerCount = 2, ChunkSize = 2 });
        double[] z0 = [1.0, 1.1, 1.2, 1.3, 1.4];
        var solveResults = new SolveResult[trajectories];
        solver.Solve(z0, [1.0], [0.0, 1.0], new double[2 * trajectories], solveResults).ThrowIfFailed();
        var seeds = new double[2 * trajectories];
        for (int b = 0; b < trajectories; b++) seeds[2 * b + 1] = b == poisoned ? 1e308 : 1.0;

        var results = new GradientResult[trajectories];
        EnsembleResult summary = solver.Gradient(seeds, new double[trajectories], new double[trajectories], results);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(poisoned, summary.FirstFailedTrajectory);
        Assert.Equal(SolvePhase.AdjointBackward, summary.FirstFailure.Phase);
        Assert.Contains(BackwardText, summary.Describe());
        for (int b = 0; b < trajectories; b++)
        {
            Assert.Equal(b == poisoned ? SolvePhase.AdjointBackward : SolvePhase.Forward, results[b].Result.Phase);
            Assert.Equal(b != poisoned, results[b].IsSuccess);
        }
    }
}
