using System.Diagnostics;
using AcaKernels.Experiments.Training;

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
    /// <summary>Wall time of the epoch's training (not its test evaluation), seconds.</summary>
    public required double TrainSeconds { get; init; }
    /// <summary>Training images per second of wall time.</summary>
    public required double ImagesPerSecond { get; init; }
    /// <summary>Block function evaluations per training image in this epoch (forward and backward).</summary>
    public required double EvaluationsPerImage { get; init; }
}

/// <summary>
/// Trains a <see cref="ConvOdeNetwork"/> with Adam on mini-batches and evaluates it on the test images after each
/// epoch. Deterministic for a seed: the weights and each epoch's shuffle come from it, the front and head run on
/// one thread, and the ensemble's results do not depend on its threads.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>Trains for <see cref="ClassificationSettings.Epochs"/> epochs (fewer if <paramref name="cancel"/>
    /// fires between two) and returns the final θ; <paramref name="onEpoch"/> sees each finished epoch.</summary>
    public static double[] Train(ClassificationSettings settings, BlockMethod method, ImageSet train, ImageSet test,
        Action<ClassificationEpoch>? onEpoch = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        settings.Validate();
        int batchSize = Math.Min(settings.BatchSize, train.Count);
        using var network = new ConvOdeNetwork(settings, method, Math.Max(batchSize, Math.Min(test.Count, 256)));
        double[] theta = network.InitialParameters(settings.Seed), gradient = new double[network.ParameterCount];
        var adam = new Adam(network.ParameterCount, settings.Optimiser);
        var shuffle = new Random(settings.Seed);
        int[] order = [.. Enumerable.Range(0, train.Count)];

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            adam.LearningRate = settings.Optimiser.LearningRateAt(epoch);
            shuffle.Shuffle(order);
            long start = Stopwatch.GetTimestamp(), evaluationsBefore = network.BlockEvaluations;
            double lossSum = 0;
            int correct = 0;
            for (int first = 0; first < order.Length; first += batchSize)
            {
                ReadOnlySpan<int> batch = order.AsSpan(first, Math.Min(batchSize, order.Length - first));
                (double loss, int right) = network.Run(train, batch, theta, gradient);
                lossSum += loss;
                correct += right;
                adam.Step(theta, gradient);
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long evaluations = network.BlockEvaluations - evaluationsBefore;
            (double testLoss, double testAccuracy) = Evaluate(network, theta, test);
            onEpoch?.Invoke(new ClassificationEpoch
            {
                Epoch = epoch + 1, LearningRate = adam.LearningRate,
                TrainLoss = lossSum / train.Count, TrainAccuracy = (double)correct / train.Count,
                TestLoss = testLoss, TestAccuracy = testAccuracy,
                TrainSeconds = seconds, ImagesPerSecond = train.Count / seconds,
                EvaluationsPerImage = (double)evaluations / train.Count,
            });
        }
        return theta;
    }

    /// <summary>Mean loss and accuracy of θ on every image of <paramref name="data"/>, in batches of the network's
    /// largest batch, forward only.</summary>
    public static (double Loss, double Accuracy) Evaluate(ConvOdeNetwork network, ReadOnlySpan<double> theta, ImageSet data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        int[] indices = [.. Enumerable.Range(0, data.Count)];
        double lossSum = 0;
        int correct = 0;
        for (int first = 0; first < indices.Length; first += network.MaxBatch)
        {
            (double loss, int right) = network.Run(data, indices.AsSpan(first, Math.Min(network.MaxBatch, indices.Length - first)), theta, []);
            lossSum += loss;
            correct += right;
        }
        return (lossSum / data.Count, (double)correct / data.Count);
    }
}
