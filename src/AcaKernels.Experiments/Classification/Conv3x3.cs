using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// A 3×3 convolution with zero padding 1 and a stride, on one image of <see cref="InChannels"/> square maps,
/// with one bias per output channel: out[o, q] = b[o] + Σ W[o, c, ky, kx] · in[c, s·qy + ky − 1, s·qx + kx − 1].
/// Written as an im2col product: each output pixel's 3×3×C patch is gathered into a row once, and every output
/// value, weight gradient and patch gradient is then a dot product or an axpy of TensorPrimitives. Parameters:
/// W (C_out × C_in × 3 × 3, row-major) then b (C_out). Holds its patch buffers, so one instance serves one thread.
/// </summary>
internal sealed class Conv3x3
{
    private readonly double[] _patches, _patchGradients;

    public Conv3x3(int inChannels, int outChannels, int inSide, int stride)
    {
        if (inChannels < 1 || outChannels < 1 || inSide < 1 || stride < 1)
            throw new ArgumentException($"a 3×3 convolution of {inChannels} → {outChannels} channels on {inSide}×{inSide} maps with stride {stride} is empty.");
        InChannels = inChannels;
        OutChannels = outChannels;
        InSide = inSide;
        Stride = stride;
        OutSide = (inSide - 1) / stride + 1;   // (S + 2·1 − 3) / s + 1
        _patches = new double[OutSide * OutSide * PatchSize];
        _patchGradients = new double[_patches.Length];
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int InSide { get; }
    public int OutSide { get; }
    public int Stride { get; }
    /// <summary>Values of one patch: C_in · 9.</summary>
    public int PatchSize => InChannels * 9;
    public int WeightCount => OutChannels * PatchSize;
    public int ParameterCount => WeightCount + OutChannels;
    public int InputSize => InChannels * InSide * InSide;
    public int OutputSize => OutChannels * OutSide * OutSide;

    /// <summary>output (C_out × OutSide²) = conv(input); leaves the input's patches in the buffer for
    /// <see cref="Backward"/> of the same input.</summary>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output)
    {
        Gather(input);
        int pixels = OutSide * OutSide, k = PatchSize;
        for (int o = 0; o < OutChannels; o++)
        {
            ReadOnlySpan<double> weights = parameters.Slice(o * k, k);
            double bias = parameters[WeightCount + o];
            for (int q = 0; q < pixels; q++)
                output[o * pixels + q] = bias + TensorPrimitives.Dot(weights, _patches.AsSpan(q * k, k));
        }
    }

    /// <summary>Adds ∂L/∂W and ∂L/∂b to <paramref name="parameterGradient"/> and, unless
    /// <paramref name="inputGradient"/> is empty, writes ∂L/∂input into it, given ∂L/∂output.</summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient,
        Span<double> parameterGradient, Span<double> inputGradient)
    {
        Gather(input);
        int pixels = OutSide * OutSide, k = PatchSize;
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput) Array.Clear(_patchGradients);
        for (int o = 0; o < OutChannels; o++)
        {
            ReadOnlySpan<double> weights = parameters.Slice(o * k, k);
            Span<double> weightGradient = parameterGradient.Slice(o * k, k);
            ReadOnlySpan<double> g = outputGradient.Slice(o * pixels, pixels);
            parameterGradient[WeightCount + o] += TensorPrimitives.Sum(g);
            for (int q = 0; q < pixels; q++)
            {
                TensorPrimitives.MultiplyAdd(_patches.AsSpan(q * k, k), g[q], weightGradient, weightGradient);
                if (wantInput)
                {
                    Span<double> patchGradient = _patchGradients.AsSpan(q * k, k);
                    TensorPrimitives.MultiplyAdd(weights, g[q], patchGradient, patchGradient);
                }
            }
        }
        if (wantInput) Scatter(inputGradient);
    }

    // Patch of output pixel q: row q, element c·9 + ky·3 + kx; outside the map (the padding) it is 0.
    private void Gather(ReadOnlySpan<double> input)
    {
        int side = InSide, k = PatchSize;
        for (int qy = 0; qy < OutSide; qy++)
            for (int qx = 0; qx < OutSide; qx++)
            {
                Span<double> patch = _patches.AsSpan((qy * OutSide + qx) * k, k);
                for (int c = 0; c < InChannels; c++)
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = qy * Stride + ky - 1;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = qx * Stride + kx - 1;
                            bool inside = iy >= 0 && iy < side && ix >= 0 && ix < side;
                            patch[c * 9 + ky * 3 + kx] = inside ? input[(c * side + iy) * side + ix] : 0;
                        }
                    }
            }
    }

    // The transpose of Gather: every patch element's gradient goes back to the input value it was copied from.
    private void Scatter(Span<double> inputGradient)
    {
        inputGradient.Clear();
        int side = InSide, k = PatchSize;
        for (int qy = 0; qy < OutSide; qy++)
            for (int qx = 0; qx < OutSide; qx++)
            {
                ReadOnlySpan<double> patch = _patchGradients.AsSpan((qy * OutSide + qx) * k, k);
                for (int c = 0; c < InChannels; c++)
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = qy * Stride + ky - 1;
                        if (iy < 0 || iy >= side) continue;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = qx * Stride + kx - 1;
                            if (ix >= 0 && ix < side) inputGradient[(c * side + iy) * side + ix] += patch[c * 9 + ky * 3 + kx];
                        }
                    }
            }
    }
}
