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
            return CommandExit.UsageError("three-body", error.Message);
        }

        using var stop = new StopSignal("epoch");
        ForceReport report = ProgressDisplay.Run("three-body mlp", update => ForceExperiment.Run(settings,
            (done, total, fit, epoch) => update(done, total, string.Create(CultureInfo.InvariantCulture,
                $"{fit} epoch {epoch.Epoch}/{settings.Epochs}: loss {epoch.Loss:0.000E+00}")), stop.Token));

        Console.Write(ForceTables.Render(report));
        if (!OutputPaths.TryWrite("three-body", jsonPath, path => ExperimentJson.Write(report, path),
                plotDirectory, folder => ForcePlots.Write(report, folder)))
            return ExitCodes.Failure;

        return CommandExit.AfterRun("three-body",
            [.. report.Fits.Where(f => f.Status != "Success")
                .Select(f => $"the {f.Model} fit by {f.Method} stopped after {f.EpochLog.Count} epochs: {f.Status}")],
            report.Header.Completed,
            $"stopped after {report.Fits.Sum(f => f.EpochLog.Count)} of {settings.TotalEpochs} epochs; the table, JSON and plots hold those.");
    }
}
