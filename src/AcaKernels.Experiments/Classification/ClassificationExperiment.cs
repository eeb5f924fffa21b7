using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Classification;

/// <summary>One method trained from one seed: its epochs and whether it finished.</summary>
public sealed record ClassificationRun
{
    public required string Method { get; init; }
    public required int Seed { get; init; }
    public required IReadOnlyList<ClassificationEpoch> Epochs { get; init; }
    /// <summary>"Success", or why training stopped early (a failed solve).</summary>
    public required string Status { get; init; }
    /// <summary>Test accuracy after the last finished epoch (NaN when none finished).</summary>
    public double FinalTestAccuracy => Epochs.Count == 0 ? double.NaN : Epochs[^1].TestAccuracy;
    /// <summary>Training wall time over all finished epochs, seconds.</summary>
    public double TrainSeconds => Epochs.Sum(e => e.TrainSeconds);
}

/// <summary>
/// `aca classify`: trains the Fashion-MNIST classifier with each block method from each seed on the same images
/// (<see cref="ClassifierTrainer"/>) and tabulates test error, training time and block evaluations.
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

    /// <summary>Trains every method from seeds <paramref name="firstSeed"/> … + <paramref name="seeds"/> − 1 (the
    /// seed in <paramref name="settings"/> is replaced). Stops between epochs when <paramref name="cancel"/> fires.</summary>
    /// <param name="progress">After each epoch: epochs done over all runs, their total, the method, the seed, the epoch.</param>
    public static IReadOnlyList<ClassificationRun> Run(ClassificationSettings settings, IReadOnlyList<BlockMethod> methods,
        int firstSeed, int seeds, Action<int, int, string, int, ClassificationEpoch>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(methods);
        settings.Validate();
        if (methods.Count == 0) throw new ArgumentException("no method given; use aca, adjoint, naive, resnet or all.");
        if (seeds < 1 || seeds > 1000) throw new ArgumentException($"seeds = {seeds} is not in [1, 1000].");
        ImageSet train = FashionMnist.LoadTraining(settings.TrainSize), test = FashionMnist.LoadTest(settings.TestSize);
        var runs = new List<ClassificationRun>();
        int done = 0, total = methods.Count * seeds * settings.Epochs;
        for (int s = 0; s < seeds; s++)
            foreach (BlockMethod method in methods)
            {
                if (cancel.IsCancellationRequested) return runs;
                int seed = firstSeed + s;
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
                done += settings.Epochs - epochs.Count;
                runs.Add(new ClassificationRun { Method = Name(method), Seed = seed, Epochs = epochs, Status = status });
            }
        return runs;
    }

    /// <summary>One row per method: median and range of the final test error over the seeds, mean training time,
    /// images per second and block evaluations per training image.</summary>
    public static string Table(IReadOnlyList<ClassificationRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var table = new TextTable("Fashion-MNIST, final test error over seeds",
            "method", "seeds", "median error", "min error", "max error", "train s (mean)", "images/s", "evals/image");
        foreach (var group in runs.GroupBy(r => r.Method))
        {
            double[] errors = [.. group.Where(r => r.Epochs.Count > 0).Select(r => 1 - r.FinalTestAccuracy).Order()];
            ClassificationEpoch[] epochs = [.. group.SelectMany(r => r.Epochs)];
            string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
            table.Add(group.Key, group.Count().ToString(CultureInfo.InvariantCulture),
                F(errors.Length == 0 ? double.NaN : Median(errors), "P1"), F(errors.Length == 0 ? double.NaN : errors[0], "P1"),
                F(errors.Length == 0 ? double.NaN : errors[^1], "P1"), F(group.Average(r => r.TrainSeconds), "F1"),
                F(epochs.Length == 0 ? double.NaN : epochs.Average(e => e.ImagesPerSecond), "F0"),
                F(epochs.Length == 0 ? double.NaN : epochs.Average(e => e.EvaluationsPerImage), "F1"));
        }
        return table.ToString();
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
