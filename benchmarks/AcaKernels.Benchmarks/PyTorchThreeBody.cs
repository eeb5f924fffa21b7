using System.Globalization;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Gradients;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Our side of the PyTorch comparator's three-body problem: the whole 100-epoch mass fit of `aca three-body`
/// (<see cref="ThreeBodyFitter"/> with ACA and the default <see cref="ThreeBodySettings"/>: 1000 observations on
/// [0, 1] from a 1e-12 solve, Adam lr 0.1 betas (0.5, 0.5) × 0.95 per epoch, Dopri5 rtol = atol = 1e-7), timed as
/// one run. With a directory it writes the data the PyTorch side fits to (times, observations, start masses, the
/// true masses) and our fitted masses, so both fit the same data from the same start.
/// </summary>
internal static class PyTorchThreeBody
{
    public static void Run(int repetitions, string? directory)
    {
        var settings = new ThreeBodySettings { Methods = [GradientMethod.Aca] };
        settings.Validate();
        // Set-up outside the timed fit, as the PyTorch side reads the same data from files before its clock starts.
        double[] times = ThreeBodySystem.Times(settings.ObservationCount, settings.EndTime);
        double[] observed = ThreeBodySystem.Solve(ThreeBodySystem.TrueMasses, times, settings.ObservationTolerance);
        var loss = new ThreeBodyLoss(times, observed, settings.LossDecay);
        double[] start = settings.StartMasses();

        ThreeBodyFit fit = ThreeBodyFitter.Fit(settings, GradientMethod.Aca, times, loss, start);
        if (fit.Status != "Success") throw new InvalidOperationException($"the three-body fit failed: {fit.Status}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"C# three-body: {fit.EpochLog.Count} epochs, {fit.LastEpochCost.AcceptedSteps} accepted / {fit.LastEpochCost.RejectedSteps} rejected steps in the last; " +
            $"masses ({fit.FinalMasses[0]:F6}, {fit.FinalMasses[1]:F6}, {fit.FinalMasses[2]:F6}), final loss {fit.FinalLoss:E2}"));
        if (directory is not null)
        {
            RawDoubles.Write(directory, "threebody_times", times);
            RawDoubles.Write(directory, "threebody_observed", observed);
            RawDoubles.Write(directory, "threebody_start", start);
            RawDoubles.Write(directory, "threebody_true", [.. ThreeBodySystem.TrueMasses]);
            RawDoubles.Write(directory, "threebody_z0", [.. ThreeBodySystem.InitialState]);
            RawDoubles.Write(directory, "threebody_ours_masses", [.. fit.FinalMasses]);
            Console.WriteLine($"C# three-body: data and fitted masses written to {directory}");
        }
        RunTimer.Report("C# three-body fit", warmups: 1, repetitions,
            () => ThreeBodyFitter.Fit(settings, GradientMethod.Aca, times, loss, start));
    }
}
