namespace AcaKernels.Experiments.Training;

/// <summary>The hyper-parameters of <see cref="SgdMomentum"/>: step size, momentum, and an exponential
/// learning-rate schedule (lr × <see cref="LearningRateDecay"/> per epoch).</summary>
/// <remarks>Polyak's heavy-ball momentum in the form of Sutskever et al., "On the importance of initialization and
/// momentum in deep learning", ICML 2013, eq. 1 (as PyTorch's <c>torch.optim.SGD</c> with dampening 0).</remarks>
public sealed record SgdSettings
{
    /// <summary>Step size at the first epoch.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Momentum μ in [0, 1): the fraction of the previous velocity kept (0: plain gradient descent).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Factor applied to the learning rate after every epoch (1: constant), in (0, 1].</summary>
    public double LearningRateDecay { get; init; } = 1.0;

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based): lr · decay^epoch.</summary>
    public double LearningRateAt(int epoch) => LearningRate * Math.Pow(LearningRateDecay, epoch);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting out of range and its range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0 && LearningRate <= 10))
            throw new ArgumentException($"SGD learning rate {LearningRate} is not in (0, 10].");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentException($"SGD momentum {Momentum} is not in [0, 1); 1 or more never forgets a step and diverges.");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1))
            throw new ArgumentException($"learning-rate decay {LearningRateDecay} is not in (0, 1]; 1 keeps the rate constant.");
    }
}
