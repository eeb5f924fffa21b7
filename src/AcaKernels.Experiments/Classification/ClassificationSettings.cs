using AcaKernels.Experiments.Training;
using AcaKernels.Tableaus;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// One training run of the Fashion-MNIST classifier: data slice, block method and solver, optimiser, batches,
/// epochs, seed. Defaults: the paper's solver setting (RK12 = Heun-Euler 2(1), rtol = atol = 1e-2), Adam at
/// lr 1e-2 decaying ×0.8 per epoch, batches of 32; 800 training and 1,000 test images, 3 epochs. That size makes
/// `aca classify --method all` with its 5 default seeds finish in under 30 minutes on 2 cores: measured 2026-12-01 on
/// this machine at load ~70-100 (2 cores shared with other builds), one seed of all four methods at 1,000 training
/// images took 366 s (aca ~36 s per epoch, adjoint and naive ~33, resnet ~8, a 1,000-image test ~2.5 s), so 800
/// images take ~300 s per seed, ~25 minutes for 5; a quiet machine is about 3 times faster.
/// </summary>
public sealed record ClassificationSettings
{
    /// <summary>Training images: the first this many of the training file.</summary>
    public int TrainSize { get; init; } = 800;
    /// <summary>Test images: the first this many of the test file.</summary>
    public int TestSize { get; init; } = 1000;
    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 3;
    /// <summary>Images per mini-batch (the last batch of an epoch holds the remainder).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Seed of the initial weights and of the epochs' shuffles.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>The ODE block's Runge-Kutta method (adaptive).</summary>
    public RungeKuttaMethod Tableau { get; init; } = RungeKuttaMethod.HeunEuler;
    /// <summary>rtol = atol of the ODE block.</summary>
    public double Tolerance { get; init; } = 1e-2;
    /// <summary>Residual blocks K of the ResNet baseline (z ← z + f(z)/K, K times).</summary>
    public int ResNetBlocks { get; init; } = 4;
    /// <summary>Threads of the block's ensemble; null for every core.</summary>
    public int? Workers { get; init; }
    /// <summary>The folder of the four gzip IDX files; null for Debian's (<see cref="FashionMnist.DefaultDirectory"/>).</summary>
    public string? DataDirectory { get; init; }
    /// <summary>The optimiser (its decay applies per epoch).</summary>
    public AdamSettings Optimiser { get; init; } = new() { LearningRate = 1e-2, LearningRateDecay = 0.8 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot run and its range.</summary>
    public void Validate()
    {
        if (TrainSize < 1 || TrainSize > FashionMnist.TrainingCount)
            throw new ArgumentException($"train size {TrainSize} is not in [1, {FashionMnist.TrainingCount}].");
        if (TestSize < 1 || TestSize > FashionMnist.TestCount)
            throw new ArgumentException($"test size {TestSize} is not in [1, {FashionMnist.TestCount}].");
        if (Epochs < 1 || Epochs > 10_000) throw new ArgumentException($"epochs = {Epochs} is not in [1, 10000].");
        if (BatchSize < 1 || BatchSize > 4096) throw new ArgumentException($"batch size {BatchSize} is not in [1, 4096].");
        if (!ButcherTableaus.Get(Tableau).IsAdaptive)
            throw new ArgumentException($"{Tableau} is a fixed-step method; the ODE block needs an adaptive one (HeunEuler = RK12, BogackiShampine3, DormandPrince5, …).");
        if (!(Tolerance >= 1e-10 && Tolerance <= 0.5))
            throw new ArgumentException($"tolerance {Tolerance} is not in [1e-10, 0.5].");
        if (ResNetBlocks < 1 || ResNetBlocks > 1000) throw new ArgumentException($"ResNet blocks {ResNetBlocks} is not in [1, 1000].");
        if (Workers is < 1) throw new ArgumentException($"workers = {Workers} is not at least 1 (leave it unset for every core).");
        Optimiser.Validate();
    }
}
