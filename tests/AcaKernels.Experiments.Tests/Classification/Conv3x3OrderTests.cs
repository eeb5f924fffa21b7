using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// Conv3x3 sums in the order its remarks promise, so the network's results are the bits of a plain convolution
/// (and do not move when the code chooses other sums to advance side by side): each sum here is written out one
/// term at a time in that order, one rounding per multiply and per add, and must match to the bit.
/// </summary>
public sealed class Conv3x3OrderTests
{
    [Theory]
    [InlineData(1, 8, 28, 2)]   // the front's first layer
    [InlineData(8, 8, 14, 2)]   // the front's second layer
    [InlineData(3, 9, 7, 1)]    // a group of eight output channels and one more, stride 1
    [InlineData(2, 3, 5, 2)]    // fewer channels than a group
    public void Forward_IsBiasPlusTheProductsInPatchOrder_ToTheBit(int inChannels, int outChannels, int side, int stride)
    {
        var conv = new Conv3x3(inChannels, outChannels, side, stride);
        var random = new Random(40 + side);
        double[] p = ConvOdeBlockTests.Draw(random, conv.ParameterCount, 1), input = ConvOdeBlockTests.Draw(random, conv.InputSize, 1);
        var output = new double[conv.OutputSize];
        conv.Forward(p, input, output);
        int k = conv.PatchSize, outSide = conv.OutSide;
        for (int o = 0; o < outChannels; o++)
            for (int qy = 0; qy < outSide; qy++)
                for (int qx = 0; qx < outSide; qx++)
                {
                    double sum = p[conv.WeightCount + o];
                    for (int c = 0; c < inChannels; c++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                // The padding's zeros are terms too (0·w + s = s, but a NaN weight would show).
                                double x = Input(input, side, c, stride * qy + ky - 1, stride * qx + kx - 1);
                                double product = x * p[o * k + c * 9 + ky * 3 + kx];
                                sum += product;
                            }
                    Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(output[(o * outSide + qy) * outSide + qx]));
                }
    }

    [Theory]
    [InlineData(8, 8, 14, 2)]
    [InlineData(3, 9, 7, 1)]
    [InlineData(2, 3, 5, 2)]
    public void InputGradient_SumsPixelByPixelEachOverTheOutputChannels_ToTheBit(int inChannels, int outChannels, int side, int stride)
    {
        var conv = new Conv3x3(inChannels, outChannels, side, stride);
        var random = new Random(50 + side);
        double[] p = ConvOdeBlockTests.Draw(random, conv.ParameterCount, 1), input = ConvOdeBlockTests.Draw(random, conv.InputSize, 1);
        double[] g = ConvOdeBlockTests.Draw(random, conv.OutputSize, 1);
        double[] gradP = new double[conv.ParameterCount], gradInput = new double[conv.InputSize];
        conv.Backward(p, input, g, gradP, gradInput);
        int k = conv.PatchSize, outSide = conv.OutSide, pixels = outSide * outSide;
        for (int c = 0; c < inChannels; c++)
            for (int iy = 0; iy < side; iy++)
                for (int ix = 0; ix < side; ix++)
                {
                    double sum = 0;
                    for (int q = 0; q < pixels; q++)
                    {
                        int ky = iy - stride * (q / outSide) + 1, kx = ix - stride * (q % outSide) + 1;
                        if (ky is < 0 or > 2 || kx is < 0 or > 2) continue;
                        double term = 0;
                        for (int o = 0; o < outChannels; o++)
                        {
                            double product = g[o * pixels + q] * p[o * k + c * 9 + ky * 3 + kx];
                            term = product + term;
                        }
                        sum += term;
                    }
                    Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(gradInput[(c * side + iy) * side + ix]));
                }
    }

    private static double Input(double[] input, int side, int c, int y, int x) =>
        y >= 0 && y < side && x >= 0 && x < side ? input[(c * side + y) * side + x] : 0;
}
