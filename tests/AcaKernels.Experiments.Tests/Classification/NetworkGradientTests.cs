using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// The whole network's gradient (front, block, head chained) against central differences of its mean loss on
/// real images, at parameters spread over every layer.
/// </summary>
public sealed class NetworkGradientTests
{
    private static readonly ImageSet Images = FashionMnist.LoadTraining(4);
    private static readonly int[] Batch = [0, 1, 2, 3];

    [Fact]
    public void Run_ResNet_GradientEqualsCentralDifferences()
    {
        // Fixed steps: the loss is a fixed composition of smooth maps and ReLUs, so central differences (h = 1e-6)
        // agree with the exact backpropagation up to rounding, ε·|L|/h ≈ 1e-9; 1e-7 leaves room for the many terms.
        Check(new ClassificationSettings { Workers = 2 }, BlockMethod.ResNet, h: 1e-6, tolerance: 1e-7);
    }

    [Fact]
    public void Run_AcaAtTightTolerance_GradientEqualsCentralDifferences()
    {
        // ACA differentiates the discrete solve with its steps held; the finite differences also see the step sizes
        // move with θ. At rtol = atol = 1e-8 both are within ~1e-6 of the exact ODE gradient (the solution error
        // is ~1e-8 relative and its θ-derivative of the same order), and h = 1e-4 keeps the solver's ~1e-9 loss
        // jitter at 1e-5 in the quotient: 2e-5 absolute on derivatives of size up to ~0.5 is a safe bar.
        Check(new ClassificationSettings { Tolerance = 1e-8, Workers = 2 }, BlockMethod.Aca, h: 1e-4, tolerance: 2e-5);
    }

    private static void Check(ClassificationSettings settings, BlockMethod method, double h, double tolerance)
    {
        using var network = new ConvOdeNetwork(settings, method, Batch.Length);
        double[] theta = network.InitialParameters(3), gradient = new double[network.ParameterCount];
        network.Run(Images, Batch, theta, gradient);
        double Loss() => network.Run(Images, Batch, theta, []).LossSum / Batch.Length;

        int[] starts = [0, network.Down2Offset, network.BlockOffset, network.BlockOffset + ConvOdeBlock.W2Offset, network.HeadOffset];
        int[] ends = [network.Down2Offset, network.BlockOffset, network.BlockOffset + ConvOdeBlock.W2Offset, network.HeadOffset, network.ParameterCount];
        var random = new Random(4);
        for (int layer = 0; layer < starts.Length; layer++)
        {
            // Ten parameters per layer at random, and the layer's last one (a bias).
            int[] indices = [.. Enumerable.Range(0, 10).Select(_ => random.Next(starts[layer], ends[layer])), ends[layer] - 1];
            foreach (int k in indices)
                Assert.True(Math.Abs(LayerGradientTests.Central(theta, k, h, Loss) - gradient[k]) <= tolerance,
                    $"θ[{k}] (layer {layer}): backward {gradient[k]}, central difference {LayerGradientTests.Central(theta, k, h, Loss)}");
        }
    }
}
