using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// The hand-written backward passes of the layers outside the ODE (the strided convolutions of the front, the
/// linear softmax head) against central differences of their forward passes.
/// </summary>
public sealed class LayerGradientTests
{
    [Theory]
    [InlineData(1, 3, 8, 2)]   // like the front's first layer, smaller: one input channel, stride 2
    [InlineData(3, 2, 7, 2)]   // odd side with stride 2: the last row and column see the padding
    [InlineData(2, 3, 5, 1)]
    [InlineData(2, 9, 7, 2)]   // a group of eight output channels (the vector path) and one more
    public void Conv3x3_Backward_EqualsCentralDifferencesOfALinearFunctionalOfItsOutput(int inChannels, int outChannels, int side, int stride)
    {
        var conv = new Conv3x3(inChannels, outChannels, side, stride);
        var random = new Random(21 + side);
        double[] p = ConvOdeBlockTests.Draw(random, conv.ParameterCount, 0.5), input = ConvOdeBlockTests.Draw(random, conv.InputSize, 1);
        double[] weights = ConvOdeBlockTests.Draw(random, conv.OutputSize, 1);   // L = wᵀ conv(input)
        double[] gradP = new double[conv.ParameterCount], gradInput = new double[conv.InputSize];
        conv.Backward(p, input, weights, gradP, gradInput);

        double Loss()
        {
            var output = new double[conv.OutputSize];
            conv.Forward(p, input, output);
            return output.Select((value, i) => value * weights[i]).Sum();
        }
        // L is bilinear in (θ, input): central differences are exact up to rounding (|L| ≲ 10, ε·10/h ≈ 2e-10).
        const double h = 1e-6;
        for (int k = 0; k < p.Length; k++) Assert.Equal(Central(p, k, h, Loss), gradP[k], 1e-8);
        for (int j = 0; j < input.Length; j++) Assert.Equal(Central(input, j, h, Loss), gradInput[j], 1e-8);
    }

    [Fact]
    public void Conv3x3_Forward_EqualsTheDirectSumAtStrideTwo()
    {
        var conv = new Conv3x3(2, 2, 7, 2);   // 7 → 4
        var random = new Random(5);
        double[] p = ConvOdeBlockTests.Draw(random, conv.ParameterCount, 1), input = ConvOdeBlockTests.Draw(random, conv.InputSize, 1);
        var output = new double[conv.OutputSize];
        conv.Forward(p, input, output);
        Assert.Equal(4, conv.OutSide);
        for (int o = 0; o < 2; o++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 4; x++)
                {
                    double sum = p[conv.WeightCount + o];
                    for (int c = 0; c < 2; c++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int iy = 2 * y + ky - 1, ix = 2 * x + kx - 1;
                                if (iy >= 0 && iy < 7 && ix >= 0 && ix < 7) sum += p[((o * 2 + c) * 3 + ky) * 3 + kx] * input[(c * 7 + iy) * 7 + ix];
                            }
                    Assert.Equal(sum, output[(o * 4 + y) * 4 + x], 1e-13);   // 19 terms ≤ 1 in another order
                }
    }

    [Fact]
    public void ClassifierHead_Backward_EqualsCentralDifferencesOfTheCrossEntropy()
    {
        var head = new ClassifierHead(12, 4);
        var random = new Random(31);
        double[] p = ConvOdeBlockTests.Draw(random, head.ParameterCount, 1), features = ConvOdeBlockTests.Draw(random, 12, 1);
        const int label = 2;
        const double scale = 0.25;   // the 1/B of a batch mean
        double loss = head.Forward(p, features, label, out _);
        double[] gradP = new double[head.ParameterCount], gradFeatures = new double[12];
        head.Backward(p, features, label, scale, gradP, gradFeatures);

        // Reference loss written out: log Σ exp(l_k) − l_label with l = b + W·features.
        double Loss()
        {
            double[] logits = [.. Enumerable.Range(0, 4).Select(k => p[48 + k] + Enumerable.Range(0, 12).Sum(j => p[k * 12 + j] * features[j]))];
            return Math.Log(logits.Sum(Math.Exp)) - logits[label];
        }
        Assert.Equal(Loss(), loss, 1e-13);
        // Smooth: central differences have error h²·|L'''|/6 ≈ 1e-11 plus rounding ε·|L|/h ≈ 1e-10.
        const double h = 1e-5;
        for (int k = 0; k < p.Length; k++) Assert.Equal(scale * Central(p, k, h, Loss), gradP[k], 1e-9);
        for (int j = 0; j < 12; j++) Assert.Equal(scale * Central(features, j, h, Loss), gradFeatures[j], 1e-9);
    }

    internal static double Central(double[] values, int index, double h, Func<double> loss)
    {
        double saved = values[index];
        values[index] = saved + h;
        double plus = loss();
        values[index] = saved - h;
        double minus = loss();
        values[index] = saved;
        return (plus - minus) / (2 * h);
    }
}
