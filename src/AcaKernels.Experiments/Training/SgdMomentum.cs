using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Training;

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum: v ← μv + g, θ ← θ − lr·v. Its velocity buffer is
/// allocated once; <see cref="Step"/> allocates nothing.
/// </summary>
/// <remarks>Sutskever et al., "On the importance of initialization and momentum in deep learning", ICML 2013,
/// eq. 1, with the learning rate applied to the velocity as PyTorch's <c>torch.optim.SGD</c> does (dampening 0,
/// no Nesterov), so that a changed learning rate takes effect at once.</remarks>
public sealed class SgdMomentum : IOptimiser
{
    private readonly double _momentum;
    private readonly double[] _velocity;

    /// <summary>An optimiser for <paramref name="size"/> parameters, with zero velocity.</summary>
    /// <exception cref="ArgumentException">A setting out of range, or a size below 1.</exception>
    public SgdMomentum(int size, SgdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (size < 1) throw new ArgumentException($"SGD needs at least one parameter, not {size}.", nameof(size));
        settings.Validate();
        _momentum = settings.Momentum;
        _velocity = new double[size];
        LearningRate = settings.LearningRate;
    }

    /// <inheritdoc/>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public int Size => _velocity.Length;

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != Size || gradient.Length != Size)
            throw new ArgumentException($"SGD: {parameters.Length} parameters and {gradient.Length} gradient entries given; this optimiser holds {Size}.");
        for (int i = 0; i < gradient.Length; i++)
            if (!double.IsFinite(gradient[i]))
                throw new ArgumentException($"SGD: gradient[{i}] = {gradient[i]} is not finite; the step is refused (the velocity would stay NaN).", nameof(gradient));

        Steps++;
        // v ← μv + g;  θ ← θ − lr·v.
        TensorPrimitives.MultiplyAdd(_velocity, _momentum, gradient, _velocity);
        TensorPrimitives.MultiplyAdd(_velocity, -LearningRate, parameters, parameters);
    }
}
