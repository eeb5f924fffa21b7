using System.Globalization;
using AcaKernels.Experiments.Reporting;
using AcaKernels.Experiments.ThreeBodyForce;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca three-body --variant mlp`: physics alone vs physics + MLP on a force the physics lacks
/// (<see cref="ForceExperiment"/>): progress, the comparison table, JSON and plots.</summary>
internal static class ThreeBodyForceRun
{
    public static int Execute(ForceSettings settings, string? jsonPath, string? plotDirectory)
    {
        try
        {
            settings.Validate();
            OutputPaths.Check(jsonPath, plotDirectory);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"aca three-body: error: {error.Message}");
            Console.Error.WriteLine("Run 'aca three-body --help' for usage.");
            return ExitCodes.Usage;
        }

        using var stop = new StopSignal("epoch");
        ForceReport report = ProgressDisplay.Run("three-body mlp", update => ForceExperiment.Run(settings,
            (done, total, fit, epoch) => update(done, total, string.Create(CultureInfo.InvariantCulture,
                $"{fit} epoch {epoch.Epoch}/{settings.Epochs}: loss {epoch.Loss:0.000E+00}")), stop.Token));

        Console.Write(ForceTables.Render(report));
        if (!OutputPaths.TryWrite("three-body", jsonPath, path => ExperimentJson.Write(report, path),
                plotDirectory, folder => ForcePlots.Write(report, folder)))
            return ExitCodes.Failure;

        var failed = report.Fits.Where(f => f.Status != "Success").ToArray();
        foreach (ForceFit fit in failed)
            Console.Error.WriteLine($"aca three-body: the {fit.Model} fit by {fit.Method} stopped after {fit.EpochLog.Count} epochs: {fit.Status}");
        if (!report.Header.Completed)
        {
            Console.Error.WriteLine($"aca three-body: stopped after {report.Fits.Sum(f => f.EpochLog.Count)} of {settings.TotalEpochs} epochs; the table, JSON and plots hold those.");
            return ExitCodes.Interrupted;
        }
        return failed.Length > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
