using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// A 3×3 convolution with zero padding 1 and a stride, on one image of <see cref="InChannels"/> square maps,
/// with one bias per output channel: out[o, q] = b[o] + Σ W[o, c, ky, kx] · in[c, s·qy + ky − 1, s·qx + kx − 1].
/// Written as an im2col product with the patches stored patch element by patch element (k-major: element k of
/// every output pixel's 3×3×C patch side by side), so that each step is a TensorPrimitives call over all the output
/// pixels of a map: an output map is its bias plus Σ_k W[o, k] · patches[k] (axpys, each pixel summed in the order
/// k = 0, 1, … of a plain convolution), a weight gradient a dot product of the output gradient with patches[k].
/// One call per weight over 196 or 49 pixels, where a call per output pixel over its 9 or 72 patch elements spent
/// its time in call overhead. Parameters: W (C_out × C_in × 3 × 3, row-major) then b (C_out). Holds its patch
/// buffers, so one instance serves one thread.
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
            Span<double> map = output.Slice(o * pixels, pixels);
            map.Fill(parameters[WeightCount + o]);
            for (int e = 0; e < k; e++)
                TensorPrimitives.MultiplyAdd(_patches.AsSpan(e * pixels, pixels), parameters[o * k + e], map, map);
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
            ReadOnlySpan<double> g = outputGradient.Slice(o * pixels, pixels);
            parameterGradient[WeightCount + o] += TensorPrimitives.Sum(g);
            for (int e = 0; e < k; e++)
            {
                parameterGradient[o * k + e] += TensorPrimitives.Dot(g, _patches.AsSpan(e * pixels, pixels));
                if (wantInput)
                {
                    Span<double> patchGradient = _patchGradients.AsSpan(e * pixels, pixels);
                    TensorPrimitives.MultiplyAdd(g, parameters[o * k + e], patchGradient, patchGradient);
                }
            }
        }
        if (wantInput) Scatter(inputGradient);
    }

    // Element e = c·9 + ky·3 + kx of output pixel q's patch at e·pixels + q; outside the map (the padding) it is 0.
    private void Gather(ReadOnlySpan<double> input)
    {
        int side = InSide, pixels = OutSide * OutSide;
        for (int qy = 0; qy < OutSide; qy++)
            for (int qx = 0; qx < OutSide; qx++)
            {
                int q = qy * OutSide + qx;
                for (int c = 0; c < InChannels; c++)
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = qy * Stride + ky - 1;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = qx * Stride + kx - 1;
                            bool inside = iy >= 0 && iy < side && ix >= 0 && ix < side;
                            _patches[(c * 9 + ky * 3 + kx) * pixels + q] = inside ? input[(c * side + iy) * side + ix] : 0;
                        }
                    }
            }
    }

    // The transpose of Gather: every patch element's gradient goes back to the input value it was copied from.
    private void Scatter(Span<double> inputGradient)
    {
        inputGradient.Clear();
        int side = InSide, pixels = OutSide * OutSide;
        for (int qy = 0; qy < OutSide; qy++)
            for (int qx = 0; qx < OutSide; qx++)
            {
                int q = qy * OutSide + qx;
                for (int c = 0; c < InChannels; c++)
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = qy * Stride + ky - 1;
                        if (iy < 0 || iy >= side) continue;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = qx * Stride + kx - 1;
                            if (ix >= 0 && ix < side) inputGradient[(c * side + iy) * side + ix] += _patchGradients[(c * 9 + ky * 3 + kx) * pixels + q];
                        }
                    }
            }
    }
}
