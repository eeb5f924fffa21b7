using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// `aca three-body --variant mlp`: the physics-plus-network model. The observed bodies move inside a dust cloud
/// whose pull the Newtonian model lacks (<see cref="CloudThreeBodyDynamics"/>). Per gradient method two models are
/// fitted to the positions on [0, EndTime] from the same start masses: the physics alone (its masses can only
/// bend to mimic the missing pull) and the physics plus a tanh MLP force field
/// (<see cref="HybridThreeBodyDynamics"/>); then both are run on to ExtrapolationEndTime, where no data were seen,
/// and their position errors compared.
/// </summary>
/// <remarks>Why an unknown force and not unknown masses: with only the masses unknown the physics model already
/// contains the truth, and a network beside it has nothing to learn. A missing force is the case a hybrid model is
/// for (Zhuang et al., ICML 2020, §5.3 compares a physics model with a learned one on this three-body problem).</remarks>
public static class ForceExperiment
{
    /// <summary>Model names in the report and tables.</summary>
    public const string PhysicsModel = "physics", HybridModel = "physics+mlp";

    /// <summary>Runs the fits. Stops between epochs when <paramref name="cancel"/> fires and returns what finished
    /// (<see cref="ExperimentHeader.Completed"/> = false).</summary>
    /// <param name="progress">Called after each epoch with the epochs done over all fits, their total, the fit
    /// ("physics+mlp aca") and the epoch.</param>
    public static ForceReport Run(ForceSettings settings, Action<int, int, string, ForceEpoch>? progress = null,
        CancellationToken cancel = default)
    {
        settings.Validate();
        RunInfo run = RunInfo.Capture();
        double[] times = ThreeBodySystem.Times(settings.ObservationCount, settings.EndTime);
        double[] observed = ForceSystem.Solve<CloudThreeBodyDynamics.RhsOde>(ThreeBodySystem.TrueMasses, times, settings.ObservationTolerance);
        var loss = new ThreeBodyLoss(times, observed, settings.LossDecay);
        var evaluation = new ForceEvaluation(ThreeBodySystem.TrueMasses, settings.EvaluationCount, settings.EndTime,
            settings.ExtrapolationEndTime, settings.ObservationTolerance);
        double[] masses = settings.StartMasses();
        double[] hybridStart = ForceNetwork.Initial(masses, settings.Seed);

        var fits = new List<ForceFit>(2 * settings.Methods.Count);
        int done = 0;
        foreach (GradientMethod method in settings.Methods)
        {
            string name = MethodNames.Name(method);
            for (int model = 0; model < 2 && !cancel.IsCancellationRequested; model++)
            {
                string label = model == 0 ? PhysicsModel : HybridModel;
                Action<ForceEpoch> onEpoch = epoch => progress?.Invoke(++done, settings.TotalEpochs, $"{label} {name}", epoch);
                ForceFit fit = model == 0
                    ? ForceFitter.Fit<ThreeBodyDynamics.RhsOde>(label, settings, method, times, loss, masses, evaluation, onEpoch, cancel)
                    : ForceFitter.Fit<HybridThreeBodyDynamics.RhsOde>(label, settings, method, times, loss, hybridStart, evaluation, onEpoch, cancel);
                fits.Add(fit);
                done += settings.Epochs - fit.EpochLog.Count;   // a failed fit's missing epochs count as done
            }
        }
        bool completed = !cancel.IsCancellationRequested && fits.Count == 2 * settings.Methods.Count;
        return new ForceReport
        {
            Header = ExperimentHeader.For("three-body-force", run, completed),
            Tableau = ThreeBodyFitter.Options(settings.Tolerance, GradientMethod.Aca).EffectiveTableau.Name,
            Tolerance = settings.Tolerance, ObservationTolerance = settings.ObservationTolerance,
            ObservationCount = settings.ObservationCount, EndTime = settings.EndTime,
            ExtrapolationEndTime = settings.ExtrapolationEndTime, EvaluationCount = settings.EvaluationCount,
            LossDecay = settings.LossDecay, Epochs = settings.Epochs, Seed = settings.Seed, Optimiser = settings.Optimiser,
            TrueMasses = ThreeBodySystem.TrueMasses, CloudStrength = CloudThreeBodyDynamics.CloudStrength,
            HiddenUnits = ForceNetwork.Hidden, InitialMasses = masses, Fits = fits,
        };
    }
}
