using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Reference;

/// <summary>The reference itself: its values integrate correctly and its tangents are true derivatives.</summary>
public sealed class DualRungeKuttaTests
{
    /// <summary>
    /// Central differences through 25 steps with δ = 1e-6 relative: truncation ~δ²·(third derivative) and rounding
    /// ~ε·|z|/δ ≈ 1e-10 relative, amplified by the flow's growth over t ∈ [0, 0.5] (Lorenz: ~e^{0.9·0.5}).
    /// </summary>
    private const double DifferenceTolerance = 1e-6;

    [Theory]
    [InlineData(RungeKuttaMethod.Midpoint, 2)]
    [InlineData(RungeKuttaMethod.Rk4, 4)]
    [InlineData(RungeKuttaMethod.DormandPrince5, 5)]
    [InlineData(RungeKuttaMethod.DormandPrince853, 8)]
    public void Propagate_HarmonicOscillatorHalvingStep_ErrorFallsAtMethodOrder(RungeKuttaMethod method, int order)
    {
        // Error ∝ h^order, so halving h divides it by 2^order; a slope within 0.3 of the order (the issue asks
        // 0.2 of the solver) allows for the next error term at these coarse steps.
        double[] z0 = HarmonicOscillator.SampleState, p = HarmonicOscillator.SampleParameters;
        double Error(int steps)
        {
            double h = 2.0 / steps;
            double[] times = Enumerable.Range(0, steps).Select(i => i * h).ToArray();
            DualTrajectory run = DualRungeKutta.Propagate<HarmonicOscillator>(method, times,
                Enumerable.Repeat(h, steps).ToArray(), z0, p, default, default);
            var exact = new double[2];
            HarmonicOscillator.Exact(0, z0, p[0], 2.0, exact);
            return Math.Max(Math.Abs(run.Final[0] - exact[0]), Math.Abs(run.Final[1] - exact[1]));
        }
        int coarse = order == 8 ? 8 : 16;
        double slope = Math.Log2(Error(coarse) / Error(2 * coarse));
        Assert.InRange(slope, order - 0.3, order + 0.3);
    }

    [Fact]
    public void Propagate_ExponentialDecay_TangentsMatchAnalyticDerivativesOfTheDiscreteMap()
    {
        // For dz = αz every RK step multiplies by the stability polynomial R(αh); RK4's is 1 + x + x²/2 + x³/6 + x⁴/24.
        // So z_N = z₀ R(αh)^N and d z_N/dα = z₀ N R^{N−1} R'(αh) h — exact for the discrete map.
        const double alpha = -0.5, z0 = 1.3, h = 0.1;
        const int steps = 20;
        double x = alpha * h;
        double r = 1 + x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24;
        double dr = 1 + x + x * x / 2 + x * x * x / 6;
        double[] times = Enumerable.Range(0, steps).Select(i => i * h).ToArray();
        double[] hs = Enumerable.Repeat(h, steps).ToArray();
        DualTrajectory byAlpha = DualRungeKutta.Propagate<ExponentialDecay>(RungeKuttaMethod.Rk4, times, hs, [z0], [alpha], [0.0], [1.0]);
        DualTrajectory byZ0 = DualRungeKutta.Propagate<ExponentialDecay>(RungeKuttaMethod.Rk4, times, hs, [z0], [alpha], [1.0], [0.0]);
        Close.Equal(z0 * Math.Pow(r, steps), byAlpha.Final[0], 1e-14, 0, "z_N");
        Close.Equal(z0 * steps * Math.Pow(r, steps - 1) * dr * h, byAlpha.FinalTangent[0], 1e-13, 0, "dz_N/dα");
        Close.Equal(Math.Pow(r, steps), byZ0.FinalTangent[0], 1e-14, 0, "dz_N/dz₀");
    }

    [Theory]
    [InlineData(RungeKuttaMethod.DormandPrince5)]
    [InlineData(RungeKuttaMethod.Tsitouras5)]
    [InlineData(RungeKuttaMethod.DormandPrince853)]
    public void Propagate_LorenzRandomDirection_TangentsMatchCentralDifferences(RungeKuttaMethod method) =>
        AssertTangentsMatchDifferences<Lorenz63>(method, steps: 25, h: 0.02);

    [Fact]
    public void Propagate_TanhMlpRandomDirection_TangentsMatchCentralDifferences() =>
        AssertTangentsMatchDifferences<TanhMlp>(RungeKuttaMethod.BogackiShampine3, steps: 12, h: 0.25);

    [Fact]
    public void Propagate_ForcedOscillatorStepTimesAndSizes_TangentsMatchCentralDifferences() =>
        AssertTangentsMatchDifferences<ForcedOscillator>(RungeKuttaMethod.DormandPrince5, steps: 10, h: 0.15);

    [Fact]
    public void Propagate_MismatchedLengths_Throws()
    {
        double[] z0 = Lorenz63.SampleState, p = Lorenz63.SampleParameters;
        Assert.Throws<ArgumentException>(() =>
            DualRungeKutta.Propagate<Lorenz63>(RungeKuttaMethod.Rk4, [0.0, 0.1], [0.1], z0, p, default, default));
        Assert.Throws<ArgumentException>(() =>
            DualRungeKutta.Propagate<Lorenz63>(RungeKuttaMethod.Rk4, [0.0], [0.1], z0, p, default, default, dt: [1.0, 2.0]));
    }

    /// <summary>
    /// A random direction in (z₀, p, t_i, h_i) and a random loss weight w: ⟨w, tangent of z_N⟩ against the
    /// central difference of ⟨w, z_N⟩ along that direction, the step times and sizes moving too.
    /// </summary>
    private static void AssertTangentsMatchDifferences<TSys>(RungeKuttaMethod method, int steps, double h)
        where TSys : ITestSystem
    {
        var random = new Random(5);
        double[] z0 = TSys.SampleState, p = TSys.SampleParameters;
        int n = z0.Length, m = p.Length;
        double[] times = Enumerable.Range(0, steps).Select(i => 0.1 + i * h).ToArray();
        double[] hs = Enumerable.Repeat(h, steps).ToArray();
        double[] dz0 = SamplePoints.Uniform(random, n), dp = SamplePoints.Uniform(random, m);
        double[] dt = SamplePoints.Uniform(random, steps), dh = SamplePoints.Uniform(random, steps).Select(d => 0.1 * d).ToArray();
        double[] w = SamplePoints.Uniform(random, n);

        DualTrajectory run = DualRungeKutta.Propagate<TSys>(method, times, hs, z0, p, dz0, dp, dt, dh);
        double tangent = run.TangentDot(steps, w);

        double Loss(double[] x)
        {
            // x packs (z₀, p, t, h).
            DualTrajectory values = DualRungeKutta.Propagate<TSys>(method, x.AsSpan(n + m, steps), x.AsSpan(n + m + steps, steps),
                x.AsSpan(0, n), x.AsSpan(n, m), default, default);
            return values.Final.Zip(w, (a, b) => a * b).Sum();
        }
        double[] point = [.. z0, .. p, .. times, .. hs];
        double[] direction = [.. dz0, .. dp, .. dt, .. dh];
        double difference = FiniteDifferences.Directional(Loss, point, direction, 1e-6);
        Close.Equal(difference, tangent, DifferenceTolerance, 0, $"{TSys.Name} {method} directional derivative");
    }
}
