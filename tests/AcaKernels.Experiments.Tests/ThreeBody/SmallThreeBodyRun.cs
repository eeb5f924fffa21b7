using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.Tests.ThreeBody;

/// <summary>
/// One small three-body run shared by the tests of a class (xunit class fixture): 100 observations on [0, 1],
/// all three methods, 25 epochs started 0.5 % from the true masses, with Adam's rate scaled down to that distance
/// (lr 0.005, × 0.9 per epoch) since Adam's first steps have the size of the rate whatever the gradient.
/// About a second on 2 cores.
/// </summary>
public sealed class SmallThreeBodyRun
{
    public static ThreeBodySettings Settings { get; } = new()
    {
        ObservationCount = 100, Epochs = 25, InitialMasses = [1.105, 1.095, 0.905],
        Optimiser = new AdamSettings { LearningRate = 0.005, Beta1 = 0.5, Beta2 = 0.5, LearningRateDecay = 0.9 },
    };

    public ThreeBodyReport Report { get; } = ThreeBodyExperiment.Run(Settings);
}
