using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Tests.Toy;

/// <summary>The toy experiment's numbers make sense: what the ACA paper's theory says about each method.</summary>
public sealed class ToyExperimentTests(SmallToyRun run) : IClassFixture<SmallToyRun>
{
    [Fact]
    public void Run_SmallGrid_EveryCellSucceeds()
    {
        Assert.True(run.Report.Completed);
        Assert.Equal(SmallToyRun.Settings.Count, run.Report.Measurements.Count);
        Assert.All(run.Report.Measurements, m => Assert.Equal("Success", m.Status));
    }

    [Fact]
    public void Aca_EqualsTheDiscreteGradient_To1e10()
    {
        // ACA differentiates exactly the discrete solve taken; the complex-step replay of the same steps is that
        // gradient to rounding. Both are sums over ≤ ~200 steps of O(1) relative terms, so they agree to ~1e-14;
        // 1e-10 is the bound and leaves 4 digits for rounding.
        foreach (var m in run.Report.Measurements.Where(m => m.Method == "aca"))
        {
            Assert.True(m.ErrorZ0VsDiscrete <= 1e-10, $"ACA dL/dz0 at α={m.Alpha}, T={m.EndTime}, tol={m.Tolerance}: {m.ErrorZ0VsDiscrete}");
            Assert.True(m.ErrorAlphaVsDiscrete <= 1e-10, $"ACA dL/dα at α={m.Alpha}, T={m.EndTime}, tol={m.Tolerance}: {m.ErrorAlphaVsDiscrete}");
        }
    }

    [Fact]
    public void Adjoint_IsNotTheDiscreteGradient()
    {
        // The continuous adjoint re-solves z backwards at the same tolerance: its error against the discrete
        // gradient is of the order of the tolerance, far above rounding (1e-12 is 100x the rounding of ACA's).
        foreach (var m in run.Report.Measurements.Where(m => m.Method == "adjoint"))
            Assert.True(m.ErrorAlphaVsDiscrete > 1e-12, $"adjoint at α={m.Alpha}, T={m.EndTime}, tol={m.Tolerance}: {m.ErrorAlphaVsDiscrete}");
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-8)]
    public void Adjoint_DecayOverLongTime_IsLessAccurateThanAca(double tolerance)
    {
        // The paper's figure: for α < 0 the adjoint's backward re-solve runs z(t) = z(T)e^{-α(T-t)} from T down to
        // 0, a growing solution, so the re-solve's error grows and its gradient is several times worse than ACA's
        // (measured 6-12x here; 2x is asserted so that rounding differences between CPUs cannot flip it).
        var aca = run.Cell(-0.5, 10, tolerance, "aca");
        var adjoint = run.Cell(-0.5, 10, tolerance, "adjoint");
        Assert.True(adjoint.ErrorAlphaVsAnalytic > 2 * aca.ErrorAlphaVsAnalytic,
            $"adjoint {adjoint.ErrorAlphaVsAnalytic} vs ACA {aca.ErrorAlphaVsAnalytic}");
    }

    [Fact]
    public void Adjoint_DecayError_GrowsWithEndTime()
    {
        foreach (double tolerance in SmallToyRun.Settings.Tolerances)
            Assert.True(run.Cell(-0.5, 10, tolerance, "adjoint").ErrorAlphaVsAnalytic > run.Cell(-0.5, 2, tolerance, "adjoint").ErrorAlphaVsAnalytic);
    }

    [Fact]
    public void EveryMethod_ErrorVsAnalytic_ShrinksWithTheTolerance()
    {
        // All three are consistent: tightening the tolerance 10^4-fold must shrink each error against the analytic
        // gradient; asserted as at least 100-fold (the measured factor is ~10^3-10^4, as the 5th-order method
        // with a PI controller gives error ∝ tol).
        foreach (double alpha in SmallToyRun.Settings.Alphas)
            foreach (double t in SmallToyRun.Settings.EndTimes)
                foreach (string method in run.Report.Methods)
                {
                    double loose = run.Cell(alpha, t, 1e-4, method).ErrorAlphaVsAnalytic!.Value;
                    double tight = run.Cell(alpha, t, 1e-8, method).ErrorAlphaVsAnalytic!.Value;
                    Assert.True(tight * 100 < loose, $"{method} at α={alpha}, T={t}: {loose} at 1e-4, {tight} at 1e-8");
                }
    }

    [Fact]
    public void EveryMethod_TakesTheSameForwardSteps()
    {
        // The discrete reference is built from ACA's steps; that is the discrete solve of every method only if
        // they all step alike (one integrator, same options).
        foreach (var cell in run.Report.Measurements.GroupBy(m => (m.Alpha, m.EndTime, m.Tolerance)))
            Assert.Single(cell.Select(m => (m.AcceptedSteps, m.RejectedSteps)).Distinct());
    }

    [Fact]
    public void Aca_GradientError_FollowsTheForwardError()
    {
        // ACA's gradient is the gradient of the computed solution, so its analytic error is the forward solve's
        // own error carried through ∂/∂α: same order of magnitude (within 100x either way; measured within 20x).
        foreach (var m in run.Report.Measurements.Where(m => m.Method == "aca"))
        {
            double ratio = m.ErrorAlphaVsAnalytic!.Value / m.StateError!.Value;
            Assert.InRange(ratio, 1e-2, 1e2);
        }
    }

    [Fact]
    public void Cost_AdjointKeepsNoCheckpoints_NaiveKeepsTheMost()
    {
        foreach (var cell in run.Report.Measurements.GroupBy(m => (m.Alpha, m.EndTime, m.Tolerance)))
        {
            var by = cell.ToDictionary(m => m.Method);
            Assert.Equal(0, by["adjoint"].GradientMemoryBytes);
            Assert.True(by["naive"].GradientMemoryBytes > by["aca"].GradientMemoryBytes);
            Assert.True(by["aca"].GradientMemoryBytes > 0);
        }
    }
}
