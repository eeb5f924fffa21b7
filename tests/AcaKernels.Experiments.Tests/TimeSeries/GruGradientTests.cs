using AcaKernels.Experiments.TimeSeries;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class GruGradientTests
{
    private static readonly TimeSeriesSettings Small = new() { Trajectories = 3, TrainEnd = 2, ExtrapolationEnd = 3, Seed = 4 };

    /// <summary>Weights away from the initial ones (non-zero biases, gates off ½) so every term of the backward
    /// pass is exercised.</summary>
    private static double[] Weights(GruObjective objective, int seed)
    {
        var random = new Random(seed);
        double[] weights = objective.Layout.InitialParameters(random);
        for (int i = 0; i < weights.Length; i++) weights[i] += 0.3 * (2 * random.NextDouble() - 1);
        return weights;
    }

    [Theory]
    [InlineData(1, 11)]
    [InlineData(5, 12)]
    public void Gradient_MatchesCentralDifferencesInEveryWeight(int hidden, int seed)
    {
        SpiralData data = SpiralData.Generate(Small);
        var objective = new GruObjective(data, hidden);
        double[] weights = Weights(objective, seed), gradient = new double[objective.Size];
        objective.Evaluate(weights, gradient);

        // Central differences with step h = 1e-6: truncation error ~h²·|L'''| ≈ 1e-12 and rounding ~ε·|L|/h ≈ 1e-10
        // for a loss of order 1, so an analytic gradient that is right agrees to ~1e-9; 1e-7 absolute plus 1e-6
        // relative leaves margin while any wrong term (a missing gate path, a transposed weight) is off by far more.
        const double step = 1e-6;
        for (int i = 0; i < weights.Length; i++)
        {
            double saved = weights[i];
            weights[i] = saved + step;
            double plus = objective.Evaluate(weights, []);
            weights[i] = saved - step;
            double minus = objective.Evaluate(weights, []);
            weights[i] = saved;
            double expected = (plus - minus) / (2 * step);
            Assert.True(Math.Abs(gradient[i] - expected) <= 1e-7 + 1e-6 * Math.Abs(expected),
                $"weight {i} of {weights.Length}: backpropagation {gradient[i]:R}, central difference {expected:R}");
        }
        Assert.Contains(gradient, g => Math.Abs(g) > 1e-3);   // not vacuously zero
    }

    [Fact]
    public void HeldOutPredictions_NeverSeeTheHeldOutObservations()
    {
        // Changing every held-out observation (interpolation and extrapolation) changes no prediction: the GRU is fed
        // only fitted points, then its own predictions.
        SpiralData data = SpiralData.Generate(Small);
        var objective = new GruObjective(data, 4);
        double[] weights = Weights(objective, 3);
        objective.Evaluate(weights, []);
        double[] before = objective.Predictions.ToArray();
        for (int row = 0; row < data.Rows; row++)
            if (data.Roles[row] != ObservationRole.Train) { data.Observed[2 * row] += 5; data.Observed[2 * row + 1] -= 5; }
        objective.Evaluate(weights, []);
        Assert.Equal(before, objective.Predictions.ToArray());
        Assert.True(data.Count(ObservationRole.Interpolation) > 0 && data.Count(ObservationRole.Extrapolation) > 0);
    }

    [Fact]
    public void Extrapolation_WithZeroWeights_HoldsTheLastFittedPoint()
    {
        // All weights zero: velocity 0, so every prediction equals the point it starts from — inside the window the
        // last fitted observation, after it (rolled forward) the last fitted observation of the spiral.
        SpiralData data = SpiralData.Generate(Small);
        var objective = new GruObjective(data, 3);
        objective.Evaluate(new double[objective.Size], []);
        for (int b = 0; b < data.Trajectories; b++)
        {
            int lastFitted = Enumerable.Range(data.Offsets[b], data.Offsets[b + 1] - data.Offsets[b]).Last(r => data.Roles[r] == ObservationRole.Train);
            for (int row = lastFitted + 1; row < data.Offsets[b + 1]; row++)
            {
                Assert.Equal(data.Observed[2 * lastFitted], objective.Predictions[2 * row]);
                Assert.Equal(data.Observed[2 * lastFitted + 1], objective.Predictions[2 * row + 1]);
            }
        }
    }

    [Fact]
    public void Evaluate_WithGradient_AllocatesNothingAfterWarmUp()
    {
        SpiralData data = SpiralData.Generate(Small);
        var objective = new GruObjective(data, 8);
        double[] weights = Weights(objective, 5), gradient = new double[objective.Size];
        for (int warmUp = 0; warmUp < 3; warmUp++) objective.Evaluate(weights, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double loss = objective.Evaluate(weights, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(loss));
    }

    [Fact]
    public void Evaluate_WrongLength_SaysWhatIsExpected()
    {
        var objective = new GruObjective(SpiralData.Generate(Small), 4);
        var error = Assert.Throws<ArgumentException>(() => objective.Evaluate(new double[3], []));
        Assert.Contains($"{objective.Size} expected", error.Message);
    }
}
