namespace AcaKernels.Experiments.Classification;

/// <summary>One method trained from one seed: its epochs and whether it finished.</summary>
public sealed record ClassificationRun
{
    /// <summary>"aca", "adjoint", "naive" or "resnet".</summary>
    public required string Method { get; init; }
    /// <summary>Seed of the initial weights and of the epochs' shuffles.</summary>
    public required int Seed { get; init; }
    /// <summary>"Success", or why training stopped early (a failed solve).</summary>
    public required string Status { get; init; }
    /// <summary>Test error after the last finished epoch; null when none finished.</summary>
    public double? FinalTestError => Epochs.Count == 0 ? null : Epochs[^1].TestError;
    /// <summary>Training wall time over all finished epochs, seconds.</summary>
    public double TrainSeconds => Epochs.Sum(e => e.TrainSeconds);
    /// <summary>Every finished epoch, in order.</summary>
    public required IReadOnlyList<ClassificationEpoch> Epochs { get; init; }
}
