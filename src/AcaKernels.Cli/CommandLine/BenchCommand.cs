using System.CommandLine;
using AcaKernels.Experiments.Bench;
using AcaKernels.Experiments.Reporting;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca bench`: a quick, honest speed table of this machine (<see cref="BenchRunner"/>).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var defaults = new BenchSettings();
        var trajectories = new Option<int>("--trajectories")
        {
            Description = "Trajectories of the ensemble rows.",
            HelpName = "B",
            DefaultValueFactory = _ => defaults.Trajectories,
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed samples of every row after one warm-up; the median is reported.",
            DefaultValueFactory = _ => defaults.Repeats,
        };
        Option<int> threads = CommonOptions.Threads();
        Option<string?> json = CommonOptions.Json();
        var command = new Command("bench",
            "A quick speed table of this machine: Lorenz-63 forward solve and solve + ACA gradient (Dormand-Prince 5(4)), " +
            "one trajectory on the scalar solver, and an ensemble on scalar workers and in SIMD lanes (AVX-512), on one " +
            "thread and on --threads; medians over --repeats, with /proc/loadavg before and after. The GPU ensemble is " +
            "timed by 'aca ensemble --backend opencl|cuda' (the table says so). For rigorous numbers: BenchmarkDotNet " +
            "(benchmarks/AcaKernels.Benchmarks) and benchmarks/RESULTS.md.")
        {
            trajectories, repeats, threads, json,
        };
        command.SetAction(parsed => Execute(
            defaults with { Trajectories = parsed.GetValue(trajectories), Repeats = parsed.GetValue(repeats), Threads = parsed.GetValue(threads) },
            parsed.GetValue(json)));
        return command;
    }

    private static int Execute(BenchSettings settings, string? jsonPath)
    {
        try
        {
            settings.Validate();
            OutputPaths.Check(jsonPath, null);
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("bench", error.Message);
        }

        using var stop = new StopSignal("row");
        BenchReport report = ProgressDisplay.Run("bench", update => BenchRunner.Run(settings,
            (done, total, row) => update(done, total, row.Threads == 0 ? $"{row.Engine}: not run" : $"{row.Engine}, {row.Threads} thread(s): {row.Status}"), stop.Token));

        Console.Write(BenchTables.Render(report));
        if (!OutputPaths.TryWrite("bench", jsonPath, path => ExperimentJson.Write(report, path)))
            return ExitCodes.Failure;
        // A row that failed is a measurement with its status in the table, not a failed run.
        return CommandExit.AfterRun("bench", [], report.Completed, $"stopped after {report.Rows.Count} rows; the table and JSON hold those.");
    }
}
