using System.CommandLine;
using System.Globalization;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.Toy;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca toy`: the ACA paper's toy problem over α × T × tolerance × method (<see cref="ToyExperiment"/>).</summary>
internal static class ToyCommand
{
    public static Command Create()
    {
        var defaults = new ToySettings();
        var alphas = Numbers("--alpha", "A", "Rates α of dz/dt = αz.", defaults.Alphas);
        var endTimes = Numbers("--t-end", "T", "End times T.", defaults.EndTimes);
        var tolerances = Numbers("--tol", "TOL", "Tolerances (each used as rtol = atol).", defaults.Tolerances);
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed runs of each solve + gradient after one warm-up; the fastest is reported.",
            DefaultValueFactory = _ => defaults.Repeats,
        };
        Option<string> method = CommonOptions.Method();
        Option<string?> json = CommonOptions.Json();
        Option<string?> plotDirectory = CommonOptions.PlotDirectory();
        var command = new Command("toy",
            "The ACA paper's toy problem dz/dt = αz, z(0) = 1, L = z(T)², whose gradient is known exactly: for each α, " +
            "T and tolerance, the relative error of dL/dα from aca, adjoint and naive against the analytic gradient and " +
            "against the discrete gradient of the steps actually taken (complex step), and the cost (steps, " +
            "evaluations, µs). Dormand-Prince 5(4). Prints two tables; --json and --plot-dir keep everything. Nothing in it is " +
            "random (a fixed grid, z0 = 1, exact references), so it takes no --seed: a rerun prints the same errors; only the µs vary.")
        {
            alphas, endTimes, tolerances, method, repeats, json, plotDirectory,
        };
        command.SetAction(parsed => Execute(
            new ToySettings
            {
                Alphas = parsed.GetValue(alphas)!, EndTimes = parsed.GetValue(endTimes)!,
                Tolerances = parsed.GetValue(tolerances)!, Repeats = parsed.GetValue(repeats),
                Methods = CommonOptions.Methods(parsed.GetValue(method)!),
            },
            parsed.GetValue(json), parsed.GetValue(plotDirectory)));
        return command;
    }

    private static Option<double[]> Numbers(string name, string helpName, string description, IReadOnlyList<double> defaults) => new(name)
    {
        Description = $"{description} One or more values.",
        HelpName = helpName,
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        DefaultValueFactory = _ => [.. defaults],
    };

    private static int Execute(ToySettings settings, string? jsonPath, string? plotDirectory)
    {
        try
        {
            settings.Validate();
            OutputPaths.Check(jsonPath, plotDirectory);
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("toy", error.Message);
        }

        using var stop = new StopSignal();
        ToyReport report = ProgressDisplay.Run("toy", update => ToyExperiment.Run(settings,
            (done, total, cell) => update(done, total, Describe(cell)), stop.Token));

        Console.Write(ToyTables.Render(report));
        if (!OutputPaths.TryWrite("toy", jsonPath, path => ExperimentJson.Write(report, path),
                plotDirectory, folder => ToyPlots.Write(report, folder)))
            return ExitCodes.Failure;

        // One line for all failed solves: a sweep has many cells, and the JSON holds each one's status.
        int failed = report.Measurements.Count(m => m.Status != "Success");
        return CommandExit.AfterRun("toy",
            failed > 0 ? [$"{failed} of {report.Measurements.Count} solves failed; their status is in the JSON (--json)."] : [],
            report.Completed,
            $"stopped after {report.Measurements.Count} of {settings.Count} measurements; the tables, JSON and plots hold those.");
    }

    private static string Describe(ToyMeasurement cell) =>
        $"α = {Format(cell.Alpha)}, T = {Format(cell.EndTime)}, tol = {Format(cell.Tolerance)}, {cell.Method}: " +
        (cell.ErrorAlphaVsAnalytic is { } error ? $"error {error:0.0E+00}" : cell.Status);

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
