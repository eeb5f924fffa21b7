using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// `aca classify`: trains the Fashion-MNIST classifier with each block method from each seed on the same images
/// (<see cref="ClassifierTrainer"/>) and reports test error, training time and block evaluations, per epoch and,
/// over the seeds, as test-retest median and range.
/// </summary>
public static class ClassificationExperiment
{
    /// <summary>The method names of the command line, in table order.</summary>
    public static IReadOnlyList<BlockMethod> AllMethods { get; } = [BlockMethod.Aca, BlockMethod.Adjoint, BlockMethod.Naive, BlockMethod.ResNet];

    /// <summary>"aca", "adjoint", "naive" or "resnet".</summary>
    public static string Name(BlockMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>Parses aca, adjoint, naive, resnet or all (any case); null for anything else.</summary>
    public static IReadOnlyList<BlockMethod>? ParseMethods(string text) =>
        text.Equals("all", StringComparison.OrdinalIgnoreCase) ? AllMethods
        : AllMethods.Where(m => Name(m).Equals(text, StringComparison.OrdinalIgnoreCase)).ToArray() is { Length: 1 } one ? one : null;

    /// <summary>Trains every method from every seed in <paramref name="seeds"/> (the seed in
    /// <paramref name="settings"/> is replaced), seed after seed. Stops between epochs when <paramref name="cancel"/>
    /// fires; the report then holds what finished and says it is not complete.</summary>
    /// <param name="progress">After each epoch: epochs done over all runs, their total, the method, the seed, the epoch.</param>
    /// <param name="command">The command line to record in the report.</param>
    public static ClassificationReport Run(ClassificationSettings settings, IReadOnlyList<BlockMethod> methods, IReadOnlyList<int> seeds,
        Action<int, int, string, int, ClassificationEpoch>? progress = null, CancellationToken cancel = default, string command = "")
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(seeds);
        settings.Validate();
        if (methods.Count == 0) throw new ArgumentException("no method given; use aca, adjoint, naive, resnet or all.");
        if (seeds.Count < 1 || seeds.Count > ClassificationSeeds.Max) throw new ArgumentException($"{seeds.Count} seeds; give 1 to {ClassificationSeeds.Max}.");
        RunInfo info = RunInfo.Capture();
        ImageSet train = FashionMnist.LoadTraining(settings.TrainSize, settings.DataDirectory),
            test = FashionMnist.LoadTest(settings.TestSize, settings.DataDirectory);
        var runs = new List<ClassificationRun>();
        int done = 0, total = methods.Count * seeds.Count * settings.Epochs;
        foreach (int seed in seeds)
            foreach (BlockMethod method in methods)
            {
                if (cancel.IsCancellationRequested) break;
                var epochs = new List<ClassificationEpoch>();
                string status = "Success";
                try
                {
                    ClassifierTrainer.Train(settings with { Seed = seed }, method, train, test, epoch =>
                    {
                        epochs.Add(epoch);
                        progress?.Invoke(++done, total, Name(method), seed, epoch);
                    }, cancel);
                }
                catch (AcaKernels.Ensembles.EnsembleSolveException error)
                {
                    status = error.Message;
                }
                // Cut short by the user (not by a failed solve): its last epoch is no final result, so say so.
                if (status == "Success" && epochs.Count < settings.Epochs) status = ClassificationRun.InterruptedStatus(epochs.Count, settings.Epochs);
                done += settings.Epochs - epochs.Count;
                runs.Add(new ClassificationRun { Method = Name(method), Seed = seed, Epochs = epochs, Status = status });
            }
        return new ClassificationReport
        {
            // Complete when every run ran and none was cut short by the cancellation (a failed run ends early by itself).
            Header = ExperimentHeader.For("classify", info,
                completed: runs.Count == methods.Count * seeds.Count && !runs.Any(ClassificationRun.IsInterrupted)),
            Command = command, GitCommit = GitCommit(info.Version),
            Setup = Setup(settings, seeds),
            Runs = runs,
            Summaries = [.. methods.Select(Name).Select(name => ClassificationSummary.Of(name, [.. runs.Where(r => r.Method == name)]))],
        };
    }

    /// <summary>The commit in an informational version "0.1.0+&lt;sha&gt;" (the SDK appends it when building from
    /// a git checkout); null when there is none.</summary>
    public static string? GitCommit(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        string commit = plus < 0 ? "" : version[(plus + 1)..];
        return commit.Length >= 7 && commit.All(char.IsAsciiHexDigit) ? commit : null;
    }

    /// <summary>One row per method: median and range of the final test error over the seeds, mean training time,
    /// images per second and forward and backward block evaluations per training image.</summary>
    public static string Table(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Fashion-MNIST, final test error over seeds",
            "method", "seeds", "median error", "min error", "max error", "train s (mean)", "images/s", "fwd evals/image", "bwd evals/image");
        foreach (ClassificationSummary summary in report.Summaries)
        {
            static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
            table.Add(summary.Method, summary.Seeds.ToString(CultureInfo.InvariantCulture),
                F(summary.MedianTestError, "P1"), F(summary.MinTestError, "P1"), F(summary.MaxTestError, "P1"),
                F(summary.MeanTrainSeconds, "F1"), F(summary.ImagesPerSecond, "F0"),
                F(summary.ForwardEvaluationsPerImage, "F1"), F(summary.BackwardEvaluationsPerImage, "F1"));
        }
        return table.ToString();
    }

    private static ClassificationSetup Setup(ClassificationSettings settings, IReadOnlyList<int> seeds)
    {
        using var network = new ConvOdeNetwork(settings, BlockMethod.Aca, 1);
        return new ClassificationSetup
        {
            TrainSize = settings.TrainSize, TestSize = settings.TestSize, Epochs = settings.Epochs, BatchSize = settings.BatchSize,
            Tableau = settings.Tableau.ToString(), Tolerance = settings.Tolerance, ResNetBlocks = settings.ResNetBlocks,
            Workers = settings.Workers ?? Environment.ProcessorCount, Parameters = network.ParameterCount,
            Optimiser = settings.Optimiser, Seeds = [.. seeds],
        };
    }
}
