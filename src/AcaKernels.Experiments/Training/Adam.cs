using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Training;

/// <summary>
/// The Adam optimiser on a parameter vector of fixed length: per-coordinate steps scaled by bias-corrected running
/// estimates of the gradient's mean m̂ and uncentred variance v̂, θ ← θ − lr · m̂ / (√v̂ + ε). Its buffers are
/// allocated once; <see cref="Step"/> allocates nothing.
/// </summary>
/// <remarks>Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1 (ε added to √v̂,
/// as PyTorch's <c>torch.optim.Adam</c> does, so results compare with code written for it).</remarks>
public sealed class Adam : IOptimiser
{
    private readonly AdamSettings _settings;
    private readonly double[] _mean, _variance, _scratch;

    /// <summary>An optimiser for <paramref name="size"/> parameters, at its first step.</summary>
    /// <exception cref="ArgumentException">A setting out of range, or a size below 1.</exception>
    public Adam(int size, AdamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (size < 1) throw new ArgumentException($"Adam needs at least one parameter, not {size}.", nameof(size));
        settings.Validate();
        _settings = settings;
        _mean = new double[size];
        _variance = new double[size];
        _scratch = new double[size];
        LearningRate = settings.LearningRate;
    }

    /// <summary>The step size of the next <see cref="Step"/>; starts at <see cref="AdamSettings.LearningRate"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Number of parameters.</summary>
    public int Size => _mean.Length;

    /// <summary>One update of <paramref name="parameters"/> in place, down <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">A length other than <see cref="Size"/>, or a non-finite gradient
    /// (which would poison the moment estimates for good).</exception>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != Size || gradient.Length != Size)
            throw new ArgumentException($"Adam: {parameters.Length} parameters and {gradient.Length} gradient entries given; this optimiser holds {Size}.");
        for (int i = 0; i < gradient.Length; i++)
            if (!double.IsFinite(gradient[i]))
                throw new ArgumentException($"Adam: gradient[{i}] = {gradient[i]} is not finite; the step is refused (the moments would stay NaN).", nameof(gradient));

        Steps++;
        double b1 = _settings.Beta1, b2 = _settings.Beta2;
        // m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g².
        TensorPrimitives.Multiply(_mean, b1, _mean);
        TensorPrimitives.MultiplyAdd(gradient, 1 - b1, _mean, _mean);
        TensorPrimitives.Multiply(gradient, gradient, _scratch);
        TensorPrimitives.Multiply(_variance, b2, _variance);
        TensorPrimitives.MultiplyAdd(_scratch, 1 - b2, _variance, _variance);
        // θ ← θ − lr·m̂/(√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
        double meanCorrection = 1 - Math.Pow(b1, Steps), varianceCorrection = 1 - Math.Pow(b2, Steps);
        TensorPrimitives.Multiply(_variance, 1 / varianceCorrection, _scratch);
        TensorPrimitives.Sqrt(_scratch, _scratch);
        TensorPrimitives.Add(_scratch, _settings.Epsilon, _scratch);
        TensorPrimitives.Divide(_mean, _scratch, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, -LearningRate / meanCorrection, parameters, parameters);
    }
}
