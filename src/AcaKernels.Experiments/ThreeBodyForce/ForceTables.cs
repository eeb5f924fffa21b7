using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>The text table of `aca three-body --variant mlp`: per method and model, the fitted masses, the final
/// loss, the RMS position error inside the observation window and beyond it, and the time taken.</summary>
public static class ForceTables
{
    /// <summary>The comparison table and its legend.</summary>
    public static string Render(ForceReport report)
    {
        string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        var table = new TextTable(
            $"Physics alone vs physics + MLP ({report.HiddenUnits} tanh units): fitted on [0, {Number(report.EndTime)}] " +
            $"({report.ObservationCount} observations, {report.Epochs} epochs, Adam lr {Number(report.Optimiser.LearningRate)} " +
            $"x {Number(report.Optimiser.LearningRateDecay)} per epoch; {report.Tableau} rtol = atol = {Scientific(report.Tolerance)}), " +
            $"extrapolated to {Number(report.ExtrapolationEndTime)}",
            "method", "model", "params", "epochs", "m1", "m2", "m3", "final loss", "rms fit", "rms extrap", "ms/epoch", "s total", "status");
        foreach (ForceFit fit in report.Fits)
        {
            table.Add(fit.Method, fit.Model, fit.ParameterCount.ToString(CultureInfo.InvariantCulture),
                fit.EpochLog.Count.ToString(CultureInfo.InvariantCulture),
                Mass(fit.FinalMasses[0]), Mass(fit.FinalMasses[1]), Mass(fit.FinalMasses[2]),
                Optional(fit.FinalLoss), Optional(fit.FitRmsError), Optional(fit.ExtrapolationRmsError),
                (fit.EpochMicroseconds / 1000).ToString("F2", CultureInfo.InvariantCulture),
                fit.Seconds.ToString("F2", CultureInfo.InvariantCulture), fit.Status == "Success" ? "ok" : "failed");
        }
        return table.ToString() +
            $"(truth: Newtonian gravity with masses ({string.Join(", ", report.TrueMasses.Select(Mass))}) plus a dust cloud's pull " +
            $"-{Number(report.CloudStrength)} r_i, which the physics model lacks;\n" +
            $" rms fit / rms extrap: RMS position error against the truth on [0, {Number(report.EndTime)}] and on " +
            $"({Number(report.EndTime)}, {Number(report.ExtrapolationEndTime)}], units of r_nd; ms/epoch: solve + gradient, mean)\n";
    }

    private static string Mass(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Scientific(double value) => value.ToString("0.0E+00", CultureInfo.InvariantCulture);

    private static string Optional(double? value) => value is { } v ? Scientific(v) : "-";
}
