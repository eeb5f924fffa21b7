using System.CommandLine;
using System.Globalization;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.ThreeBodyForce;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca three-body`: learn three masses inside Newtonian gravity from observed orbits
/// (<see cref="ThreeBodyExperiment"/>), with each gradient method; `--variant mlp` runs the physics-plus-network
/// comparison instead (<see cref="ThreeBodyForceRun"/>).</summary>
internal static class ThreeBodyCommand
{
    public static Command Create()
    {
        var defaults = new ThreeBodySettings();
        var forceDefaults = new ForceSettings();
        var variant = new Option<string>("--variant")
        {
            Description = "masses: learn the three masses inside Newtonian gravity (the paper's experiment). mlp: the bodies " +
                "move inside a dust cloud whose pull the physics lacks; fit the physics alone and the physics plus a small " +
                "tanh MLP force field on t in [0, 1], then compare their position errors extrapolated to t = 2.",
            HelpName = "masses|mlp",
            DefaultValueFactory = _ => "masses",
        };
        variant.AcceptOnlyFromAmong("masses", "mlp");
        var epochs = new Option<int?>("--epochs")
        {
            Description = $"Epochs per fit (one solve, gradient and Adam step each) [default: {defaults.Epochs} for masses, {forceDefaults.Epochs} for mlp].",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the start masses (each uniform in 1 ± 0.1, the same for every method) and, for mlp, of the network's first layer.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var observations = new Option<int?>("--observations")
        {
            Description = $"Observation times, equally spaced on [0, 1] [default: {defaults.ObservationCount} for masses, {forceDefaults.ObservationCount} for mlp].",
            HelpName = "N",
        };
        var every = new Option<int>("--every")
        {
            Description = "masses: print every N-th epoch in the table (the first and last always; the JSON holds all).",
            HelpName = "N",
            DefaultValueFactory = _ => 10,
        };
        Option<string> method = CommonOptions.Method();
        Option<string?> json = CommonOptions.Json();
        Option<string?> plotDirectory = CommonOptions.PlotDirectory();
        var command = new Command("three-body",
            "Learn the masses of three bodies inside known Newtonian gravity from their observed positions (the ACA " +
            "paper's three-body experiment): observations from a solve with the true masses (1.1, 1.1, 0.9) at " +
            "rtol = atol = 1e-12, loss = sum of 0.01^t-weighted squared position errors, Adam (lr 0.1, betas (0.5, 0.5), " +
            "lr x 0.95 per epoch) with gradients by aca, adjoint or naive through Dormand-Prince 5(4) at rtol = atol = 1e-7. " +
            "Prints the mass estimates per epoch and each method's final relative error and time. With --variant mlp: " +
            "physics alone vs physics + MLP on an unknown force, compared on extrapolation. --json and --plot-dir keep everything.")
        {
            variant, epochs, seed, observations, method, every, json, plotDirectory,
        };
        command.SetAction(parsed =>
        {
            var methods = CommonOptions.Methods(parsed.GetValue(method)!);
            if (parsed.GetValue(variant) == "mlp")
            {
                if (parsed.GetResult(every) is { Implicit: false })
                {
                    return CommandExit.UsageError("three-body",
                        "--every lists epochs of the masses table; --variant mlp prints one summary table.");
                }
                return ThreeBodyForceRun.Execute(
                    forceDefaults with
                    {
                        Epochs = parsed.GetValue(epochs) ?? forceDefaults.Epochs, Seed = parsed.GetValue(seed),
                        ObservationCount = parsed.GetValue(observations) ?? forceDefaults.ObservationCount, Methods = methods,
                    },
                    parsed.GetValue(json), parsed.GetValue(plotDirectory));
            }
            return Execute(
                defaults with
                {
                    Epochs = parsed.GetValue(epochs) ?? defaults.Epochs, Seed = parsed.GetValue(seed),
                    ObservationCount = parsed.GetValue(observations) ?? defaults.ObservationCount, Methods = methods,
                },
                parsed.GetValue(every), parsed.GetValue(json), parsed.GetValue(plotDirectory));
        });
        return command;
    }

    private static int Execute(ThreeBodySettings settings, int every, string? jsonPath, string? plotDirectory)
    {
        try
        {
            settings.Validate();
            if (every < 1) throw new ArgumentException($"--every {every}: give 1 or more.");
            OutputPaths.Check(jsonPath, plotDirectory);
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("three-body", error.Message);
        }

        using var stop = new StopSignal("epoch");
        ThreeBodyReport report = ProgressDisplay.Run("three-body", update => ThreeBodyExperiment.Run(settings,
            (done, total, name, epoch) => update(done, total, Describe(name, epoch, settings.Epochs)), stop.Token));

        Console.Write(ThreeBodyTables.Render(report, every));
        if (!OutputPaths.TryWrite("three-body", jsonPath, path => ExperimentJson.Write(report, path),
                plotDirectory, folder => ThreeBodyPlots.Write(report, folder)))
            return ExitCodes.Failure;

        return CommandExit.AfterRun("three-body",
            [.. report.Fits.Where(f => f.Status != "Success").Select(f => $"the {f.Method} fit stopped after {f.EpochLog.Count} epochs: {f.Status}")],
            report.Header.Completed,
            $"stopped after {report.Fits.Sum(f => f.EpochLog.Count)} of {settings.TotalEpochs} epochs; the tables, JSON and plots hold those.");
    }

    private static string Describe(string method, ThreeBodyEpoch epoch, int epochs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{method} epoch {epoch.Epoch}/{epochs}: loss {epoch.Loss:0.000E+00}, m = ({epoch.Masses[0]:F4}, {epoch.Masses[1]:F4}, {epoch.Masses[2]:F4})");
}
