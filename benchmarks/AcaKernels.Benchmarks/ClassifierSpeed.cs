using System.Diagnostics;
using System.Globalization;
using AcaKernels.Experiments.Classification;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--classifier [IMAGES [ROUNDS [WORKERS]]]`: images per second of the Fashion-MNIST classifier of `aca classify`
/// (issue 11) at its defaults (batches of 32, Heun-Euler 2(1) at rtol = atol = 1e-2, ACA), on the first IMAGES
/// (default 256) real training images with the seed-1 initial θ. Per round, interleaved: the inference forward
/// (no gradient) and one training pass (forward + ACA backward + the layers' gradients) over all IMAGES, each
/// printed as "run …" lines, then their medians as "median …: … images/s wall, … images/s cpu". The ODE block is
/// nearly all of the work (the front's two small convolutions and the linear head are a few percent); the block's
/// function evaluations per image are printed too, so two builds can be checked to do the same work. WORKERS is
/// the block ensemble's thread count (default 1: one core, the comparable figure on a shared machine).
/// </summary>
internal static class ClassifierSpeed
{
    private const int Batch = 32;

    public static void Run(ReadOnlySpan<string> args)
    {
        int images = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 256;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        ImageSet data = FashionMnist.LoadTraining(images);
        var settings = new ClassificationSettings { Workers = workers, BatchSize = Batch };
        using var network = new ConvOdeNetwork(settings, BlockMethod.Aca, Batch);
        double[] theta = network.InitialParameters(settings.Seed);
        double[] gradient = new double[theta.Length];
        int[] order = Enumerable.Range(0, images).ToArray();

        void Pass(bool training)
        {
            for (int start = 0; start < images; start += Batch)
            {
                ReadOnlySpan<int> batch = order.AsSpan(start, Math.Min(Batch, images - start));
                network.Run(data, batch, theta, training ? gradient : []);
            }
        }

        Console.WriteLine($"classifier block: {images} images, batches of {Batch}, {settings.Tableau} rtol = atol = {settings.Tolerance}, ACA, {workers} worker(s)");
        Console.WriteLine($"loadavg before: {File.ReadAllText("/proc/loadavg").Trim()}");
        Pass(false);
        Pass(true);   // warm-up: tiered compilation of both paths
        long before = network.BlockEvaluations;
        Pass(false);
        long forwardEvaluations = network.BlockEvaluations - before;
        before = network.BlockEvaluations;
        Pass(true);
        long trainingEvaluations = network.BlockEvaluations - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"block evaluations per image: forward {forwardEvaluations / (double)images:F2}, training (forward + backward) {trainingEvaluations / (double)images:F2}"));

        var results = new Dictionary<string, (List<double> Wall, List<double> Cpu)>
        {
            ["forward"] = ([], []),
            ["forward + ACA backward"] = ([], []),
        };
        for (int round = 0; round < rounds; round++)
            foreach ((string label, bool training) in new[] { ("forward", false), ("forward + ACA backward", true) })
            {
                TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
                long start = Stopwatch.GetTimestamp();
                Pass(training);
                double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
                results[label].Wall.Add(images / wall);
                results[label].Cpu.Add(images / cpu);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {label}: {images / wall:F1} images/s wall, {images / cpu:F1} images/s cpu"));
            }
        foreach ((string label, (List<double> wall, List<double> cpu)) in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median {label}: {Median(wall):F1} images/s wall, {Median(cpu):F1} images/s cpu"));
        Console.WriteLine($"loadavg after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
