using System.Globalization;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--pytorch-side PROBLEM [WORKERS [REPETITIONS [DIRECTORY]]]`: our side of benchmarks/pytorch/compare.sh.
/// PROBLEM is lorenz, mlp (<see cref="PyTorchEnsembles"/>, WORKERS worker threads, default 1) or three-body
/// (<see cref="PyTorchThreeBody"/>, one thread; WORKERS must be 1). REPETITIONS timed runs (default 5) follow warm-up
/// runs; with DIRECTORY, results, references and shared data are written there first for the PyTorch side to check.
/// `--pytorch-side classify …` is the Fashion-MNIST classifier (<see cref="PyTorchClassifier"/>, its own arguments).
/// </summary>
internal static class PyTorchComparison
{
    private const string Usage =
        "usage: --pytorch-side lorenz|mlp|three-body [WORKERS (default 1; three-body: 1)] [REPETITIONS (default 5)] [DIRECTORY to write results to]\n" +
        "   or: " + PyTorchClassifier.Usage;

    public static int Run(ReadOnlySpan<string> args)
    {
        if (args is ["classify", .. var classify]) return PyTorchClassifier.Run(classify);
        int workers = 1, repetitions = 5;
        if (args.Length is < 1 or > 4 || (args.Length > 1 && !TryPositive(args[1], out workers))
            || (args.Length > 2 && !TryPositive(args[2], out repetitions)))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string? directory = args.Length > 3 ? args[3] : null;
        switch (args[0])
        {
            case "lorenz":
                PyTorchEnsembles.Lorenz(workers, repetitions, directory);
                return 0;
            case "mlp":
                PyTorchEnsembles.Mlp(workers, repetitions, directory);
                return 0;
            case "three-body" when workers == 1:
                PyTorchThreeBody.Run(repetitions, directory);
                return 0;
            case "three-body":
                Console.Error.WriteLine($"three-body is one trajectory, solved on one thread: give WORKERS = 1, not {workers}.");
                return 2;
            default:
                Console.Error.WriteLine($"unknown problem '{args[0]}'. {Usage}");
                return 2;
        }
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
