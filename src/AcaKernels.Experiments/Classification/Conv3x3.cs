using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// A 3×3 convolution with zero padding 1 and a stride, on one image of <see cref="InChannels"/> square maps,
/// with one bias per output channel: out[o, q] = b[o] + Σ W[o, c, ky, kx] · in[c, s·qy + ky − 1, s·qx + kx − 1].
/// Written as an im2col product with the patches stored patch element by patch element (k-major: element k of
/// every output pixel's 3×3×C patch side by side, each row padded to a whole number of vectors). Parameters: W
/// (C_out × C_in × 3 × 3, row-major) then b (C_out). Holds its buffers, so one instance serves one thread.
/// </summary>
/// <remarks>
/// <para>Every sum runs in the order of a plain convolution, one rounding per multiply and per add (no FMA): an
/// output pixel is its bias plus its products in the order k = 0, 1, … of the patch, the padding's zeros included;
/// an input gradient is the sum over the pixels q = 0, 1, … whose patches hold that input, each term summed over the
/// output channels o = 0, 1, …; the weight and bias gradients are TensorPrimitives dot products and sums over the
/// pixels. So the results are the same bits as a pixel-by-pixel convolution in those orders; the code only chooses
/// which sums advance side by side.</para>
/// <para>Forward: eight pixels per vector and eight output channels at once, the eight sums in registers over the
/// whole patch (one load of the patch row for eight multiply-adds), where an axpy per weight over the map (a
/// TensorPrimitives call each: 576 of 49 pixels per image for the second layer) re-read and re-wrote the map from
/// memory once per weight and spent much of its time in call overhead. The padding is a zero border around a copy of
/// the input, so gathering a patch needs no bounds tests.</para>
/// </remarks>
internal sealed class Conv3x3
{
    private const int Lanes = 8;   // doubles per Vector512
    private readonly int _rowStride, _paddedSide;
    // The input with a one-pixel zero border (C_in × (S + 2)²; the border is never written), the patches
    // (k-major, rows of _rowStride: pixel q of element e at e·_rowStride + q, the row tail beyond the pixels 0), and
    // for Backward the output gradient in rows of _rowStride, the patch gradients, and ∂L/∂(padded input).
    private readonly double[] _padded, _patches, _outputGradient, _patchGradients, _paddedGradient;

    public Conv3x3(int inChannels, int outChannels, int inSide, int stride)
    {
        if (inChannels < 1 || outChannels < 1 || inSide < 1 || stride < 1)
            throw new ArgumentException($"a 3×3 convolution of {inChannels} → {outChannels} channels on {inSide}×{inSide} maps with stride {stride} is empty.");
        InChannels = inChannels;
        OutChannels = outChannels;
        InSide = inSide;
        Stride = stride;
        OutSide = (inSide - 1) / stride + 1;   // (S + 2·1 − 3) / s + 1
        int pixels = OutSide * OutSide;
        _rowStride = (pixels + Lanes - 1) / Lanes * Lanes;
        _paddedSide = inSide + 2;
        _padded = new double[inChannels * _paddedSide * _paddedSide];
        _paddedGradient = new double[_padded.Length];
        _patches = new double[PatchSize * _rowStride];
        _patchGradients = new double[_patches.Length];
        _outputGradient = new double[outChannels * _rowStride];
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

    /// <summary>output (C_out × OutSide²) = conv(input).</summary>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output)
    {
        CheckLengths(parameters, input, output.Length, nameof(output));
        Gather(input);
        int o = 0;
        for (; o + 8 <= OutChannels; o += 8) ForwardEightChannels(parameters, o, output);
        for (; o < OutChannels; o++) ForwardOneChannel(parameters, o, output);
    }

    /// <summary>Adds ∂L/∂W and ∂L/∂b to <paramref name="parameterGradient"/> and, unless
    /// <paramref name="inputGradient"/> is empty, writes ∂L/∂input into it, given ∂L/∂output.</summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient,
        Span<double> parameterGradient, Span<double> inputGradient)
    {
        CheckLengths(parameters, input, outputGradient.Length, nameof(outputGradient));
        if (parameterGradient.Length < ParameterCount)
            throw new ArgumentException($"the parameter gradient holds {parameterGradient.Length} values; this convolution has {ParameterCount}.", nameof(parameterGradient));
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput && inputGradient.Length < InputSize)
            throw new ArgumentException($"the input gradient holds {inputGradient.Length} values; the input has {InputSize}.", nameof(inputGradient));
        Gather(input);
        int pixels = OutSide * OutSide, k = PatchSize;
        for (int o = 0; o < OutChannels; o++)
        {
            ReadOnlySpan<double> g = outputGradient.Slice(o * pixels, pixels);
            parameterGradient[WeightCount + o] += TensorPrimitives.Sum(g);
            for (int e = 0; e < k; e++)
                parameterGradient[o * k + e] += TensorPrimitives.Dot(g, _patches.AsSpan(e * _rowStride, pixels));
        }
        if (!wantInput) return;
        PatchGradients(parameters, outputGradient);
        Scatter(inputGradient);
    }

    private void CheckLengths(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int outputLength, string outputName)
    {
        if (parameters.Length < ParameterCount)
            throw new ArgumentException($"the parameters hold {parameters.Length} values; this convolution has {ParameterCount}.", nameof(parameters));
        if (input.Length < InputSize)
            throw new ArgumentException($"the input holds {input.Length} values; this convolution reads {InputSize}.", nameof(input));
        if (outputLength < OutputSize)
            throw new ArgumentException($"the {outputName} holds {outputLength} values; this convolution has {OutputSize} outputs.", outputName);
    }

    // Output channels o … o + 7, eight pixels per vector: sum j is b[o + j] + Σ_e W[o + j, e] · patches[e] in e order.
    private void ForwardEightChannels(ReadOnlySpan<double> parameters, int o, Span<double> output)
    {
        int k = PatchSize;
        ref double w = ref MemoryMarshal.GetReference(parameters);
        ref double patches = ref MemoryMarshal.GetArrayDataReference(_patches);
        for (int q = 0; q < _rowStride; q += Lanes)
        {
            var s0 = Vector512.Create(parameters[WeightCount + o]);
            var s1 = Vector512.Create(parameters[WeightCount + o + 1]);
            var s2 = Vector512.Create(parameters[WeightCount + o + 2]);
            var s3 = Vector512.Create(parameters[WeightCount + o + 3]);
            var s4 = Vector512.Create(parameters[WeightCount + o + 4]);
            var s5 = Vector512.Create(parameters[WeightCount + o + 5]);
            var s6 = Vector512.Create(parameters[WeightCount + o + 6]);
            var s7 = Vector512.Create(parameters[WeightCount + o + 7]);
            // In bounds: e·_rowStride + q + 8 ≤ k·_rowStride (q + 8 ≤ _rowStride), (o + 7)·k + e < WeightCount
            // (CheckLengths).
            for (int e = 0; e < k; e++)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref patches, (nuint)(e * _rowStride + q));
                int at = o * k + e;
                s0 = x * Vector512.Create(Unsafe.Add(ref w, at)) + s0;
                s1 = x * Vector512.Create(Unsafe.Add(ref w, at + k)) + s1;
                s2 = x * Vector512.Create(Unsafe.Add(ref w, at + 2 * k)) + s2;
                s3 = x * Vector512.Create(Unsafe.Add(ref w, at + 3 * k)) + s3;
                s4 = x * Vector512.Create(Unsafe.Add(ref w, at + 4 * k)) + s4;
                s5 = x * Vector512.Create(Unsafe.Add(ref w, at + 5 * k)) + s5;
                s6 = x * Vector512.Create(Unsafe.Add(ref w, at + 6 * k)) + s6;
                s7 = x * Vector512.Create(Unsafe.Add(ref w, at + 7 * k)) + s7;
            }
            Store(s0, output, o, q);
            Store(s1, output, o + 1, q);
            Store(s2, output, o + 2, q);
            Store(s3, output, o + 3, q);
            Store(s4, output, o + 4, q);
            Store(s5, output, o + 5, q);
            Store(s6, output, o + 6, q);
            Store(s7, output, o + 7, q);
        }
    }

    // The same for one output channel (the channels beyond the last whole group of eight).
    private void ForwardOneChannel(ReadOnlySpan<double> parameters, int o, Span<double> output)
    {
        int k = PatchSize;
        ReadOnlySpan<double> weights = parameters.Slice(o * k, k);
        ref double patches = ref MemoryMarshal.GetArrayDataReference(_patches);
        for (int q = 0; q < _rowStride; q += Lanes)
        {
            var s = Vector512.Create(parameters[WeightCount + o]);
            for (int e = 0; e < k; e++)
                s = Vector512.LoadUnsafe(ref patches, (nuint)(e * _rowStride + q)) * Vector512.Create(weights[e]) + s;
            Store(s, output, o, q);
        }
    }

    // Pixels q … q + 7 of output map o; the last vector of a map holds fewer pixels than lanes.
    private void Store(Vector512<double> sums, Span<double> output, int o, int q)
    {
        int pixels = OutSide * OutSide;
        Span<double> map = output.Slice(o * pixels + q, Math.Min(Lanes, pixels - q));
        if (map.Length == Lanes) sums.CopyTo(map);
        else
            for (int i = 0; i < map.Length; i++) map[i] = sums.GetElement(i);
    }

    // Element e = c·9 + ky·3 + kx of output pixel q's patch at e·_rowStride + q, read from the zero-bordered copy.
    // In bounds: a patch reads padded rows and columns up to Stride·(OutSide − 1) + 2 ≤ InSide + 1 < _paddedSide, and
    // writes row e's first OutSide² < _rowStride values (the copies are element by element through refs: with span
    // indexing the bounds checks were half of the time of these short rows).
    private void Gather(ReadOnlySpan<double> input)
    {
        int side = InSide, ps = _paddedSide, outSide = OutSide, stride = Stride;
        for (int c = 0; c < InChannels; c++)
            for (int y = 0; y < side; y++)
                input.Slice((c * side + y) * side, side).CopyTo(_padded.AsSpan((c * ps + y + 1) * ps + 1, side));
        ref double padded = ref MemoryMarshal.GetArrayDataReference(_padded);
        ref double patches = ref MemoryMarshal.GetArrayDataReference(_patches);
        for (int c = 0; c < InChannels; c++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                {
                    ref double row = ref Unsafe.Add(ref patches, (c * 9 + ky * 3 + kx) * _rowStride);
                    for (int qy = 0; qy < outSide; qy++)
                    {
                        ref double source = ref Unsafe.Add(ref padded, (c * ps + stride * qy + ky) * ps + kx);
                        ref double target = ref Unsafe.Add(ref row, qy * outSide);
                        for (int qx = 0; qx < outSide; qx++) Unsafe.Add(ref target, qx) = Unsafe.Add(ref source, stride * qx);
                    }
                }
    }

    // ∂L/∂patches[e, q] = Σ_o W[o, e] · g[o, q] summed from 0 in o order, eight pixels per vector.
    private void PatchGradients(ReadOnlySpan<double> parameters, ReadOnlySpan<double> outputGradient)
    {
        int pixels = OutSide * OutSide, k = PatchSize;
        for (int o = 0; o < OutChannels; o++)
            outputGradient.Slice(o * pixels, pixels).CopyTo(_outputGradient.AsSpan(o * _rowStride, pixels));
        ref double g = ref MemoryMarshal.GetArrayDataReference(_outputGradient);
        ref double patchGradients = ref MemoryMarshal.GetArrayDataReference(_patchGradients);
        for (int q = 0; q < _rowStride; q += Lanes)
            for (int e = 0; e < k; e++)
            {
                Vector512<double> sum = Vector512<double>.Zero;
                for (int o = 0; o < OutChannels; o++)
                    sum = Vector512.LoadUnsafe(ref g, (nuint)(o * _rowStride + q)) * Vector512.Create(parameters[o * k + e]) + sum;
                sum.StoreUnsafe(ref patchGradients, (nuint)(e * _rowStride + q));
            }
    }

    // The transpose of Gather: every patch element's gradient goes back to the input value it was copied from,
    // pixel after pixel (so each input gradient sums its terms in pixel order), through the zero-bordered copy.
    private void Scatter(Span<double> inputGradient)
    {
        Array.Clear(_paddedGradient);
        int ps = _paddedSide, outSide = OutSide, stride = Stride, rowStride = _rowStride;
        // In bounds as in Gather, which this reverses.
        ref double gradient = ref MemoryMarshal.GetArrayDataReference(_paddedGradient);
        ref double patchGradients = ref MemoryMarshal.GetArrayDataReference(_patchGradients);
        for (int qy = 0; qy < outSide; qy++)
            for (int qx = 0; qx < outSide; qx++)
            {
                int q = qy * outSide + qx;
                for (int c = 0; c < InChannels; c++)
                    for (int ky = 0; ky < 3; ky++)
                    {
                        ref double target = ref Unsafe.Add(ref gradient, (c * ps + stride * qy + ky) * ps + stride * qx);
                        ref double source = ref Unsafe.Add(ref patchGradients, (c * 9 + ky * 3) * rowStride + q);
                        target += source;
                        Unsafe.Add(ref target, 1) += Unsafe.Add(ref source, rowStride);
                        Unsafe.Add(ref target, 2) += Unsafe.Add(ref source, 2 * rowStride);
                    }
            }
        int side = InSide;
        for (int c = 0; c < InChannels; c++)
            for (int y = 0; y < side; y++)
                _paddedGradient.AsSpan((c * ps + y + 1) * ps + 1, side).CopyTo(inputGradient.Slice((c * side + y) * side, side));
    }
}
