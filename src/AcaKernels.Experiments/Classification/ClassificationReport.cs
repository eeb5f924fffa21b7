using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Classification;

/// <summary>Everything `aca classify` measured: the JSON document (schema: Schemas/classify.schema.json).</summary>
public sealed record ClassificationReport
{
    /// <summary>Experiment "classify", where and when, whether it ran to the end (when stopped with Ctrl-C the runs
    /// hold the epochs that finished).</summary>
    public required ExperimentHeader Header { get; init; }
    /// <summary>The command line that produced the report (the program's arguments), so a reader can rerun it.</summary>
    public required string Command { get; init; }
    /// <summary>The git commit the program was built from (from its informational version); null when unknown.</summary>
    public required string? GitCommit { get; init; }
    /// <summary>What every run trained with.</summary>
    public required ClassificationSetup Setup { get; init; }
    /// <summary>One run per seed and method, seed after seed, methods in the order asked.</summary>
    public required IReadOnlyList<ClassificationRun> Runs { get; init; }
    /// <summary>Per method: test-retest over the seeds, time and function evaluations.</summary>
    public required IReadOnlyList<ClassificationSummary> Summaries { get; init; }
}

/// <summary>The settings shared by every run of a report.</summary>
public sealed record ClassificationSetup
{
    /// <summary>Training images (the first this many of the 60,000).</summary>
    public required int TrainSize { get; init; }
    /// <summary>Test images (the first this many of the 10,000).</summary>
    public required int TestSize { get; init; }
    /// <summary>Epochs asked for per run.</summary>
    public required int Epochs { get; init; }
    /// <summary>Images per mini-batch.</summary>
    public required int BatchSize { get; init; }
    /// <summary>The ODE block's Runge-Kutta method.</summary>
    public required string Tableau { get; init; }
    /// <summary>rtol = atol of the ODE block.</summary>
    public required double Tolerance { get; init; }
    /// <summary>Residual blocks of the ResNet baseline.</summary>
    public required int ResNetBlocks { get; init; }
    /// <summary>Threads of the block's ensemble.</summary>
    public required int Workers { get; init; }
    /// <summary>Parameters of the network (every method has the same).</summary>
    public required int Parameters { get; init; }
    /// <summary>The optimiser.</summary>
    public required AdamSettings Optimiser { get; init; }
    /// <summary>The seeds, in the order they ran.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }
}

/// <summary>One method over all seeds: the final test error's median and range (test-retest), and the cost.</summary>
public sealed record ClassificationSummary
{
    /// <summary>"aca", "adjoint", "naive" or "resnet".</summary>
    public required string Method { get; init; }
    /// <summary>Runs of this method that finished at least one epoch.</summary>
    public required int Seeds { get; init; }
    /// <summary>Median over the seeds of the test error after the last epoch; null when no run finished an epoch.</summary>
    public required double? MedianTestError { get; init; }
    /// <summary>Smallest final test error over the seeds.</summary>
    public required double? MinTestError { get; init; }
    /// <summary>Largest final test error over the seeds.</summary>
    public required double? MaxTestError { get; init; }
    /// <summary>Mean training wall time of a run, seconds.</summary>
    public required double? MeanTrainSeconds { get; init; }
    /// <summary>Training images per second over all epochs of all seeds.</summary>
    public required double? ImagesPerSecond { get; init; }
    /// <summary>Mean forward block evaluations per training image per epoch.</summary>
    public required double? ForwardEvaluationsPerImage { get; init; }
    /// <summary>Mean backward block evaluations per training image per epoch.</summary>
    public required double? BackwardEvaluationsPerImage { get; init; }

    /// <summary>The summary of <paramref name="runs"/>, all of method <paramref name="method"/>.</summary>
    public static ClassificationSummary Of(string method, IReadOnlyList<ClassificationRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        // A run the user stopped has no final error (its epochs still count toward the rates below).
        ClassificationRun[] finished = [.. runs.Where(r => !ClassificationRun.IsInterrupted(r))];
        double[] errors = [.. finished.Select(r => r.FinalTestError).OfType<double>().Order()];
        ClassificationEpoch[] epochs = [.. runs.SelectMany(r => r.Epochs)];
        double trainSeconds = epochs.Sum(e => e.TrainSeconds);
        double? Mean(Func<ClassificationEpoch, double> value) => epochs.Length == 0 ? null : epochs.Average(value);
        return new ClassificationSummary
        {
            Method = method,
            Seeds = errors.Length,
            MedianTestError = errors.Length == 0 ? null : Median(errors),
            MinTestError = errors.Length == 0 ? null : errors[0],
            MaxTestError = errors.Length == 0 ? null : errors[^1],
            MeanTrainSeconds = errors.Length == 0 ? null : finished.Where(r => r.Epochs.Count > 0).Average(r => r.TrainSeconds),
            // Images over seconds of all epochs together, not the mean of per-epoch rates (a slow epoch weighs its time).
            ImagesPerSecond = trainSeconds > 0 ? epochs.Sum(e => e.ImagesPerSecond * e.TrainSeconds) / trainSeconds : null,
            ForwardEvaluationsPerImage = Mean(e => e.ForwardEvaluationsPerImage),
            BackwardEvaluationsPerImage = Mean(e => e.BackwardEvaluationsPerImage),
        };
    }

    /// <summary>The middle value of sorted values (the mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("the median of no values is undefined.", nameof(sorted));
        int half = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }
}
