using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.TimeSeries;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Tests.TimeSeries;

/// <summary>
/// The gradient the training uses — of the whole loss (MSE at the fitted points of every spiral) with respect to the
/// shared MLP weights and each spiral's start — against central finite differences of that loss, on a small case:
/// 3 spirals on [0, 1.5] at rtol = atol = 1e-10.
/// </summary>
public sealed class SpiralGradientTests
{
    private static readonly TimeSeriesSettings Small = new()
    {
        Trajectories = 3, TrainEnd = 1.5, ExtrapolationEnd = 2, MeanGap = 0.3, Seed = 3, Tolerance = 1e-10, Threads = 1,
    };

    /// <summary>Weights of both layers (first, middle, last), biases, and every component of two starts, the
    /// augmented ones included (they reach the loss only through the MLP).</summary>
    private static readonly int[] Checked =
    [
        0, 57, SpiralOde.Input.Inputs * SpiralOde.Input.Outputs - 1, SpiralOde.Input.BiasOffset + 3,
        SpiralOde.Output.Offset, SpiralOde.Output.Offset + 70, SpiralOde.Output.BiasOffset, SpiralOde.Output.BiasOffset + 3,
        SpiralOde.ParameterSize, SpiralOde.ParameterSize + 1, SpiralOde.ParameterSize + 2, SpiralOde.ParameterSize + 3,
        SpiralOde.ParameterSize + 4 + 2, SpiralOde.ParameterSize + 8 + 3,
    ];

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Adjoint)]
    [InlineData(GradientMethod.Naive)]
    public void Gradient_OfTheTrainingLoss_MatchesCentralDifferences(GradientMethod method)
    {
        SpiralData data = SpiralData.Generate(Small);
        double[] parameters = Start(data);
        using var objective = new SpiralObjective(data, TimeSeriesTrainer.Options(Small.Tolerance, method), threads: 1);
        var gradient = new double[objective.Size];
        Assert.True(objective.TryEvaluate(parameters, gradient, out _, out string failure), failure);

        // Error budget, relative to the largest gradient component: central differences with h = 1e-5 have
        // truncation error ~h²·|L'''| ≈ 1e-10 and rounding ~ε·|L|/h ≈ 1e-11; at rtol = 1e-10 the solve — and so the
        // step sizes the differences see moving, and the continuous adjoint's re-solve — is exact to ~1e-10
        // relative. 1e-6 is far above all of these and far below any mistake in a gradient (O(1)).
        const double h = 1e-5;
        double scale = gradient.Max(Math.Abs);
        Assert.True(scale > 1e-3, $"the gradient is too small to test ({scale})");
        foreach (int i in Checked)
        {
            double fd = CentralDifference(objective, parameters, i, h);
            Assert.True(Math.Abs(fd - gradient[i]) < 1e-6 * scale,
                $"{MethodNames.Name(method)}: parameter {i}: gradient {gradient[i]:R}, central difference {fd:R} (scale {scale:R})");
        }
    }

    [Fact]
    public void Gradient_ByEachMethod_AgreesAtTightTolerance()
    {
        // ACA and naive differentiate the same discrete solve exactly; the adjoint solves the continuous adjoint
        // backwards to rtol 1e-10. All three then agree to ~1e-9 of the largest component; 1e-7 leaves margin.
        SpiralData data = SpiralData.Generate(Small);
        double[] parameters = Start(data);
        double[][] gradients = [.. MethodNames.All.Select(method =>
        {
            using var objective = new SpiralObjective(data, TimeSeriesTrainer.Options(Small.Tolerance, method), threads: 2);
            var gradient = new double[objective.Size];
            Assert.True(objective.TryEvaluate(parameters, gradient, out _, out string failure), failure);
            return gradient;
        })];
        double scale = gradients[0].Max(Math.Abs);
        for (int m = 1; m < gradients.Length; m++)
            for (int i = 0; i < gradients[0].Length; i++)
                Assert.True(Math.Abs(gradients[m][i] - gradients[0][i]) < 1e-7 * scale, $"method {m}, parameter {i}");
    }

    [Fact]
    public void TryEvaluate_WrongLengths_SaysWhatIsExpected()
    {
        SpiralData data = SpiralData.Generate(Small);
        using var objective = new SpiralObjective(data, TimeSeriesTrainer.Options(1e-6, GradientMethod.Aca), threads: 1);
        var error = Assert.Throws<ArgumentException>(() => objective.TryEvaluate(new double[5], [], out _, out _));
        Assert.Contains($"{objective.Size} expected", error.Message);
    }

    /// <summary>The training start with the augmented start components moved off zero, so that every checked
    /// derivative is a generic one.</summary>
    private static double[] Start(SpiralData data)
    {
        double[] parameters = TimeSeriesExperiment.StartParameters(Small, data);
        var random = new Random(11);
        for (int b = 0; b < data.Trajectories; b++)
            for (int j = 2; j < SpiralOde.StateSize; j++)
                parameters[SpiralOde.ParameterSize + b * SpiralOde.StateSize + j] = random.NextDouble() - 0.5;
        return parameters;
    }

    private static double CentralDifference(SpiralObjective objective, double[] parameters, int i, double h)
    {
        double[] shifted = [.. parameters];
        shifted[i] = parameters[i] + h;
        Assert.True(objective.TryEvaluate(shifted, [], out double plus, out _));
        shifted[i] = parameters[i] - h;
        Assert.True(objective.TryEvaluate(shifted, [], out double minus, out _));
        return (plus - minus) / (2 * h);
    }
}
