using System.Diagnostics;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Classification;

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
        using ConvOdeNetwork network = CreateNetwork(settings, method, train.Count, test.Count);
        return Train(network, train, test, onEpoch, cancel);
    }

    /// <summary>The network <see cref="Train(ClassificationSettings, BlockMethod, ImageSet, ImageSet, Action{ClassificationEpoch}, CancellationToken)"/>
    /// trains on: batches of up to <see cref="ClassificationSettings.BatchSize"/> training images, tests in batches of
    /// up to 256.</summary>
    public static ConvOdeNetwork CreateNetwork(ClassificationSettings settings, BlockMethod method, int trainCount, int testCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (trainCount < 1 || testCount < 1)
            throw new ArgumentException($"{trainCount} training and {testCount} test images; training needs at least one of each.");
        return new ConvOdeNetwork(settings, method, Math.Max(Math.Min(settings.BatchSize, trainCount), Math.Min(testCount, 256)));
    }

    /// <summary>As <see cref="Train(ClassificationSettings, BlockMethod, ImageSet, ImageSet, Action{ClassificationEpoch}, CancellationToken)"/>
    /// with the network's own settings and method, on a network the caller keeps (its buffers and the block's
    /// ensembles are made once, so a caller that trains again from the start, as the benchmarks do, does not time
    /// their making). The result is the same: every run starts from the seed's θ, a fresh optimiser and shuffle.</summary>
    /// <exception cref="ArgumentException">A network whose largest batch is smaller than the training batch.</exception>
    public static double[] Train(ConvOdeNetwork network, ImageSet train, ImageSet test,
        Action<ClassificationEpoch>? onEpoch = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ClassificationSettings settings = network.Settings;
        settings.Validate();
        int batchSize = Math.Min(settings.BatchSize, train.Count);
        if (batchSize > network.MaxBatch)
            throw new ArgumentException($"the network takes batches of up to {network.MaxBatch} images; training needs {batchSize} (build it with CreateNetwork).", nameof(network));
        double[] theta = network.InitialParameters(settings.Seed), gradient = new double[network.ParameterCount];
        var adam = new Adam(network.ParameterCount, settings.Optimiser);
        var shuffle = new Random(settings.Seed);
        int[] order = [.. Enumerable.Range(0, train.Count)];
        double elapsed = 0;

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            adam.LearningRate = settings.Optimiser.LearningRateAt(epoch);
            shuffle.Shuffle(order);
            long start = Stopwatch.GetTimestamp();
            long evaluationsBefore = network.BlockEvaluations, backwardBefore = network.BlockBackwardEvaluations;
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
            elapsed += seconds;
            long evaluations = network.BlockEvaluations - evaluationsBefore;
            long backward = network.BlockBackwardEvaluations - backwardBefore;
            long testStart = Stopwatch.GetTimestamp();
            (double testLoss, double testAccuracy) = Evaluate(network, theta, test);
            double testSeconds = Stopwatch.GetElapsedTime(testStart).TotalSeconds;
            onEpoch?.Invoke(new ClassificationEpoch
            {
                Epoch = epoch + 1, LearningRate = adam.LearningRate,
                TrainLoss = lossSum / train.Count, TrainAccuracy = (double)correct / train.Count,
                TestLoss = testLoss, TestAccuracy = testAccuracy,
                TrainSeconds = seconds, ElapsedTrainSeconds = elapsed, ImagesPerSecond = train.Count / seconds,
                TestSeconds = testSeconds,
                EvaluationsPerImage = (double)evaluations / train.Count,
                ForwardEvaluationsPerImage = (double)(evaluations - backward) / train.Count,
                BackwardEvaluationsPerImage = (double)backward / train.Count,
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
