using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// One small classify run shared by the tests of a class (xunit class fixture): 48 real training and 32 test images,
/// 2 epochs, aca and resnet, seeds 1, 2, 3 (enough for a box with a median between two quartiles). It checks the
/// report, its JSON and plots, not the learning (<see cref="TrainingTests"/> trains for real). Seconds on 2 cores.
/// </summary>
public sealed class SmallClassificationRun
{
    public static ClassificationSettings Settings { get; } = new() { TrainSize = 48, TestSize = 32, Epochs = 2, BatchSize = 16, Workers = 2 };

    public static IReadOnlyList<BlockMethod> Methods { get; } = [BlockMethod.Aca, BlockMethod.ResNet];

    public static IReadOnlyList<int> Seeds { get; } = [1, 2, 3];

    public ClassificationReport Report { get; } = ClassificationExperiment.Run(Settings, Methods, Seeds, command: "aca classify --test");
}
