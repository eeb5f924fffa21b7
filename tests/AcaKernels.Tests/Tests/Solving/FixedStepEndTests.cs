using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A fixed step h on [t₀, t₁] with (t₁ − t₀)/h an integer up to rounding takes exactly that many steps, the last
/// landing on t₁ exactly: t, advanced by one rounded addition per step, ends a few ulps short of t₁ (h = 0.1 on
/// [0, 1]: 0.9999999999999999), and without StepRule.EndSlack a sliver step of ~1e-16 (1e-10 at t = 1e6) followed.
/// </summary>
public sealed class FixedStepEndTests
{
    public static TheoryData<double, double, int> Grids()
    {
        var data = new TheoryData<double, double, int>();
        foreach (double t0 in new[] { 0.0, 1e6 })
        {
            data.Add(t0, 0.1, 10);
            data.Add(t0, 0.01, 100);
            data.Add(t0, 1.0 / 3, 3);
            data.Add(t0, 1e-3, 1000);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void Double_WholeNumberOfSteps_TakesThatManyAndLandsOnTheEnd(double t0, double h, int steps)
    {
        foreach (GradientMethod method in new[] { GradientMethod.Aca, GradientMethod.None })
        {
            var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { FixedStep = h, Gradient = method });
            var outputs = new double[2];
            SolveResult result = solver.Solve([1.0], [-0.5], [t0, t0 + 1], outputs);
            AssertLanded(result, t0 + 1, steps);
            // DOPRI5 is FSAL: f(t₀), then 6 per step; the last stage is reused unless the landing step moved t by rounding.
            Assert.InRange(result.Statistics.ForwardEvaluations, 1 + 6L * steps, 1 + 7L * steps);
            // 5th order at h ≤ 1/3 on a decay rate of 0.5: the local errors are below 1e-6.
            Assert.Equal(Math.Exp(-0.5), outputs[1], 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void Float_WholeNumberOfSteps_TakesThatManyAndLandsOnTheEnd(double t0, double h, int steps)
    {
        // A float state: t stays a double, so the rule and the counts are the same.
        var solver = new OdeSolver<float, ExponentialDecay>(new OdeOptions { FixedStep = h, Method = RungeKuttaMethod.Rk4 });
        var outputs = new float[2];
        SolveResult result = solver.Solve([1f], [-0.5f], [t0, t0 + 1], outputs);
        AssertLanded(result, t0 + 1, steps);
        Assert.Equal(Math.Exp(-0.5), outputs[1], 1e-5);
    }

    [Theory]
    [InlineData(0.1, 10)]
    [InlineData(1e-3, 1000)]
    public void BackwardInTime_WholeNumberOfSteps_TakesThatManyAndLandsOnTheStart(double h, int steps)
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { FixedStep = h });
        SolveResult result = solver.Solve([1.0], [-0.5], [1.0, 0.0], new double[2]);
        AssertLanded(result, 0.0, steps);
    }

    [Fact]
    public void OutputGridNotAMultipleOfTheStep_ClipsToEachOutputWithoutSlivers()
    {
        // h = 0.1 towards outputs every 0.25: 0.1, 0.2, then 0.05 onto 0.25, and so on: three steps per output.
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { FixedStep = 0.1 });
        double[] times = [0, 0.25, 0.5, 0.75, 1.0];
        var outputs = new double[times.Length];
        SolveResult result = solver.Solve([1.0], [-0.5], times, outputs);
        AssertLanded(result, 1.0, 12);
        for (int k = 0; k < times.Length; k++) Assert.Equal(Math.Exp(-0.5 * times[k]), outputs[k], 1e-9);

        // 0.1 + 0.1 + 0.1 passes 0.3 by an ulp (clipped onto it), and seven more steps reach 1.
        result = solver.Solve([1.0], [-0.5], [0, 0.3, 1.0], new double[3]);
        AssertLanded(result, 1.0, 10);
    }

    [Fact]
    public void AdaptiveAtItsMaximumStep_LandsWithoutSlivers()
    {
        // A decay this slow accepts any step up to MaxStep with a tiny error, so the controller asks for the largest
        // factor and the clamp holds every step at 0.1: the adaptive loop at a fixed step.
        var options = new OdeOptions { InitialStep = 0.1, MaxStep = 0.1 };
        var solver = new OdeSolver<double, ExponentialDecay>(options);
        SolveResult result = solver.Solve([1.0], [-1e-3], [0.0, 1.0], new double[2]);
        AssertLanded(result, 1.0, 10);
    }

    /// <summary>Success at exactly <paramref name="end"/> after exactly <paramref name="steps"/> accepted steps, none rejected.</summary>
    internal static void AssertLanded(in SolveResult result, double end, int steps)
    {
        Assert.Equal(OdeStatus.Success, result.Status);
        Assert.Equal(end, result.Time);
        Assert.Equal(steps, result.Statistics.AcceptedSteps);
        Assert.Equal(0, result.Statistics.RejectedSteps);
    }
}
