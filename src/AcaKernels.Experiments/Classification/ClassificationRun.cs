namespace AcaKernels.Experiments.Classification;

/// <summary>One method trained from one seed: its epochs and whether it finished.</summary>
public sealed record ClassificationRun
{
    /// <summary>"aca", "adjoint", "naive" or "resnet".</summary>
    public required string Method { get; init; }
    /// <summary>Seed of the initial weights and of the epochs' shuffles.</summary>
    public required int Seed { get; init; }
    /// <summary>"Success", why training stopped early (a failed solve), or "Interrupted after k of N epochs" (the
    /// run was stopped by the user: its last epoch is not a final result).</summary>
    public required string Status { get; init; }
    /// <summary>Test error after the last finished epoch; null when none finished.</summary>
    public double? FinalTestError => Epochs.Count == 0 ? null : Epochs[^1].TestError;
    /// <summary>Training wall time over all finished epochs, seconds.</summary>
    public double TrainSeconds => Epochs.Sum(e => e.TrainSeconds);
    /// <summary>Every finished epoch, in order.</summary>
    public required IReadOnlyList<ClassificationEpoch> Epochs { get; init; }

    /// <summary>The status of a run the user stopped after <paramref name="finished"/> of <paramref name="asked"/> epochs.</summary>
    public static string InterruptedStatus(int finished, int asked) => $"{InterruptedPrefix} after {finished} of {asked} epochs";

    /// <summary>Whether <paramref name="run"/> was stopped by the user before its last epoch (see
    /// <see cref="InterruptedStatus"/>): summaries leave it out, its epochs stay in the report.</summary>
    public static bool IsInterrupted(ClassificationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status.StartsWith(InterruptedPrefix, StringComparison.Ordinal);
    }

    private const string InterruptedPrefix = "Interrupted";
}
