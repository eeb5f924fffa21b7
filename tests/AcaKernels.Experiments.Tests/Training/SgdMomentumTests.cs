using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Tests.Training;

public sealed class SgdMomentumTests
{
    [Fact]
    public void Step_Repeated_MatchesHeavyBallWrittenOutByHand()
    {
        // Reference: v ← μv + g, θ ← θ − lr·v in plain scalar code, with the learning rate changed between steps.
        // Same operations in the same order; a fused multiply-add may round differently, hence 1e-14 relative.
        var sgd = new SgdMomentum(4, new SgdSettings { LearningRate = 0.1, Momentum = 0.8 });
        var random = new Random(3);
        double[] theta = [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble())];
        double[] expected = [.. theta], v = new double[4];
        for (int t = 1; t <= 15; t++)
        {
            double[] g = [.. Enumerable.Range(0, 4).Select(_ => 2 * random.NextDouble() - 1)];
            double lr = 0.1 * Math.Pow(0.9, t - 1);
            for (int i = 0; i < 4; i++)
            {
                v[i] = 0.8 * v[i] + g[i];
                expected[i] -= lr * v[i];
            }
            sgd.LearningRate = lr;
            sgd.Step(theta, g);
        }
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], theta[i], 1e-14 * Math.Max(1, Math.Abs(expected[i])));
        Assert.Equal(15, sgd.Steps);
    }

    [Fact]
    public void Step_OnAnIllConditionedQuadratic_ReachesItsMinimum()
    {
        // f = ½(x² + 25 y²), minimum at 0: momentum 0.9 with lr 0.02 is inside the stable range (lr·25 < 2(1 + μ)),
        // and the slow direction contracts by about √μ ≈ 0.95 per step, so 500 steps reach 1e-10 with room to spare.
        IOptimiser sgd = new SgdMomentum(2, new SgdSettings { LearningRate = 0.02, Momentum = 0.9 });
        double[] p = [3, -2];
        for (int step = 0; step < 500; step++) sgd.Step(p, [p[0], 25 * p[1]]);
        Assert.True(Math.Abs(p[0]) < 1e-8 && Math.Abs(p[1]) < 1e-8, $"({p[0]}, {p[1]})");
    }

    [Fact]
    public void Step_NonFiniteGradientOrWrongLength_IsRefusedWithTheReason()
    {
        var sgd = new SgdMomentum(2, new SgdSettings());
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => sgd.Step(new double[2], [1, double.NaN])).Message);
        Assert.Contains("holds 2", Assert.Throws<ArgumentException>(() => sgd.Step(new double[3], new double[3])).Message);
    }

    [Theory]
    [InlineData(0, 0.9, 1)]
    [InlineData(0.1, 1, 1)]
    [InlineData(0.1, 0.9, 0)]
    public void Settings_OutOfRange_AreRefused(double rate, double momentum, double decay) =>
        Assert.Throws<ArgumentException>(() => new SgdMomentum(1, new SgdSettings { LearningRate = rate, Momentum = momentum, LearningRateDecay = decay }));
}
