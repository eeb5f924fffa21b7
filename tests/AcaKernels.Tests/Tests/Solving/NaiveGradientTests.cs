using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// The naive method differentiates everything the forward pass computed, step-size controller included, so
/// it must equal central differences of the complete adaptive solve (as long as the perturbation does not
/// change which trials are accepted). ACA differs from it by the controller's share: tolerance level.
/// </summary>
public sealed class NaiveGradientTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(RungeKuttaMethod.DormandPrince5)]
    [InlineData(RungeKuttaMethod.BogackiShampine3)]
    [InlineData(RungeKuttaMethod.Tsitouras5)]
    [InlineData(RungeKuttaMethod.DormandPrince853)]
    public void Naive_LorenzWithRejections_EqualsCentralDifferencesOfTheAdaptiveSolve(RungeKuttaMethod method)
    {
        double[] times = [0.0, 0.2, 0.45, 0.6];
        var options = new OdeOptions { Method = method, Gradient = GradientMethod.Naive, InitialStep = 0.3, RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 };
        var (gradZ0, gradP, seeds, stats) = Gradient<Lorenz63>(options, times);
        Assert.True(stats.RejectedSteps > 0, "the test needs rejected trials");

        double[] z0 = Lorenz63.SampleState, p = Lorenz63.SampleParameters;
        for (int d = 0; d < 6; d++)
        {
            // ε balances truncation (ε²·L''') against rounding (1e-16·L/ε); the solves stay on one trial pattern.
            double eps = 1e-5;
            double Loss(double delta)
            {
                double[] z = (double[])z0.Clone(), q = (double[])p.Clone();
                if (d < 3) z[d] += delta; else q[d - 3] += delta;
                var solver = new OdeSolver<double, Lorenz63>(options);
                var outputs = new double[times.Length * 3];
                solver.Solve(z, q, times, outputs).ThrowIfFailed();
                Assert.Equal(stats.RejectedSteps, solver.Statistics.RejectedSteps);
                Assert.Equal(stats.AcceptedSteps, solver.Statistics.AcceptedSteps);
                double loss = 0;
                for (int i = 0; i < outputs.Length; i++) loss += seeds[i] * outputs[i];
                return loss;
            }
            double fd = (Loss(eps) - Loss(-eps)) / (2 * eps);
            double actual = d < 3 ? gradZ0[d] : gradP[d - 3];
            Close.Equal(fd, actual, 1e-6, Math.Max(Close.MaxAbs(gradZ0), Close.MaxAbs(gradP)), $"{method} ∂L/∂x[{d}]");
        }
    }

    [Fact]
    public void Naive_VersusAca_AgreeToToleranceAndNaiveMemoryGrowsWithAllTrials()
    {
        double[] times = [0.0, 0.5, 1.0];
        var baseOptions = new OdeOptions { InitialStep = 0.5, RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var aca = Gradient<Lorenz63>(baseOptions, times);
        var naive = Gradient<Lorenz63>(baseOptions with { Gradient = GradientMethod.Naive }, times);
        output.WriteLine($"ACA: {aca.Stats.AcceptedSteps} accepted, {aca.Stats.RejectedSteps} rejected, {aca.Stats.GradientMemoryBytes} B; " +
            $"naive: {naive.Stats.GradientMemoryBytes} B, {naive.Stats.BackwardVjps} VJPs");

        // Tolerance level: the controller's share of the gradient is of the order of the local error control.
        Close.Equal(aca.GradP, naive.GradP, 1e-4, "∂L/∂θ naive vs ACA");
        Close.Equal(aca.GradZ0, naive.GradZ0, 1e-4, "∂L/∂z0 naive vs ACA");

        int trials = aca.Stats.AcceptedSteps + aca.Stats.RejectedSteps;
        Assert.True(aca.Stats.RejectedSteps > 0);
        Assert.Equal(aca.Stats.AcceptedSteps * (2 * sizeof(double) + 3 * sizeof(double)), aca.Stats.GradientMemoryBytes);
        // Naive keeps every trial's 7 stages of 3 doubles, ACA one state per accepted step.
        Assert.True(naive.Stats.GradientMemoryBytes >= trials * 7 * 3 * sizeof(double));
        Assert.True(naive.Stats.GradientMemoryBytes > 4 * aca.Stats.GradientMemoryBytes);
        Assert.Equal(trials * 7, naive.Stats.BackwardVjps);
    }

    internal static (double[] GradZ0, double[] GradP, double[] Seeds, SolverStatistics Stats) Gradient<TSys>(OdeOptions options, double[] times)
        where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        int n = TSys.StateSize;
        var solver = new OdeSolver<double, TSys>(options);
        var outputs = new double[times.Length * n];
        solver.Solve(TSys.SampleState, TSys.SampleParameters, times, outputs).ThrowIfFailed();
        var seeds = new double[outputs.Length];
        var random = new Random(7);
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;
        var gradZ0 = new double[n];
        var gradP = new double[TSys.ParameterSize];
        GradientResult result = solver.Gradient(seeds, gradZ0, gradP);
        result.ThrowIfFailed();
        return (gradZ0, gradP, seeds, result.Statistics);
    }
}
