using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;

namespace AcaKernels.Cli;

/// <summary>
/// `aca demo`, part 3: a short three-body mass fit (<see cref="ThreeBodyExperiment"/>) by ACA, started 0.5 % from
/// the true masses, with the masses printed along the epochs. The settings are the experiment tests' small run
/// (100 observations, 25 epochs, Adam's rate scaled to the distance): about a fifth of a second.
/// </summary>
internal static class DemoThreeBody
{
    private static readonly ThreeBodySettings Settings = new()
    {
        Methods = [GradientMethod.Aca], ObservationCount = 100, Epochs = 25, InitialMasses = [1.105, 1.095, 0.905],
        Optimiser = new AdamSettings { LearningRate = 0.005, Beta1 = 0.5, Beta2 = 0.5, LearningRateDecay = 0.9 },
    };

    public static int Run()
    {
        var truth = ThreeBodySystem.TrueMasses;
        Console.WriteLine($"3. Three bodies under Newtonian gravity: learn the masses from {Settings.ObservationCount} observed positions on t ∈ [0, 1]");
        Console.WriteLine($"   (true masses ({truth[0]}, {truth[1]}, {truth[2]}), start {Masses(Settings.InitialMasses!)}; Adam, gradients by ACA through Dormand-Prince 5(4))");
        Console.WriteLine();
        Console.WriteLine($"   {"epoch",5} {"m1",9} {"m2",9} {"m3",9} {"loss",10}");
        ThreeBodyReport report = ThreeBodyExperiment.Run(Settings, (_, _, _, epoch) =>
        {
            if (epoch.Epoch == 1 || epoch.Epoch % 5 == 0)
                Console.WriteLine($"   {epoch.Epoch,5} {epoch.Masses[0],9:F6} {epoch.Masses[1],9:F6} {epoch.Masses[2],9:F6} {epoch.Loss,10:E2}");
        });
        ThreeBodyFit fit = report.Fits[0];
        if (fit.Status != "Success")
        {
            Console.Error.WriteLine($"aca demo: the three-body fit stopped: {fit.Status}");
            return 1;
        }
        Console.WriteLine($"   largest relative mass error after {fit.EpochLog.Count} epochs: {fit.MaxRelativeMassError:E1} ({fit.Seconds:F2} s)");
        Console.WriteLine();
        return 0;
    }

    private static string Masses(IReadOnlyList<double> masses) => $"({string.Join(", ", masses)})";
}
