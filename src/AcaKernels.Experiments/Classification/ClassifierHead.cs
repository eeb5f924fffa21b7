using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The network's end: a linear layer from all <see cref="InputSize"/> features to <see cref="Classes"/> logits,
/// softmax and cross-entropy against the label. Parameters: W (classes × features, row-major) then b (classes).
/// Holds small buffers, so one instance serves one thread.
/// </summary>
internal sealed class ClassifierHead
{
    private readonly double[] _logits, _probabilities;

    public ClassifierHead(int features, int classes)
    {
        if (features < 1 || classes < 2)
            throw new ArgumentException($"a classifier head of {features} features to {classes} classes cannot work.");
        InputSize = features;
        Classes = classes;
        _logits = new double[classes];
        _probabilities = new double[classes];
    }

    public int InputSize { get; }
    public int Classes { get; }
    public int ParameterCount => Classes * InputSize + Classes;

    /// <summary>The class probabilities of the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>The cross-entropy −log softmax(logits)[label] of one image's features; leaves the probabilities in
    /// <see cref="Probabilities"/> and returns the predicted class (the largest logit) in <paramref name="predicted"/>.</summary>
    public double Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int label, out int predicted)
    {
        int f = InputSize;
        for (int k = 0; k < Classes; k++)
            _logits[k] = parameters[Classes * f + k] + TensorPrimitives.Dot(parameters.Slice(k * f, f), features[..f]);
        predicted = TensorPrimitives.IndexOfMax(_logits);
        // log Σ exp(l) computed from the largest logit, so no exp overflows.
        double largest = _logits[predicted];
        TensorPrimitives.Subtract(_logits, largest, _probabilities);
        TensorPrimitives.Exp(_probabilities, _probabilities);
        double sum = TensorPrimitives.Sum(_probabilities);
        TensorPrimitives.Divide(_probabilities, sum, _probabilities);
        return Math.Log(sum) - (_logits[label] - largest);
    }

    /// <summary>Given the image's features and the probabilities its <see cref="Forward"/> left, adds
    /// <paramref name="scale"/> × ∂loss/∂parameters to <paramref name="parameterGradient"/> and writes
    /// <paramref name="scale"/> × ∂loss/∂features into <paramref name="featureGradient"/>.</summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int label, double scale,
        Span<double> parameterGradient, Span<double> featureGradient)
    {
        int f = InputSize;
        featureGradient = featureGradient[..f];
        featureGradient.Clear();
        for (int k = 0; k < Classes; k++)
        {
            // ∂(−log softmax_label)/∂logit_k = p_k − [k = label].
            double g = scale * (_probabilities[k] - (k == label ? 1 : 0));
            Span<double> weightGradient = parameterGradient.Slice(k * f, f);
            TensorPrimitives.MultiplyAdd(features[..f], g, weightGradient, weightGradient);
            parameterGradient[Classes * f + k] += g;
            TensorPrimitives.MultiplyAdd(parameters.Slice(k * f, f), g, featureGradient, featureGradient);
        }
    }
}
