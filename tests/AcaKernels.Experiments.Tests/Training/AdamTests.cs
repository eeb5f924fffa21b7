using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Tests.Training;

public sealed class AdamTests
{
    [Fact]
    public void Step_First_MovesEachParameterByTheLearningRateAgainstTheGradientSign()
    {
        // After one step m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) = lr·sign(g) up to ε/|g| ≤ 1e-8 relative.
        var adam = new Adam(3, new AdamSettings { LearningRate = 0.1, Beta1 = 0.5, Beta2 = 0.5 });
        double[] parameters = [1, 2, 3];
        adam.Step(parameters, [4.0, -0.5, 1e-3]);
        Assert.Equal(0.9, parameters[0], 1e-8);
        Assert.Equal(2.1, parameters[1], 1e-8);
        Assert.Equal(2.9, parameters[2], 1e-6);   // ε/|g| = 1e-5 of the 0.1 step
        Assert.Equal(1, adam.Steps);
    }

    [Fact]
    public void Step_Repeated_MatchesAlgorithmOneWrittenOutByHand()
    {
        // Reference: Kingma & Ba's Algorithm 1 in plain scalar code (ε outside the root, as torch.optim.Adam), with
        // a learning rate changed between steps as the three-body schedule does. Both compute the same operations
        // in the same order; vector FMA may round differently, so agreement to 1e-14 relative is asked.
        var settings = new AdamSettings { LearningRate = 0.1, Beta1 = 0.5, Beta2 = 0.7, Epsilon = 1e-8 };
        var adam = new Adam(5, settings);
        var random = new Random(7);
        double[] theta = [.. Enumerable.Range(0, 5).Select(_ => random.NextDouble())];
        double[] expected = [.. theta], m = new double[5], v = new double[5];
        for (int t = 1; t <= 20; t++)
        {
            double[] g = [.. Enumerable.Range(0, 5).Select(_ => 2 * random.NextDouble() - 1)];
            double lr = 0.1 * Math.Pow(0.95, t - 1);
            for (int i = 0; i < 5; i++)
            {
                m[i] = 0.5 * m[i] + 0.5 * g[i];
                v[i] = 0.7 * v[i] + 0.3 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(0.5, t)), vHat = v[i] / (1 - Math.Pow(0.7, t));
                expected[i] -= lr * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            adam.LearningRate = lr;
            adam.Step(theta, g);
        }
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], theta[i], 1e-14 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void Step_OnAQuadratic_ReachesItsMinimum()
    {
        // f(θ) = Σ cᵢ(θᵢ − aᵢ)², badly scaled (c from 1e-2 to 1e2): Adam's per-coordinate scaling copes. v̂ (β₂ = 0.999)
        // remembers the large early gradients, which shrinks the late steps while the rate decays to ~3e-5, so the
        // iterate stops a little short (~2e-3 here): within 5e-3 of a is the bar, far inside the start distance 2.
        double[] a = [1, -2, 0.5], c = [1e-2, 1, 1e2], theta = [0, 0, 0], g = new double[3];
        var adam = new Adam(3, new AdamSettings { LearningRate = 0.1, LearningRateDecay = 0.98 });
        for (int epoch = 0; epoch < 400; epoch++)
        {
            for (int i = 0; i < 3; i++) g[i] = 2 * c[i] * (theta[i] - a[i]);
            adam.LearningRate = 0.1 * Math.Pow(0.98, epoch);
            adam.Step(theta, g);
        }
        for (int i = 0; i < 3; i++) Assert.True(Math.Abs(theta[i] - a[i]) < 5e-3, $"θ[{i}] = {theta[i]}, minimum at {a[i]}");
    }

    [Fact]
    public void Step_WrongLengthOrNonFiniteGradient_ThrowsAndLeavesTheParameters()
    {
        var adam = new Adam(2, new AdamSettings());
        double[] theta = [1, 2];
        Assert.Contains("holds 2", Assert.Throws<ArgumentException>(() => adam.Step(theta, [1.0])).Message);
        Assert.Contains("gradient[1]", Assert.Throws<ArgumentException>(() => adam.Step(theta, [1.0, double.NaN])).Message);
        Assert.Equal([1.0, 2.0], theta);
        Assert.Equal(0, adam.Steps);
    }

    [Theory]
    [InlineData(0.0, 0.9, 0.999, 1e-8, 1.0, "learning rate")]
    [InlineData(0.1, 1.0, 0.999, 1e-8, 1.0, "beta1")]
    [InlineData(0.1, 0.9, -0.1, 1e-8, 1.0, "beta2")]
    [InlineData(0.1, 0.9, 0.999, 0.0, 1.0, "epsilon")]
    [InlineData(0.1, 0.9, 0.999, 1e-8, 1.5, "decay")]
    public void Settings_OutOfRange_AreRefusedByName(double lr, double b1, double b2, double eps, double decay, string named)
    {
        var settings = new AdamSettings { LearningRate = lr, Beta1 = b1, Beta2 = b2, Epsilon = eps, LearningRateDecay = decay };
        Assert.Contains(named, Assert.Throws<ArgumentException>(() => new Adam(1, settings)).Message);
    }

    [Fact]
    public void LearningRateAt_DecaysExponentially()
    {
        var settings = new AdamSettings { LearningRate = 0.1, LearningRateDecay = 0.95 };
        Assert.Equal(0.1, settings.LearningRateAt(0));
        Assert.Equal(0.1 * 0.95 * 0.95 * 0.95, settings.LearningRateAt(3), 1e-17);
    }
}
