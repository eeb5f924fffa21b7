using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// `aca three-body`: learn the three masses inside known Newtonian physics from observed positions, as in the
/// ACA paper's §5.3. The observations come from a tight-tolerance solve with the true masses; every method then
/// fits from the same start masses with the same loss, optimiser and schedule (<see cref="ThreeBodyFitter"/>).
/// </summary>
public static class ThreeBodyExperiment
{
    /// <summary>Runs the fits. Stops between epochs when <paramref name="cancel"/> fires and returns the epochs
    /// finished so far (<see cref="ExperimentHeader.Completed"/> = false).</summary>
    /// <param name="settings">Validated first.</param>
    /// <param name="progress">Called after each epoch with the epochs done over all methods, their total, the method
    /// and the epoch.</param>
    /// <param name="cancel">Stops the run between epochs.</param>
    public static ThreeBodyReport Run(ThreeBodySettings settings, Action<int, int, string, ThreeBodyEpoch>? progress = null,
        CancellationToken cancel = default)
    {
        settings.Validate();
        RunInfo run = RunInfo.Capture();
        double[] times = ThreeBodySystem.Times(settings.ObservationCount, settings.EndTime);
        double[] observed = ThreeBodySystem.Solve(ThreeBodySystem.TrueMasses, times, settings.ObservationTolerance);
        var loss = new ThreeBodyLoss(times, observed, settings.LossDecay);
        double[] start = settings.StartMasses();

        var fits = new List<ThreeBodyFit>(settings.Methods.Count);
        int done = 0;
        foreach (GradientMethod method in settings.Methods)
        {
            if (cancel.IsCancellationRequested) break;
            string name = MethodNames.Name(method);
            ThreeBodyFit fit = ThreeBodyFitter.Fit(settings, method, times, loss, start,
                epoch => progress?.Invoke(++done, settings.TotalEpochs, name, epoch), cancel);
            fits.Add(fit);
            done += settings.Epochs - fit.EpochLog.Count;   // a failed fit's missing epochs count as done
        }
        bool completed = !cancel.IsCancellationRequested && fits.Count == settings.Methods.Count;
        return new ThreeBodyReport
        {
            Header = ExperimentHeader.For("three-body", run, completed), Tableau = ThreeBodyFitter.Options(settings.Tolerance, GradientMethod.Aca).EffectiveTableau.Name,
            Tolerance = settings.Tolerance, ObservationTolerance = settings.ObservationTolerance,
            ObservationCount = settings.ObservationCount, EndTime = settings.EndTime, LossDecay = settings.LossDecay,
            Epochs = settings.Epochs, Seed = settings.Seed, Optimiser = settings.Optimiser,
            TrueMasses = ThreeBodySystem.TrueMasses, InitialMasses = start, Fits = fits,
        };
    }
}
