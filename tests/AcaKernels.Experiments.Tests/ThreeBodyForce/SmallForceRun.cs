using AcaKernels.Experiments.ThreeBodyForce;

namespace AcaKernels.Experiments.Tests.ThreeBodyForce;

/// <summary>
/// One small unknown-force run shared by a test class: 50 observations on [0, 1], all three methods, 120 epochs per
/// model, otherwise the defaults (start masses 1 ± 0.1 seeded, Adam lr 0.02 × 0.99 per epoch). A few seconds on 2 cores;
/// shared by the test classes of <see cref="SmallForceRunCollection"/>.
/// </summary>
public sealed class SmallForceRun
{
    public static ForceSettings Settings { get; } = new() { ObservationCount = 50, Epochs = 120, EvaluationCount = 201 };

    public ForceReport Report { get; } = ForceExperiment.Run(Settings);
}

/// <summary>The fit and output tests share one <see cref="SmallForceRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SmallForceRunCollection : ICollectionFixture<SmallForceRun>
{
    public const string Name = "small unknown-force run";
}
