using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// Every method converges at its order on the harmonic oscillator (exact solution known): the least-squares
/// slope of log(global error) against log(step) must be within 0.2 of the order. Fixed-step methods use a
/// constant step; adaptive methods are driven by their tolerance and judged against the median accepted step
/// (the controller keeps the step field's shape while scaling it).
/// </summary>
public sealed class ConvergenceOrderTests
{
    private const double SlopeTolerance = 0.2;
    private const double Omega = 1.7, EndTime = 6.0;

    [Theory]
    [InlineData(RungeKuttaMethod.Euler, 1, 1e-3)]
    [InlineData(RungeKuttaMethod.Midpoint, 2, 1e-2)]
    [InlineData(RungeKuttaMethod.Rk4, 4, 2e-2)]
    [InlineData(RungeKuttaMethod.HeunEuler, 2, 1e-2)]
    [InlineData(RungeKuttaMethod.BogackiShampine3, 3, 2e-2)]
    [InlineData(RungeKuttaMethod.DormandPrince5, 5, 5e-2)]
    [InlineData(RungeKuttaMethod.Tsitouras5, 5, 5e-2)]
    [InlineData(RungeKuttaMethod.DormandPrince853, 8, 0.75)]
    public void FixedStep_HalvingSteps_ErrorFallsAtTheOrder(RungeKuttaMethod method, int order, double largestStep)
    {
        // Steps chosen so the error stays well above rounding (1e-13) and inside the asymptotic regime.
        var steps = new double[5];
        var errors = new double[5];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = largestStep / Math.Pow(2, i * 0.5);
            // The step must divide T so no clipped last step spoils the sequence.
            int count = (int)Math.Ceiling(EndTime / steps[i]);
            steps[i] = EndTime / count;
            errors[i] = GlobalError(new OdeOptions { Method = method, FixedStep = steps[i] }, out _);
        }
        double slope = Slope(steps, errors);
        Assert.True(Math.Abs(slope - order) <= SlopeTolerance,
            $"{method}: observed order {slope:F3}, expected {order} ± {SlopeTolerance}; errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
    }

    [Theory]
    [InlineData(RungeKuttaMethod.HeunEuler, 2, 1e-3, 1e-7)]
    [InlineData(RungeKuttaMethod.BogackiShampine3, 3, 1e-3, 1e-9)]
    [InlineData(RungeKuttaMethod.DormandPrince5, 5, 1e-4, 1e-11)]
    [InlineData(RungeKuttaMethod.Tsitouras5, 5, 1e-6, 1e-12)]
    [InlineData(RungeKuttaMethod.DormandPrince853, 8, 1e-8, 1e-13)] // at 1e-14 the global error is 9e-16, rounding, not truncation
    public void Adaptive_TighteningTolerance_ErrorFallsAtTheOrderOfTheMeanStep(RungeKuttaMethod method, int order,
        double loosest, double tightest)
    {
        const int Points = 8;
        var steps = new double[Points];
        var errors = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            double tol = loosest * Math.Pow(tightest / loosest, i / (Points - 1.0));
            errors[i] = GlobalError(new OdeOptions
            {
                Method = method, RelativeTolerance = tol, AbsoluteTolerance = tol,
            }, out steps[i]);
        }
        double slope = Slope(steps, errors);
        Assert.True(Math.Abs(slope - order) <= SlopeTolerance,
            $"{method}: observed order {slope:F3}, expected {order} ± {SlopeTolerance}; steps {string.Join(", ", steps.Select(e => e.ToString("E2")))} errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
    }

    [Fact]
    public void UserTableau_FixedStep_HalvingSteps_ErrorFallsAtItsOrder()
    {
        // A tableau the library does not ship, through OdeOptions.Tableau (generic stepper): order 4.
        var steps = new double[5];
        var errors = new double[5];
        for (int i = 0; i < steps.Length; i++)
        {
            int count = (int)Math.Ceiling(EndTime / (2e-2 / Math.Pow(2, i * 0.5)));
            steps[i] = EndTime / count;
            errors[i] = GlobalError(new OdeOptions { Tableau = Support.Fehlberg45.Tableau, FixedStep = steps[i] }, out _);
        }
        double slope = Slope(steps, errors);
        Assert.True(Math.Abs(slope - 4) <= SlopeTolerance, $"Fehlberg45: observed order {slope:F3}, expected 4 ± {SlopeTolerance}");
    }

    [Fact]
    public void UserTableau_Adaptive_TighteningTolerance_ErrorFallsAtItsOrder()
    {
        const int Points = 8;
        var steps = new double[Points];
        var errors = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            double tol = 1e-4 * Math.Pow(1e-11 / 1e-4, i / (Points - 1.0));
            errors[i] = GlobalError(new OdeOptions
            {
                Method = RungeKuttaMethod.Euler, // overridden by Tableau
                Tableau = Support.Fehlberg45.Tableau, RelativeTolerance = tol, AbsoluteTolerance = tol,
            }, out steps[i]);
        }
        double slope = Slope(steps, errors);
        Assert.True(Math.Abs(slope - 4) <= SlopeTolerance,
            $"Fehlberg45: observed order {slope:F3}, expected 4 ± {SlopeTolerance}; errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
    }

    private static double GlobalError(OdeOptions options, out double medianStep)
    {
        double[] z0 = [1.0, 0.25], p = [Omega], times = [0.0, EndTime];
        var solver = new OdeSolver<double, HarmonicOscillator>(options with { MaxSteps = 1_000_000, CheckpointGrowth = Gradients.CheckpointGrowth.Double });
        var outputs = new double[4];
        solver.Solve(z0, p, times, outputs).ThrowIfFailed();
        // The median step, not T/N: the start-up transient adds a near-constant count of small steps that would
        // inflate the slope at loose tolerances.
        double[] sorted = solver.AcceptedSteps.Steps.ToArray();
        Array.Sort(sorted);
        medianStep = sorted[sorted.Length / 2];
        Span<double> exact = stackalloc double[2];
        HarmonicOscillator.Exact(0, z0, Omega, EndTime, exact);
        return Math.Max(Math.Abs(outputs[2] - exact[0]), Math.Abs(outputs[3] - exact[1]));
    }

    /// <summary>Least-squares slope of log(errors) against log(steps).</summary>
    private static double Slope(double[] steps, double[] errors)
    {
        double[] x = steps.Select(v => Math.Log(v)).ToArray(), y = errors.Select(v => Math.Log(v)).ToArray();
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
