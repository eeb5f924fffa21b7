using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Tests.Training;

public sealed class DenseLayerTests
{
    [Fact]
    public void Layout_WeightsThenBiases_NextLayerFollows()
    {
        var first = new DenseLayer(4, 32, 0);
        Assert.Equal(128, first.BiasOffset);
        Assert.Equal(160, first.End);
        Assert.Equal(160, first.ParameterCount);
        DenseLayer second = first.Next(4);
        Assert.Equal(new DenseLayer(32, 4, 160), second);
        Assert.Equal(292, second.End);
    }

    [Fact]
    public void Initialise_DrawsWeightsWithinTheFanInBound_AndZeroBiases_Deterministically()
    {
        var layer = new DenseLayer(16, 8, 3);
        double[] a = new double[layer.End + 2], b = new double[layer.End + 2];
        a.AsSpan().Fill(7);
        layer.Initialise(a, new Random(1), gain: 2);
        layer.Initialise(b, new Random(1), gain: 2);
        Assert.Equal(a[3..layer.End], b[3..layer.End]);
        Assert.Equal([7.0, 7, 7], a[..3]);                    // before the layer: untouched
        Assert.Equal([7.0, 7], a[layer.End..]);               // after it: untouched
        double bound = 2 / Math.Sqrt(16);
        Assert.All(a[3..layer.BiasOffset], w => Assert.InRange(w, -bound, bound));
        Assert.True(a[3..layer.BiasOffset].Max() > bound / 2, "weights do not spread over the range");
        Assert.All(a[layer.BiasOffset..layer.End], bias => Assert.Equal(0, bias));
    }

    [Fact]
    public void Initialise_TooShortVector_SaysSo() =>
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => new DenseLayer(2, 2, 0).Initialise(new double[5], new Random(1))).Message);
}
