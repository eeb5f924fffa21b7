namespace AcaKernels.Experiments.Classification;

/// <summary>One epoch of a training run: the mean training loss and accuracy over the epoch's batches (with the
/// weights of each batch's time), the test loss and accuracy after it, and the cost.</summary>
public sealed record ClassificationEpoch
{
    public required int Epoch { get; init; }
    public required double LearningRate { get; init; }
    public required double TrainLoss { get; init; }
    public required double TrainAccuracy { get; init; }
    public required double TestLoss { get; init; }
    public required double TestAccuracy { get; init; }
    /// <summary>1 − <see cref="TestAccuracy"/>: the share of test images classified wrongly.</summary>
    public double TestError => 1 - TestAccuracy;
    /// <summary>Wall time of the epoch's training (not its test evaluation), seconds.</summary>
    public required double TrainSeconds { get; init; }
    /// <summary>Training wall time of this epoch and all before it, seconds: the x axis of "test error vs time".</summary>
    public required double ElapsedTrainSeconds { get; init; }
    /// <summary>Training images per second of wall time.</summary>
    public required double ImagesPerSecond { get; init; }
    /// <summary>Wall time of the test evaluation after the epoch, seconds (not part of <see cref="TrainSeconds"/>).</summary>
    public required double TestSeconds { get; init; }
    /// <summary>Block function evaluations per training image in this epoch (forward and backward).</summary>
    public required double EvaluationsPerImage { get; init; }
    /// <summary>The forward solves' share of <see cref="EvaluationsPerImage"/>.</summary>
    public required double ForwardEvaluationsPerImage { get; init; }
    /// <summary>The backward passes' share of <see cref="EvaluationsPerImage"/> (the gradient: ACA's replay of the
    /// stored steps, the adjoint's backward re-solve, or the naive method's pass back through the operations).</summary>
    public required double BackwardEvaluationsPerImage { get; init; }
}
