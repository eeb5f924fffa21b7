using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Tests.Training;

public sealed class MeanSquaredErrorTests
{
    // Three prediction rows of width 3 (two compared components, one unobserved), the middle row not selected.
    private static readonly double[] Predictions = [1, 2, 9, 0.5, 0.5, 9, -1, 3, 9];
    private static readonly double[] Targets = [0, 2, 7, 7, -1, 1];
    private static readonly bool[] Selected = [true, false, true];

    [Fact]
    public void Evaluate_IsTheMeanOverSelectedComparedComponents_WithItsGradient()
    {
        var seeds = new double[Predictions.Length];
        double loss = MeanSquaredError.Evaluate(Predictions, 3, Targets, 2, Selected, seeds);
        // Residuals (1, 0) and (0, 2): (1 + 0 + 0 + 4) / 4 values.
        Assert.Equal(5.0 / 4, loss, 1e-15);
        // ∂L/∂prediction = 2·residual/4 where compared, 0 elsewhere (unselected rows, unobserved components).
        Assert.Equal([0.5, 0, 0, 0, 0, 0, 0, 1, 0], seeds);
        Assert.Equal(loss, MeanSquaredError.Value(Predictions, 3, Targets, 2, Selected), 1e-15);
    }

    [Fact]
    public void Evaluate_GradientMatchesCentralDifferences()
    {
        var random = new Random(5);
        double[] p = [.. Enumerable.Range(0, 12).Select(_ => random.NextDouble())], t = [.. Enumerable.Range(0, 8).Select(_ => random.NextDouble())];
        bool[] mask = [true, true, false, true];
        var seeds = new double[p.Length];
        MeanSquaredError.Evaluate(p, 3, t, 2, mask, seeds);
        for (int i = 0; i < p.Length; i++)
        {
            double[] q = [.. p];
            q[i] += 1e-6;
            double up = MeanSquaredError.Value(q, 3, t, 2, mask);
            q[i] -= 2e-6;
            double down = MeanSquaredError.Value(q, 3, t, 2, mask);
            // L is quadratic: central differences are exact up to rounding, ~1e-16/1e-6 = 1e-10.
            Assert.Equal(seeds[i], (up - down) / 2e-6, 1e-8);
        }
    }

    [Fact]
    public void Value_OfNoSelectedRow_IsNaN_AndEvaluateIsZero()
    {
        bool[] none = [false, false, false];
        Assert.True(double.IsNaN(MeanSquaredError.Value(Predictions, 3, Targets, 2, none)));
        var seeds = new double[Predictions.Length];
        Assert.Equal(0, MeanSquaredError.Evaluate(Predictions, 3, Targets, 2, none, seeds));
        Assert.All(seeds, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Evaluate_MismatchedLengths_SaysWhatItNeeds()
    {
        var error = Assert.Throws<ArgumentException>(() => MeanSquaredError.Evaluate(Predictions, 3, Targets[..4], 2, Selected, new double[9]));
        Assert.Contains("6 targets", error.Message);
        Assert.Throws<ArgumentException>(() => MeanSquaredError.Value(Predictions, 1, Targets, 2, Selected));
    }
}
