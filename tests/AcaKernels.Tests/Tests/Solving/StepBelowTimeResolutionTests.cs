using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A step that t cannot represent: at t = 1.7e9 (a Unix timestamp, resolution 2.4e-7) a system with rate 1e8 starts
/// with h ≈ 1e-10, and t + h rounds back to t. That step changed nothing and passed the error test with error 0; the
/// next step was 0 × the growth factor, so the solver accepted empty steps until MaxSteps (10⁷ trials, seconds, and an
/// ACA checkpoint for each) and then said to raise MaxSteps, which never helps. It is a step-size underflow, reported
/// before the first empty step, the same on the scalar engine and in SIMD lanes.
/// </summary>
public sealed class StepBelowTimeResolutionTests
{
    private const double UnixTime = 1.7e9;
    private static readonly double[] FastDecay = [-1e8];

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.None)]
    [InlineData(GradientMethod.Naive)]
    public void AdaptiveStepBelowTheResolutionOfT_IsStepSizeUnderflow_AtTheFirstStep(GradientMethod method)
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { Gradient = method });
        SolveResult result = solver.Solve([1.0], FastDecay, [UnixTime, UnixTime + 1.0], new double[2]);
        Assert.Equal(OdeStatus.StepSizeUnderflow, result.Status);
        Assert.Equal(UnixTime, result.Time);
        Assert.Equal(0, result.Step);
        Assert.InRange(result.StepSize, double.Epsilon, 1.2e-7); // the step the controller wanted, not 0
        AssertSaysTimeIsTooLarge(result.Describe());
    }

    /// <summary>The message for a step t cannot represent: which case, t's resolution, and the way out (a smaller t),
    /// rather than MinStep / singularity advice that does not apply.</summary>
    internal static void AssertSaysTimeIsTooLarge(string message)
    {
        // ulp(1.7e9) = 2^−22: 1.7e9 lies in [2^30, 2^31).
        Assert.Contains("the step is below the resolution of t, whose neighbouring doubles are ulp(t) = 2.384185791015625E-07 apart", message, StringComparison.Ordinal);
        Assert.Contains("t + h rounds back to t", message, StringComparison.Ordinal);
        Assert.Contains("measure time from the start of the solve (solve in t − t₀ and add t₀ to the output times), or use a time unit in which t is small", message, StringComparison.Ordinal);
        Assert.DoesNotContain("MinStep", message, StringComparison.Ordinal);
        Assert.DoesNotContain("singularity", message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedStepBelowTheResolutionOfT_IsStepSizeUnderflow()
    {
        var options = new OdeOptions { Method = RungeKuttaMethod.Rk4, FixedStep = 1e-9, Gradient = GradientMethod.None };
        SolveResult result = new OdeSolver<double, ExponentialDecay>(options).Solve([1.0], [-1.0], [UnixTime, UnixTime + 1.0], new double[2]);
        Assert.Equal(OdeStatus.StepSizeUnderflow, result.Status);
        Assert.Equal(0, result.Step);
        AssertSaysTimeIsTooLarge(result.Describe());
    }

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void Ensemble_StuckAndHealthyTrajectories_EachAsItsSingleSolver(EnsembleVectorization vectorize)
    {
        // Every third trajectory is the fast one; on the lanes a stopped lane is refilled at once, so the refills
        // meet the check too (trajectories 3 and 6 enter lanes that trajectory 0's stop freed).
        const int trajectories = 19;
        var z0 = new double[trajectories];
        var rates = new double[trajectories];
        for (int b = 0; b < trajectories; b++) { z0[b] = 1.0 + 0.01 * b; rates[b] = b % 3 == 0 ? -1e8 : -0.5 - 0.01 * b; }
        double[] times = [UnixTime, UnixTime + 0.5, UnixTime + 1.0];
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        using var ensemble = new EnsembleSolver<double, ExponentialDecay>(trajectories, options,
            new EnsembleOptions { WorkerCount = 2, ChunkSize = 19, Vectorize = vectorize });
        var outputs = new double[trajectories * times.Length];
        var results = new SolveResult[trajectories];
        EnsembleResult summary = ensemble.Solve(z0, rates, times, outputs, results);
        Assert.Equal(7, summary.Failed);
        // Each trajectory reports its own t and h (on the lanes too), so its message names the case.
        Assert.Equal(0, summary.FirstFailedTrajectory);
        AssertSaysTimeIsTooLarge(summary.Describe());
        AssertSaysTimeIsTooLarge(results[18].Describe());

        var single = new OdeSolver<double, ExponentialDecay>(options);
        var expected = new double[times.Length];
        for (int b = 0; b < trajectories; b++)
        {
            SolveResult alone = single.Solve(z0.AsSpan(b, 1), rates.AsSpan(b, 1), times, expected);
            Assert.Equal(b % 3 == 0 ? OdeStatus.StepSizeUnderflow : OdeStatus.Success, alone.Status);
            Assert.Equal(alone, results[b]);
            for (int k = 0; k < times.Length; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(outputs[b * times.Length + k]));
        }
    }
}
