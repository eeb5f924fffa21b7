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
    public void Run_AcaAtTightTolerance_GradientEqualsTheContinuousAdjointOverEveryParameter()
    {
        // The ResNet test above checks the chain (front, ensemble ACA gradient, head) exactly against central
        // differences. With adaptive steps, finite differences of the loss also see the steps move with θ (the
        // loss jitters at about the tolerance, which a quotient amplifies by 1/h), so the adaptive ACA gradient is
        // checked instead against the continuous adjoint, an independent backward ODE solve: at rtol = atol = 1e-9
        // (Dormand-Prince 5) both are within ~1e-8 of the exact gradient of the ODE model; 1e-6 of the gradient's
        // largest entry is the bar, over all of θ.
        var settings = new ClassificationSettings { Tolerance = 1e-9, Tableau = AcaKernels.Tableaus.RungeKuttaMethod.DormandPrince5, Workers = 2 };
        double[] aca = Gradient(settings, BlockMethod.Aca), adjoint = Gradient(settings, BlockMethod.Adjoint);
        double scale = aca.Max(Math.Abs);
        Assert.True(scale > 1e-3);
        for (int k = 0; k < aca.Length; k++)
            Assert.True(Math.Abs(aca[k] - adjoint[k]) <= 1e-6 * scale, $"θ[{k}]: ACA {aca[k]}, adjoint {adjoint[k]}");
    }

    [Fact]
    public void Run_TrainingBatchAfterWarmUp_AllocatesNothingOnTheCallingThread()
    {
        // The hot path of training: front, ensemble ACA solve and gradient, head, all in buffers made once. The
        // first calls create the batch's training and inference ensembles and let the checkpoint arena grow; after
        // that a batch allocates nothing (the ensemble's worker threads are checked by AcaKernels.Tests).
        using var network = new ConvOdeNetwork(new ClassificationSettings { Workers = 2 }, BlockMethod.Aca, Batch.Length);
        double[] theta = network.InitialParameters(3), gradient = new double[network.ParameterCount];
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            network.Run(Images, Batch, theta, gradient);
            network.Run(Images, Batch, theta, []);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Run(Images, Batch, theta, gradient);
        network.Run(Images, Batch, theta, []);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double[] Gradient(ClassificationSettings settings, BlockMethod method)
    {
        using var network = new ConvOdeNetwork(settings, method, Batch.Length);
        double[] theta = network.InitialParameters(3), gradient = new double[network.ParameterCount];
        network.Run(Images, Batch, theta, gradient);
        return gradient;
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
            // Ten parameters of each layer at random, and the layer's last one (a bias).
            int[] indices = [.. Enumerable.Range(0, 10).Select(_ => random.Next(starts[layer], ends[layer])), ends[layer] - 1];
            foreach (int k in indices)
                Assert.True(Math.Abs(LayerGradientTests.Central(theta, k, h, Loss) - gradient[k]) <= tolerance,
                    $"θ[{k}] (layer {layer}): backward {gradient[k]}, central difference {LayerGradientTests.Central(theta, k, h, Loss)}");
        }
    }
}
