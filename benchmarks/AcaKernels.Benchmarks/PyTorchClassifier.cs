using System.Diagnostics;
using System.Globalization;
using AcaKernels.Experiments.Classification;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Our side of `benchmarks/pytorch/compare.sh classify`: the Fashion-MNIST classifier of `aca classify`, trained by
/// <see cref="ClassifierTrainer"/> itself (ACA, RK12 at rtol = atol = 1e-2, Adam, the default settings but the data
/// sizes), against benchmarks/pytorch/classify.py. Prints, like the PyTorch side:
/// <list type="bullet">
/// <item>[epoch]: one training epoch from the seed-1 initial parameters, wall time as the trainer measures it (test
/// evaluation excluded; the test set is one image) and CPU time of the whole Train call, on one network made before,
/// after twelve or more warm-up epochs (tiered compilation; classify.py needs one);</item>
/// <item>[block]: the ODE block alone (<see cref="FeatureBlock"/>, the trainer's own) on the first BLOCK_BATCH training
/// images' features at the initial parameters: forward and ACA backward of L = Σ z(1).</item>
/// </list>
/// With a directory it times nothing: it writes the initial parameters and each epoch's order of the training images
/// (so PyTorch trains from the same numbers in the same order), then trains ACA and the ResNet baseline for EPOCHS
/// epochs, evaluated on the first TEST_SIZE test images, and writes their curves, which classify.py --check compares
/// with its own. Timing uses only TRAIN_SIZE, BATCH and BLOCK_BATCH (each timed epoch is the first one).
/// </summary>
internal static class PyTorchClassifier
{
    /// <summary>Untimed epochs before the timed ones (and at least one second of them).</summary>
    private const int WarmupEpochs = 12;

    public const string Usage = "usage: --pytorch-side classify WORKERS REPETITIONS TRAIN_SIZE TEST_SIZE EPOCHS BATCH BLOCK_BATCH [DIRECTORY]";

    public static int Run(ReadOnlySpan<string> args)
    {
        Span<int> v = stackalloc int[7];
        if (args.Length is < 7 or > 8)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        for (int i = 0; i < 7; i++)
            if (!int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out v[i]) || v[i] < 1)
            {
                Console.Error.WriteLine($"argument {i + 1} ('{args[i]}') is not a positive integer. {Usage}");
                return 2;
            }
        int workers = v[0], repetitions = v[1], blockBatch = v[6];
        var settings = new ClassificationSettings { TrainSize = v[2], TestSize = v[3], Epochs = v[4], BatchSize = v[5], Workers = workers };
        ImageSet train;
        try
        {
            settings.Validate();
            if (blockBatch > settings.TrainSize)
                throw new ArgumentException($"BLOCK_BATCH {blockBatch} exceeds TRAIN_SIZE {settings.TrainSize}: the block runs on the first training images.");
            train = FashionMnist.LoadTraining(settings.TrainSize);
        }
        catch (Exception error) when (error is ArgumentException or FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"--pytorch-side classify: {error.Message}");
            return 2;
        }
        if (args.Length == 8)
        {
            WriteSetUpAndCurves(args[7], settings, train);
            return 0;
        }
        TimeEpochs(settings, train, repetitions);
        TimeBlock(settings, train, blockBatch, repetitions);
        return 0;
    }

    private static void WriteSetUpAndCurves(string directory, ClassificationSettings settings, ImageSet train)
    {
        using (var network = new ConvOdeNetwork(settings, BlockMethod.Aca, 1))
            RawDoubles.Write(directory, "classify_theta0", network.InitialParameters(settings.Seed));
        RawDoubles.Write(directory, "classify_order", TrainingOrders(settings));
        ImageSet test = FashionMnist.LoadTest(settings.TestSize);
        foreach (BlockMethod method in (ReadOnlySpan<BlockMethod>)[BlockMethod.ResNet, BlockMethod.Aca])
        {
            var curves = new List<double>();
            ClassifierTrainer.Train(settings, method, train, test, e =>
            {
                curves.AddRange([e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.EvaluationsPerImage, e.TrainSeconds]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"C# classify {ClassificationExperiment.Name(method)} epoch {e.Epoch}: train loss {e.TrainLoss:F6}, test loss {e.TestLoss:F6}, " +
                    $"test accuracy {e.TestAccuracy:F3}, {e.EvaluationsPerImage:F1} evaluations per image, {e.TrainSeconds:F2} s"));
            });
            RawDoubles.Write(directory, $"classify_ours_{ClassificationExperiment.Name(method)}", [.. curves]);
        }
        Console.WriteLine($"C# classify: initial parameters, training orders and curves written to {directory}");
    }

    /// <summary>The trainer's image order of every epoch: it shuffles one index array in place, epoch after epoch, with
    /// a <see cref="Random"/> seeded by the settings' seed (ClassifierTrainer.Train). classify.py --check's ResNet
    /// comparison fails at the 1e-2 level if this ever stops matching the trainer.</summary>
    private static double[] TrainingOrders(ClassificationSettings settings)
    {
        var shuffle = new Random(settings.Seed);
        int[] order = [.. Enumerable.Range(0, settings.TrainSize)];
        var orders = new double[settings.Epochs * order.Length];
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (int i = 0; i < order.Length; i++) orders[epoch * order.Length + i] = order[i];
        }
        return orders;
    }

    private static void TimeEpochs(ClassificationSettings settings, ImageSet train, int repetitions)
    {
        string label = $"C# classify [epoch] workers={settings.Workers}";
        ImageSet oneTestImage = FashionMnist.LoadTest(1);
        var wall = new double[repetitions];
        var cpu = new double[repetitions];
        // One network for every run: each run still trains from the seed's θ with a fresh Adam and shuffle (the same
        // epoch every time), but the network's buffers and its block's ensembles are made once, as in a training run
        // of many epochs; making them (the lane engines' zeroed buffers, the checkpoint log, the probe calls) in every
        // timed call was ≈ 12 % of its samples, the test image's inference ensemble ≈ 5 % more (RESULTS.md §19).
        using ConvOdeNetwork network = ClassifierTrainer.CreateNetwork(settings with { Epochs = 1 }, BlockMethod.Aca, train.Count, oneTestImage.Count);
        ClassificationEpoch Once(out double wallMs, out double cpuMs)
        {
            ClassificationEpoch? epoch = null;
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            ClassifierTrainer.Train(network, train, oneTestImage, e => epoch = e);
            cpuMs = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
            wallMs = epoch!.TrainSeconds * 1e3;
            return epoch;
        }
        // Warm-up, RunTimer's rule with more runs: tiered compilation (with PGO: tier 0, an instrumented tier, tier 1,
        // 30 calls each) replaces the code of the methods called once per batch (Run, Adam.Step: 10 calls per epoch)
        // and the loops' on-stack-replacement code only after ≈ 6 epochs, compiling on the main thread and a background
        // one (the process's CPU time then exceeds the wall time); until then an epoch costs up to twice its steady CPU
        // time. With 6 warm-up epochs the first timed one still did (RESULTS.md §19).
        ClassificationEpoch first = Once(out _, out _);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"C# classify: {train.Count} images, batch {settings.BatchSize}, {first.EvaluationsPerImage:F1} evaluations per image " +
            $"(forward + ACA backward, each image its own steps), train loss {first.TrainLoss:F4}"));
        long warmupStart = Stopwatch.GetTimestamp();
        for (int w = 1; w < 100 && (w < WarmupEpochs || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < 1); w++) Once(out _, out _);
        for (int r = 0; r < repetitions; r++)
        {
            Once(out wall[r], out cpu[r]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {label}: {wall[r]:F3} ms wall, {cpu[r]:F3} ms cpu"));
        }
        RunTimer.PrintMedians(label, wall, cpu);
    }

    private static void TimeBlock(ClassificationSettings settings, ImageSet train, int blockBatch, int repetitions)
    {
        using var network = new ConvOdeNetwork(settings, BlockMethod.Aca, 1);
        double[] theta = network.InitialParameters(settings.Seed);
        double[] z0 = FrontFeatures(theta, network.Down2Offset, network.BlockOffset, train, blockBatch);
        double[] z1 = new double[z0.Length], gradZ1 = new double[z0.Length], gradZ0 = new double[z0.Length];
        double[] gradTheta = new double[ConvOdeBlock.ParameterSize];
        Array.Fill(gradZ1, 1.0);   // L = Σ z(1)
        double[] blockTheta = theta.AsSpan(network.BlockOffset, ConvOdeBlock.ParameterSize).ToArray();
        using var block = new FeatureBlock(BlockMethod.Aca, settings.Tableau, settings.Tolerance, settings.ResNetBlocks, blockBatch, settings.Workers);
        void Once()
        {
            block.Forward(blockBatch, blockTheta, z0, z1, training: true);
            block.Backward(blockBatch, gradZ1, gradZ0, gradTheta);
        }
        Once();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"C# classify block: B = {blockBatch}, each image its own steps: {(double)block.AcceptedSteps / blockBatch:F1} accepted steps " +
            $"and {(double)block.Evaluations / blockBatch:F1} evaluations of f or its VJP (forward + ACA backward) per image"));
        RunTimer.Report($"C# classify [block] workers={settings.Workers}", warmups: 2, repetitions, Once);
        PrintEvaluationCosts(blockTheta, z0, blockBatch);
    }

    /// <summary>Where the block's time goes: f and its VJP alone, image by image on this thread, µs per image (CPU
    /// time; classify.py prints the same for PyTorch's batched f and autograd backward).</summary>
    private static void PrintEvaluationCosts(double[] theta, double[] z0, int count)
    {
        const int n = ConvOdeBlock.StateSize, passes = 5;
        double[] dz = new double[n], v = new double[n], gradZ = new double[n], gradP = new double[ConvOdeBlock.ParameterSize];
        Array.Fill(v, 1.0);
        double Cost(Action<int> one)
        {
            for (int b = 0; b < count; b++) one(b);   // warm-up
            TimeSpan start = Environment.CpuUsage.TotalTime;
            for (int pass = 0; pass < passes; pass++)
                for (int b = 0; b < count; b++) one(b);
            return (Environment.CpuUsage.TotalTime - start).TotalMicroseconds / (passes * count);
        }
        double f = Cost(b => ConvOdeBlock.RhsOde.Evaluate(0, z0.AsSpan(b * n, n), theta, dz));
        double vjp = Cost(b => ConvOdeBlock.RhsOde.VectorJacobianProduct(0, z0.AsSpan(b * n, n), theta, v, gradZ, gradP));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"C# classify block: f {f:F1} µs, its VJP {vjp:F1} µs per image (CPU time, one image at a time, one thread)"));
    }

    /// <summary>z(0) of the first <paramref name="count"/> training images at θ: ConvOdeNetwork's front (standardise,
    /// conv stride 2, ReLU, conv stride 2, ReLU) rebuilt from its public constants and the same <see cref="Conv3x3"/>
    /// layers, so that the block is timed on the features it sees in training (the network keeps its front private).</summary>
    private static double[] FrontFeatures(double[] theta, int down2Offset, int blockOffset, ImageSet train, int count)
    {
        const int c = ConvOdeBlock.Channels, n = ConvOdeBlock.StateSize;
        var down1 = new Conv3x3(1, c, FashionMnist.Side, 2);
        var down2 = new Conv3x3(c, c, down1.OutSide, 2);
        var image = new double[FashionMnist.Side * FashionMnist.Side];
        var hidden = new double[down1.OutputSize];
        var z0 = new double[count * n];
        for (int b = 0; b < count; b++)
        {
            for (int i = 0; i < image.Length; i++) image[i] = (train.Image(b)[i] - ConvOdeNetwork.PixelMean) / ConvOdeNetwork.PixelStd;
            down1.Forward(theta.AsSpan(0, down2Offset), image, hidden);
            for (int i = 0; i < hidden.Length; i++) hidden[i] = Math.Max(hidden[i], 0);
            Span<double> z = z0.AsSpan(b * n, n);
            down2.Forward(theta.AsSpan(down2Offset, blockOffset - down2Offset), hidden, z);
            for (int i = 0; i < n; i++) z[i] = Math.Max(z[i], 0);
        }
        return z0;
    }
}
