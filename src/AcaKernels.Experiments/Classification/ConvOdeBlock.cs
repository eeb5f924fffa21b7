namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The ODE block's dynamics: a small convolutional residual branch as a vector field on
/// <see cref="Channels"/> feature maps of <see cref="Side"/>×<see cref="Side"/>,
/// dz/dt = conv₂(tanh(conv₁(z))), both convolutions 3×3, stride 1, zero padding 1, with biases; autonomous (t is
/// not an input). The activation is smooth on purpose: with ReLU, f's Jacobian jumps where a pre-activation
/// crosses zero inside a step, and the gradient of the discrete solve (what ACA computes exactly) then converges
/// to the ODE's gradient only at first order in the step size (measured: 3e-4 relative at rtol = 1e-9 with
/// Dormand-Prince 5), where with tanh it converges at the method's order. The generator emits <c>ConvOdeBlock.RhsOde</c> (forward, VJP and fused Runge-Kutta kernels).
/// </summary>
/// <remarks>
/// <para>State layout: channel-major, z[c·49 + y·7 + x]. Parameters, flattened: W₁ (C_out × C_in × 3 × 3,
/// W₁[o, i, ky, kx] at o·72 + i·9 + ky·3 + kx), b₁ (C), W₂ (same layout, from <see cref="W2Offset"/>), b₂ (C).</para>
/// <para>Zero padding is written as a copy into a stack array with a one-pixel border that is never written (stack
/// arrays start at zero), so every index is affine in the loop counters and inside its array: the generator needs
/// no bounds checks. The convolution of the same weights as a residual block is the ResNet baseline's f
/// (Chen et al., "Neural Ordinary Differential Equations", NeurIPS 2018, §7: ODE-Net vs ResNet).</para>
/// </remarks>
public static partial class ConvOdeBlock
{
    /// <summary>Feature channels C.</summary>
    public const int Channels = 8;
    /// <summary>Side of the square feature maps.</summary>
    public const int Side = 7;
    /// <summary>Side of a zero-padded map (one pixel each side).</summary>
    public const int PaddedSide = Side + 2;
    /// <summary>Values per feature map.</summary>
    public const int MapSize = Side * Side;
    /// <summary>State size n = C·7·7.</summary>
    public const int StateSize = Channels * MapSize;
    /// <summary>Weights of one 3×3 convolution C → C.</summary>
    public const int ConvWeights = Channels * Channels * 9;
    /// <summary>Offset of b₁ in the parameters.</summary>
    public const int B1Offset = ConvWeights;
    /// <summary>Offset of W₂ in the parameters.</summary>
    public const int W2Offset = B1Offset + Channels;
    /// <summary>Offset of b₂ in the parameters.</summary>
    public const int B2Offset = W2Offset + ConvWeights;
    /// <summary>Parameter size m.</summary>
    public const int ParameterSize = B2Offset + Channels;

    private const int PaddedMap = PaddedSide * PaddedSide;

    /// <summary>The right-hand side f(z, θ) = conv₂(tanh(conv₁(z))).</summary>
    /// <remarks>
    /// <para>Each output pixel is its bias plus its 72 products in the order (i, ky, kx), the order of a plain
    /// convolution; the code only chooses which sums advance together, so f is the same to the last bit as one sum
    /// at a time. One sum at a time is a chain of 72 dependent additions per pixel (latency-bound). Here the 7 pixels
    /// of an output row are summed side by side in the locals <c>s0</c>…<c>s6</c>: 7 independent chains held in
    /// registers (<see cref="Side"/> = 7 is fixed by the network; the generator needs constant loops, so the row is
    /// written out).</para>
    /// <para>Each weight is read once per row into the local <c>w</c>: in the generated reverse pass its gradient
    /// then gathers the row's 7 products in a register and reaches ∂L/∂θ once per row, where a read of
    /// <c>p</c> in each product would be 7 read-modify-writes of one ∂L/∂θ element in a row (a chain through
    /// memory).</para>
    /// </remarks>
    [OdeDynamics(StateSize, ParameterSize)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> input = stackalloc double[Channels * PaddedMap];
        Span<double> hidden = stackalloc double[Channels * PaddedMap];
        for (int c = 0; c < Channels; c++)
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                    input[c * PaddedMap + (y + 1) * PaddedSide + x + 1] = z[c * MapSize + y * Side + x];

        for (int o = 0; o < Channels; o++)
            for (int y = 0; y < Side; y++)
            {
                double s0 = p[B1Offset + o];
                double s1 = p[B1Offset + o];
                double s2 = p[B1Offset + o];
                double s3 = p[B1Offset + o];
                double s4 = p[B1Offset + o];
                double s5 = p[B1Offset + o];
                double s6 = p[B1Offset + o];
                for (int i = 0; i < Channels; i++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            double w = p[o * Channels * 9 + i * 9 + ky * 3 + kx];
                            s0 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 0];
                            s1 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 1];
                            s2 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 2];
                            s3 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 3];
                            s4 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 4];
                            s5 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 5];
                            s6 += w * input[i * PaddedMap + (y + ky) * PaddedSide + kx + 6];
                        }
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 0 + 1] = Math.Tanh(s0);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 1 + 1] = Math.Tanh(s1);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 2 + 1] = Math.Tanh(s2);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 3 + 1] = Math.Tanh(s3);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 4 + 1] = Math.Tanh(s4);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 5 + 1] = Math.Tanh(s5);
                hidden[o * PaddedMap + (y + 1) * PaddedSide + 6 + 1] = Math.Tanh(s6);
            }

        for (int o = 0; o < Channels; o++)
            for (int y = 0; y < Side; y++)
            {
                double s0 = p[B2Offset + o];
                double s1 = p[B2Offset + o];
                double s2 = p[B2Offset + o];
                double s3 = p[B2Offset + o];
                double s4 = p[B2Offset + o];
                double s5 = p[B2Offset + o];
                double s6 = p[B2Offset + o];
                for (int i = 0; i < Channels; i++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            double w = p[W2Offset + o * Channels * 9 + i * 9 + ky * 3 + kx];
                            s0 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 0];
                            s1 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 1];
                            s2 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 2];
                            s3 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 3];
                            s4 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 4];
                            s5 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 5];
                            s6 += w * hidden[i * PaddedMap + (y + ky) * PaddedSide + kx + 6];
                        }
                dz[o * MapSize + y * Side + 0] = s0;
                dz[o * MapSize + y * Side + 1] = s1;
                dz[o * MapSize + y * Side + 2] = s2;
                dz[o * MapSize + y * Side + 3] = s3;
                dz[o * MapSize + y * Side + 4] = s4;
                dz[o * MapSize + y * Side + 5] = s5;
                dz[o * MapSize + y * Side + 6] = s6;
            }
    }
}
