using System.CommandLine;
using System.Globalization;
using AcaKernels.Experiments.Classification;
using AcaKernels.Tableaus;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca classify`: Fashion-MNIST with a convolutional neural ODE, trained with ACA, the adjoint or naive
/// backpropagation, against the ResNet built from the same block (<see cref="ClassificationExperiment"/>).</summary>
internal static class ClassifyCommand
{
    /// <summary>Seeds of a run without --seeds: enough for a median and a range (test-retest).</summary>
    public const int DefaultSeeds = 5;

    public static Command Create()
    {
        var defaults = new ClassificationSettings();
        var method = new Option<string>("--method")
        {
            Description = "Block method(s): aca, adjoint, naive (the ODE block, by its gradient method), resnet (the same block as residual layers) or all.",
            HelpName = "aca|adjoint|naive|resnet|all",
            DefaultValueFactory = _ => "all",
        };
        method.AcceptOnlyFromAmong("aca", "adjoint", "naive", "resnet", "all");
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images.", DefaultValueFactory = _ => defaults.Epochs };
        var trainSize = new Option<int>("--train-size") { Description = "Training images (the first N of the 60,000).", HelpName = "N", DefaultValueFactory = _ => defaults.TrainSize };
        var testSize = new Option<int>("--test-size") { Description = "Test images (the first N of the 10,000).", HelpName = "N", DefaultValueFactory = _ => defaults.TestSize };
        var seeds = new Option<string>("--seeds")
        {
            Description = "Seeds, each training every method once on the same images (test-retest): a count N (seeds 1 … N), " +
                "a range A..B or a list A,B,C.",
            HelpName = "N|A..B|A,B,C",
            DefaultValueFactory = _ => DefaultSeeds.ToString(CultureInfo.InvariantCulture),
        };
        var batch = new Option<int>("--batch") { Description = "Images per mini-batch.", DefaultValueFactory = _ => defaults.BatchSize };
        var tolerance = new Option<double>("--tolerance") { Description = "rtol = atol of the ODE block.", DefaultValueFactory = _ => defaults.Tolerance };
        var tableau = new Option<string>("--tableau")
        {
            Description = "Runge-Kutta method of the ODE block: rk12 (Heun-Euler 2(1)), bs3 (Bogacki-Shampine 3(2)) or dopri5 (Dormand-Prince 5(4)).",
            DefaultValueFactory = _ => "rk12",
        };
        tableau.AcceptOnlyFromAmong("rk12", "bs3", "dopri5");
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = $"The folder holding Fashion-MNIST's four gzip IDX files (train-images-idx3-ubyte.gz, …). [default: {FashionMnist.DefaultDirectory}, from '{FashionMnist.InstallCommand}']",
            HelpName = "DIR",
        };
        Option<int> threads = CommonOptions.Threads();
        Option<string?> json = CommonOptions.Json();
        Option<string?> plotDirectory = CommonOptions.PlotDirectory();
        var command = new Command("classify",
            "Train a small convolutional network whose middle block is a neural ODE (conv → tanh → conv, 8 × 7×7 " +
            "features) on real Fashion-MNIST images (Debian's dataset-fashion-mnist), one image per trajectory with its " +
            "own adaptive steps, and compare the gradient methods against the ResNet with the same block. Prints each " +
            "method's final test error over the seeds (median and range: test-retest), training time, images per second and " +
            "forward and backward block evaluations per image; a progress line per epoch on stderr. The defaults run " +
            $"--method all with {DefaultSeeds} seeds in under 30 minutes on 2 cores; raise --train-size and --epochs for bigger runs. " +
            "--json and --plot-dir keep every epoch.")
        {
            method, epochs, trainSize, testSize, seeds, batch, tolerance, tableau, dataDirectory, threads, json, plotDirectory,
        };
        command.SetAction(parsed => Execute(
            defaults with
            {
                Epochs = parsed.GetValue(epochs), TrainSize = parsed.GetValue(trainSize), TestSize = parsed.GetValue(testSize),
                BatchSize = parsed.GetValue(batch), Tolerance = parsed.GetValue(tolerance), Workers = parsed.GetValue(threads),
                DataDirectory = parsed.GetValue(dataDirectory),
                Tableau = parsed.GetValue(tableau) switch
                {
                    "bs3" => RungeKuttaMethod.BogackiShampine3,
                    "dopri5" => RungeKuttaMethod.DormandPrince5,
                    _ => RungeKuttaMethod.HeunEuler,
                },
            },
            ClassificationExperiment.ParseMethods(parsed.GetValue(method)!)!, parsed.GetValue(seeds)!,
            parsed.GetValue(json), parsed.GetValue(plotDirectory)));
        return command;
    }

    private static int Execute(ClassificationSettings settings, IReadOnlyList<BlockMethod> methods, string seedText,
        string? jsonPath, string? plotDirectory)
    {
        IReadOnlyList<int> seeds;
        try
        {
            settings.Validate();
            seeds = ClassificationSeeds.Parse(seedText);
            OutputPaths.Check(jsonPath, plotDirectory);
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("classify", error.Message);
        }

        using var stop = new StopSignal("epoch");
        ClassificationReport report;
        try
        {
            report = ProgressDisplay.Run("classify", update => ClassificationExperiment.Run(settings, methods, seeds,
                (done, total, name, seed, epoch) => update(done, total, Describe(name, seed, epoch, settings.Epochs)), stop.Token,
                CommandText()), everyUpdate: true);
        }
        catch (Exception error) when (error is FileNotFoundException or InvalidDataException)
        {
            // The loader's hint says "pass the folder": here that is --data-dir.
            string where = error is FileNotFoundException ? " In aca classify, the folder is --data-dir DIR." : "";
            Console.Error.WriteLine($"aca classify: error: {error.Message}{where}");
            return ExitCodes.Failure;
        }

        Console.Write(ClassificationExperiment.Table(report));
        if (!OutputPaths.TryWrite("classify", jsonPath, path => ClassificationJson.Write(report, path),
                plotDirectory, folder => ClassificationPlots.Write(report, folder)))
            return ExitCodes.Failure;

        return CommandExit.AfterRun("classify",
            [.. report.Runs.Where(r => r.Status != "Success").Select(r => $"{r.Method} (seed {r.Seed}) stopped after {r.Epochs.Count} epochs: {r.Status}")],
            report.Header.Completed, "stopped early; the table, JSON and plots hold the epochs that finished.");
    }

    /// <summary>"aca classify …" as this process was started, arguments quoted where they hold spaces.</summary>
    private static string CommandText() =>
        string.Join(' ', ["aca", .. Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)]);

    private static string Describe(string method, int seed, ClassificationEpoch epoch, int epochs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{method} seed {seed} epoch {epoch.Epoch}/{epochs}: loss {epoch.TrainLoss:F3}, train accuracy {epoch.TrainAccuracy:P1}, " +
            $"test accuracy {epoch.TestAccuracy:P1}, {epoch.TrainSeconds:F1} s, {epoch.ImagesPerSecond:F0} images/s, " +
            $"evals/image {epoch.ForwardEvaluationsPerImage:F1} forward + {epoch.BackwardEvaluationsPerImage:F1} backward");
}
