using System.CommandLine;
using System.Globalization;
using AcaKernels.Experiments.TimeSeries;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca timeseries`: a neural ODE fitted to noisy, irregularly sampled spirals (<see cref="TimeSeriesExperiment"/>),
/// with each gradient method, beside a GRU baseline (--baseline).</summary>
internal static class TimeSeriesCommand
{
    public static Command Create()
    {
        var defaults = new TimeSeriesSettings();
        var epochs = new Option<int>("--epochs")
        {
            Description = "Epochs per method (one ensemble solve, gradient and optimiser step over all spirals each).",
            DefaultValueFactory = _ => defaults.Epochs,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the data (spirals, times, noise) and of the initial weights.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var trajectories = new Option<int>("--trajectories")
        {
            Description = "Spirals (half clockwise, half counter-clockwise).",
            HelpName = "B",
            DefaultValueFactory = _ => defaults.Trajectories,
        };
        var optimiser = new Option<string>("--optimiser")
        {
            Description = $"Optimiser: adam (lr {Number(defaults.Adam.LearningRate)}) or sgd (momentum {Number(defaults.Sgd.Momentum)}, lr {Number(defaults.Sgd.LearningRate)}); " +
                $"both x {Number(defaults.Adam.LearningRateDecay)} per epoch.",
            HelpName = "adam|sgd",
            DefaultValueFactory = _ => "adam",
        };
        optimiser.AcceptOnlyFromAmong("adam", "sgd");
        var learningRate = new Option<double?>("--learning-rate")
        {
            Description = $"Learning rate of the first epoch (default: adam {Number(defaults.Adam.LearningRate)}, sgd {Number(defaults.Sgd.LearningRate)}).",
            HelpName = "LR",
        };
        var every = new Option<int>("--every")
        {
            Description = "Print every N-th epoch in the table (the first and last always; the JSON holds all).",
            HelpName = "N",
            DefaultValueFactory = _ => 25,
        };
        var baseline = new Option<string>("--baseline")
        {
            Description = $"Discrete-time baseline trained beside the neural ODE with the same optimiser and epochs: gru (a GRU of " +
                $"{defaults.GruHidden} units fed the time gaps, rolled forward on its own predictions to extrapolate) or none.",
            HelpName = "gru|none",
            DefaultValueFactory = _ => "gru",
        };
        baseline.AcceptOnlyFromAmong("gru", "none");
        Option<string> method = CommonOptions.Method();
        Option<int> threads = CommonOptions.Threads();
        Option<string?> json = CommonOptions.Json();
        Option<string?> plotDirectory = CommonOptions.PlotDirectory();
        var command = new Command("timeseries",
            "A neural ODE on irregularly sampled time series: noisy 2-D Archimedean spirals, half turning each way, each " +
            "observed at its own random times on [0, 6]; a tanh MLP vector field (2 observed + 2 augmented state " +
            "components, 32 hidden units) shared by all spirals, with a start state learned per spiral, trained as one " +
            "ensemble by aca, adjoint or naive gradients through Dormand-Prince 5(4). Prints the training loss and " +
            "the held-out error (20 % of the times inside the window: interpolation; (6, 8]: extrapolation) per epoch " +
            "against the mean predictor and a GRU baseline fed the time gaps; --json and --plot-dir keep everything.")
        {
            epochs, seed, trajectories, method, baseline, optimiser, learningRate, threads, every, json, plotDirectory,
        };
        command.SetAction(parsed =>
        {
            double? rate = parsed.GetValue(learningRate);
            return Execute(
                defaults with
                {
                    Epochs = parsed.GetValue(epochs), Seed = parsed.GetValue(seed), Trajectories = parsed.GetValue(trajectories),
                    Methods = CommonOptions.Methods(parsed.GetValue(method)!), Gru = parsed.GetValue(baseline) == "gru", Threads = parsed.GetValue(threads),
                    Optimiser = parsed.GetValue(optimiser) == "sgd" ? OptimiserKind.Sgd : OptimiserKind.Adam,
                    Adam = rate is { } a ? defaults.Adam with { LearningRate = a } : defaults.Adam,
                    Sgd = rate is { } g ? defaults.Sgd with { LearningRate = g } : defaults.Sgd,
                },
                parsed.GetValue(every), parsed.GetValue(json), parsed.GetValue(plotDirectory));
        });
        return command;
    }

    private static int Execute(TimeSeriesSettings settings, int every, string? jsonPath, string? plotDirectory)
    {
        try
        {
            settings.Validate();
            if (every < 1) throw new ArgumentException($"--every {every}: give 1 or more.");
            OutputPaths.Check(jsonPath, plotDirectory);
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("timeseries", error.Message);
        }

        using var stop = new StopSignal("epoch");
        TimeSeriesReport report = ProgressDisplay.Run("timeseries", update => TimeSeriesExperiment.Run(settings,
            (done, total, name, epoch) => update(done, total, Describe(name, epoch, settings.Epochs)), stop.Token));

        Console.Write(TimeSeriesTables.Render(report, every));
        if (!OutputPaths.TryWrite("timeseries", jsonPath, path => TimeSeriesJson.Write(report, path),
                plotDirectory, folder => TimeSeriesPlots.Write(report, folder)))
            return ExitCodes.Failure;

        var trained = TimeSeriesTables.Trained(report);
        return CommandExit.AfterRun("timeseries",
            [.. trained.Where(f => f.Status != "Success").Select(f => $"the {f.Method} training stopped after {f.EpochLog.Count} epochs: {f.Status}")],
            report.Header.Completed,
            $"stopped after {trained.Sum(f => f.EpochLog.Count)} of {settings.TotalEpochs} epochs; the tables, JSON and plots hold those.");
    }

    private static string Describe(string method, TimeSeriesEpoch epoch, int epochs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{method} epoch {epoch.Epoch}/{epochs}: loss {epoch.Loss:0.000E+00}, extrapolation MSE {epoch.Extrapolation:0.000E+00}");

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
