namespace AcaKernels.Experiments.Training;

/// <summary>The hyper-parameters of <see cref="Adam"/>: step size, moment decay rates, the ε that keeps the
/// division finite, and an exponential learning-rate schedule (lr × <see cref="LearningRateDecay"/> per epoch).</summary>
/// <remarks>Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1.</remarks>
public sealed record AdamSettings
{
    /// <summary>Step size α at the first epoch.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay rate β₁ of the first-moment (mean) estimate, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay rate β₂ of the second-moment (uncentred variance) estimate, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>ε added to √v̂ in the denominator.</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>Factor applied to the learning rate after every epoch (1: constant), in (0, 1].</summary>
    public double LearningRateDecay { get; init; } = 1.0;

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based): lr · decay^epoch.</summary>
    public double LearningRateAt(int epoch) => LearningRate * Math.Pow(LearningRateDecay, epoch);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting out of range and its range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0 && LearningRate <= 10))
            throw new ArgumentException($"Adam learning rate {LearningRate} is not in (0, 10].");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new ArgumentException($"Adam beta1 = {Beta1} is not in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentException($"Adam beta2 = {Beta2} is not in [0, 1).");
        if (!(Epsilon > 0 && Epsilon <= 1))
            throw new ArgumentException($"Adam epsilon = {Epsilon} is not in (0, 1].");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1))
            throw new ArgumentException($"learning-rate decay {LearningRateDecay} is not in (0, 1]; 1 keeps the rate constant.");
    }
}
