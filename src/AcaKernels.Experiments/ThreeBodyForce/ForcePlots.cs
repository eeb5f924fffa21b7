using AcaKernels.Experiments.Plotting;
using AcaKernels.Experiments.ThreeBody;
using ScottPlot;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The PNGs of the unknown-force variant: the loss along the epochs, one line per model and method
/// (three-body-force-loss.png), and per method the orbits in the x-y plane over [0, extrapolation end]: true
/// (solid), physics alone (dotted), physics + MLP (dashed), with a dot where the observations end
/// (three-body-force-orbits-{method}.png).
/// </summary>
public static class ForcePlots
{
    /// <summary>Size of every PNG, pixels.</summary>
    public const int Width = 900, Height = 560;

    private static readonly Color[] MethodColors = [Colors.Blue, Colors.OrangeRed, Colors.Green];
    private static readonly Color[] BodyColors = [Colors.Blue, Colors.OrangeRed, Colors.Green];

    /// <summary>Writes the plots into <paramref name="folder"/> and returns their paths; the orbits are solved again
    /// here at the observation tolerance.</summary>
    public static IReadOnlyList<string> Write(ForceReport report, string folder)
    {
        var paths = new List<string>();
        var loss = new LogLogChart("Three-body with an unknown force: loss along the epochs", "epoch",
            "loss (sum of squared position errors)", logX: false);
        string[] methods = [.. report.Fits.Select(f => f.Method).Distinct()];
        foreach (ForceFit fit in report.Fits)
            loss.Add($"{fit.Model} ({fit.Method})", [.. fit.EpochLog.Select(e => (double)e.Epoch)],
                [.. fit.EpochLog.Select(e => (double?)e.Loss)], MethodColors[Array.IndexOf(methods, fit.Method) % MethodColors.Length],
                dashed: fit.Model == ForceExperiment.HybridModel);
        paths.Add(Save(folder, "three-body-force-loss.png", loss.Save));

        var evaluation = new ForceEvaluation(report.TrueMasses, report.EvaluationCount, report.EndTime,
            report.ExtrapolationEndTime, report.ObservationTolerance);
        int split = Array.FindIndex(evaluation.Times, t => t > report.EndTime) - 1;
        foreach (string method in methods)
        {
            var chart = new LineChart($"Three-body orbits (x-y), fitted on [0, {report.EndTime:0.##}] by {method}, run on to {report.ExtrapolationEndTime:0.##}",
                "x (units of r_nd = 5.326e12 m)", "y (units of r_nd)", equalScale: true);
            ForceFit? physics = report.Fits.FirstOrDefault(f => f.Method == method && f.Model == ForceExperiment.PhysicsModel);
            ForceFit? hybrid = report.Fits.FirstOrDefault(f => f.Method == method && f.Model == ForceExperiment.HybridModel);
            double[]? physicsStates = physics is null ? null : evaluation.States<ThreeBodyDynamics.RhsOde>(physics.FinalParameters);
            double[]? hybridStates = hybrid is null ? null : evaluation.States<HybridThreeBodyDynamics.RhsOde>(hybrid.FinalParameters);
            for (int body = 0; body < 3; body++)
            {
                Color color = BodyColors[body];
                ThreeBodyPlots.Orbit(chart, $"body {body + 1} true", evaluation.Truth, body, color, LinePattern.Solid, 3);
                if (physicsStates is not null)
                    ThreeBodyPlots.Orbit(chart, $"body {body + 1} physics alone", physicsStates, body, color.WithAlpha(0.6), LinePattern.Dotted, 2);
                if (hybridStates is not null)
                    ThreeBodyPlots.Orbit(chart, $"body {body + 1} physics + MLP", hybridStates, body, color.Darken(0.4), LinePattern.Dashed, 2);
                int row = split * ThreeBodyDynamics.StateSize + 3 * body;
                chart.Mark(evaluation.Truth[row], evaluation.Truth[row + 1], color);
            }
            paths.Add(Save(folder, $"three-body-force-orbits-{method}.png", chart.Save));
        }
        return paths;
    }

    private static string Save(string folder, string name, Action<string, int, int> save) =>
        PngFile.SaveInto(folder, name, save, Width, Height);
}
