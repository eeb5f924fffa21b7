using System.Runtime.Intrinsics;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The classifier: a downsampling front (3×3 conv 1 → C, stride 2, 28 → 14; ReLU; 3×3 conv C → C, stride 2,
/// 14 → 7; ReLU), the block (<see cref="FeatureBlock"/>: the ODE block or its ResNet baseline), a linear layer from
/// its C·7·7 features to 10 classes and softmax cross-entropy. Pixels enter standardised with Fashion-MNIST's
/// training mean and standard deviation. One flat parameter vector θ holds the layers in
/// that order (<see cref="BlockOffset"/>, <see cref="HeadOffset"/>). Front and head run image by image on the
/// calling thread (a few percent of the work); the block runs the batch on the ensemble's workers.
/// </summary>
public sealed class ConvOdeNetwork : IDisposable
{
    private const int C = ConvOdeBlock.Channels, N = ConvOdeBlock.StateSize;
    private readonly Conv3x3 _down1 = new(1, C, FashionMnist.Side, 2), _down2 = new(C, C, 14, 2);
    private readonly ClassifierHead _head = new(N, FashionMnist.ClassCount);
    private readonly FeatureBlock _block;
    /// <summary>Mean and standard deviation of Fashion-MNIST's training pixels (in [0, 1] units), used to
    /// standardise the input.</summary>
    public const double PixelMean = 0.2860, PixelStd = 0.3530;
    private readonly double[] _image = new double[FashionMnist.Side * FashionMnist.Side];
    private readonly double[] _hidden, _z0, _z1, _gradZ1, _gradZ0, _gradHidden, _gradLayer;

    /// <summary>A network whose block runs with <paramref name="method"/>, for mini-batches of up to
    /// <paramref name="maxBatch"/> images.</summary>
    public ConvOdeNetwork(ClassificationSettings settings, BlockMethod method, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "a batch holds at least one image.");
        Method = method;
        Settings = settings;
        _block = new FeatureBlock(method, settings.Tableau, settings.Tolerance, settings.ResNetBlocks, maxBatch, settings.Workers);
        MaxBatch = maxBatch;
        _hidden = new double[maxBatch * _down1.OutputSize];
        _z0 = new double[maxBatch * N];
        _z1 = new double[maxBatch * N];
        _gradZ1 = new double[maxBatch * N];
        _gradZ0 = new double[maxBatch * N];
        _gradHidden = new double[_down1.OutputSize];
        _gradLayer = new double[N];
    }

    /// <summary>The block's method.</summary>
    public BlockMethod Method { get; }
    /// <summary>The settings the network was built with (its block's solver and workers follow them).</summary>
    public ClassificationSettings Settings { get; }
    /// <summary>Largest mini-batch.</summary>
    public int MaxBatch { get; }
    /// <summary>Offset of the second front convolution in θ (the first starts at 0).</summary>
    public int Down2Offset => _down1.ParameterCount;
    /// <summary>Offset of the block's θ (<see cref="ConvOdeBlock.ParameterSize"/> values).</summary>
    public int BlockOffset => Down2Offset + _down2.ParameterCount;
    /// <summary>Offset of the classifier's weights and biases.</summary>
    public int HeadOffset => BlockOffset + ConvOdeBlock.ParameterSize;
    /// <summary>Length of θ.</summary>
    public int ParameterCount => HeadOffset + _head.ParameterCount;
    /// <summary>Function evaluations of the block so far (forward and backward, all images).</summary>
    public long BlockEvaluations => _block.Evaluations;
    /// <summary>The part of <see cref="BlockEvaluations"/> spent in backward passes (the gradient); the rest was
    /// spent solving forward, in training and in evaluation alike.</summary>
    public long BlockBackwardEvaluations { get; private set; }

    /// <summary>Seeded initial θ: every weight and bias uniform in ±1/√fan-in (PyTorch's default for conv and
    /// linear layers, so the comparator can start from the same distribution).</summary>
    public double[] InitialParameters(int seed)
    {
        var random = new Random(seed);
        var theta = new double[ParameterCount];
        Fill(theta.AsSpan(0, _down1.ParameterCount), _down1.PatchSize, random);
        Fill(theta.AsSpan(Down2Offset, _down2.ParameterCount), _down2.PatchSize, random);
        Fill(theta.AsSpan(BlockOffset, ConvOdeBlock.ParameterSize), C * 9, random);
        Fill(theta.AsSpan(HeadOffset, _head.ParameterCount), N, random);
        return theta;
    }

    /// <summary>The summed loss and the number of correct predictions over the images <paramref name="batch"/> of
    /// <paramref name="data"/>; with <paramref name="gradient"/> non-empty, also writes ∂(mean loss)/∂θ into it.</summary>
    /// <exception cref="AcaKernels.Ensembles.EnsembleSolveException">An image's ODE solve failed.</exception>
    public (double LossSum, int Correct) Run(ImageSet data, ReadOnlySpan<int> batch, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(data);
        int count = batch.Length;
        if (count < 1 || count > MaxBatch)
            throw new ArgumentException($"a batch of {count} images; this network takes 1 to {MaxBatch}.", nameof(batch));
        if (theta.Length != ParameterCount)
            throw new ArgumentException($"θ has {theta.Length} values; this network has {ParameterCount}.", nameof(theta));
        bool training = !gradient.IsEmpty;
        if (training && gradient.Length != ParameterCount)
            throw new ArgumentException($"the gradient has {gradient.Length} values; this network has {ParameterCount}.", nameof(gradient));
        if (data.Height != FashionMnist.Side || data.Width != FashionMnist.Side || data.ClassCount != FashionMnist.ClassCount)
            throw new ArgumentException($"images of {data.Height}×{data.Width} in {data.ClassCount} classes; the network takes 28×28 in 10.", nameof(data));

        ReadOnlySpan<double> down1 = theta[.._down1.ParameterCount], down2 = theta.Slice(Down2Offset, _down2.ParameterCount);
        ReadOnlySpan<double> block = theta.Slice(BlockOffset, ConvOdeBlock.ParameterSize), head = theta[HeadOffset..];
        int hiddenSize = _down1.OutputSize;
        for (int b = 0; b < count; b++)
        {
            Span<double> hidden = _hidden.AsSpan(b * hiddenSize, hiddenSize), z0 = _z0.AsSpan(b * N, N);
            _down1.Forward(down1, Standardised(data.Image(batch[b])), hidden);
            Relu(hidden);
            _down2.Forward(down2, hidden, z0);
            Relu(z0);
        }
        _block.Forward(count, block, _z0.AsSpan(0, count * N), _z1, training);

        double lossSum = 0;
        int correct = 0;
        if (training) gradient.Clear();
        for (int b = 0; b < count; b++)
        {
            int label = data.Labels[batch[b]];
            lossSum += _head.Forward(head, _z1.AsSpan(b * N, N), label, out int predicted);
            if (predicted == label) correct++;
            if (training) _head.Backward(head, _z1.AsSpan(b * N, N), label, 1.0 / count, gradient[HeadOffset..], _gradZ1.AsSpan(b * N, N));
        }
        if (!training) return (lossSum, correct);

        long evaluationsBefore = _block.Evaluations;
        _block.Backward(count, _gradZ1.AsSpan(0, count * N), _gradZ0, gradient.Slice(BlockOffset, ConvOdeBlock.ParameterSize));
        BlockBackwardEvaluations += _block.Evaluations - evaluationsBefore;
        Span<double> gradDown1 = gradient[.._down1.ParameterCount], gradDown2 = gradient.Slice(Down2Offset, _down2.ParameterCount);
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<double> hidden = _hidden.AsSpan(b * hiddenSize, hiddenSize);
            _gradZ0.AsSpan(b * N, N).CopyTo(_gradLayer);
            ReluBackward(_z0.AsSpan(b * N, N), _gradLayer);
            _down2.Backward(down2, hidden, _gradLayer, gradDown2, _gradHidden);
            ReluBackward(hidden, _gradHidden);
            _down1.Backward(down1, Standardised(data.Image(batch[b])), _gradHidden, gradDown1, []);
        }
        return (lossSum, correct);
    }

    private ReadOnlySpan<double> Standardised(ReadOnlySpan<double> image)
    {
        System.Numerics.Tensors.TensorPrimitives.Subtract(image, PixelMean, _image);
        System.Numerics.Tensors.TensorPrimitives.Divide(_image, PixelStd, _image);
        return _image;
    }

    private static void Relu(Span<double> values) =>
        System.Numerics.Tensors.TensorPrimitives.Max(values, 0.0, values);

    // ReLU's derivative from its output: 1 where the output is positive, 0 where it was clipped (or NaN), eight at a
    // time as a select (the values kept or +0, as the scalar loop wrote them).
    private static void ReluBackward(ReadOnlySpan<double> output, Span<double> gradient)
    {
        int i = 0;
        for (; i + Vector512<double>.Count <= gradient.Length; i += Vector512<double>.Count)
        {
            Span<double> g = gradient.Slice(i, Vector512<double>.Count);
            Vector512<double> keep = Vector512.GreaterThan(Vector512.Create(output.Slice(i, Vector512<double>.Count)), Vector512<double>.Zero);
            Vector512.ConditionalSelect(keep, Vector512.Create((ReadOnlySpan<double>)g), Vector512<double>.Zero).CopyTo(g);
        }
        for (; i < gradient.Length; i++)
            if (!(output[i] > 0)) gradient[i] = 0;
    }

    private static void Fill(Span<double> values, int fanIn, Random random)
    {
        double bound = 1 / Math.Sqrt(fanIn);
        for (int i = 0; i < values.Length; i++) values[i] = bound * (2 * random.NextDouble() - 1);
    }

    /// <summary>Ends the block's worker threads.</summary>
    public void Dispose() => _block.Dispose();
}
