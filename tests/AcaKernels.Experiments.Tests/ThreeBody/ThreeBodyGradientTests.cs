using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.Tests.ThreeBody;

public sealed class ThreeBodyGradientTests
{
    /// <summary>Tolerance of the solves here: tight, so the loss is smooth in the masses to far below the
    /// finite-difference error (its step-size decisions move the loss by ~1e-11, seen as 1e-11/h in the quotient).</summary>
    private const double Tolerance = 1e-11;

    private static readonly double[] Times = ThreeBodySystem.Times(50, 1.0);
    private static readonly ThreeBodyLoss Loss =
        new(Times, ThreeBodySystem.Solve(ThreeBodySystem.TrueMasses, Times, 1e-12), decay: 0.01);
    /// <summary>Near the truth, as at the end of a fit. Far from it (e.g. (1.0, 0.95, 1.05)) the bodies pass close
    /// enough that the gradient of the discrete solve with its steps held fixed (ACA's) differs from the derivative of
    /// the adaptive loss (naive's, and the finite difference's) by far more than the tolerance: a property of
    /// that map, not an error of either (README, `aca three-body`).</summary>
    private static readonly double[] Masses = [1.12, 1.08, 0.91];

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Adjoint)]
    [InlineData(GradientMethod.Naive)]
    public void Gradient_OfTheLoss_MatchesCentralDifferences(GradientMethod method)
    {
        var solver = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(ThreeBodyFitter.Options(Tolerance, method));
        double[] outputs = new double[Times.Length * 18], seeds = new double[outputs.Length];
        double[] gradZ0 = new double[18], gradMasses = new double[3];
        solver.Solve([.. ThreeBodySystem.InitialState], Masses, Times, outputs).ThrowIfFailed();
        Loss.Evaluate(outputs, seeds);
        solver.Gradient(seeds, gradZ0, gradMasses).ThrowIfFailed();

        // Central differences with h = 1e-4: truncation h²·L'''/6 ~ 1e-8 relative for derivatives of order 1, and
        // the solver's own noise ~1e-11/h = 1e-7; the adjoint's backward re-solve adds its error (~tolerance·L).
        // So 1e-5 relative to the gradient's size separates a right gradient from a wrong one by orders of magnitude.
        const double H = 1e-4;
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double[] up = [.. Masses], down = [.. Masses];
            up[i] += H;
            down[i] -= H;
            expected[i] = (LossAt(up) - LossAt(down)) / (2 * H);
        }
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(gradMasses[i] - expected[i]) < 1e-5 * scale,
                $"{MethodNames.Name(method)}: dL/dm{i + 1} = {gradMasses[i]:R}, central difference {expected[i]:R} (scale {scale:E2})");
    }

    [Fact]
    public void Loss_IsTheWeightedSquaredPositionError_AndItsSeedsItsGradient()
    {
        // Observations = outputs except body 2's y at t_k = 20/49 (off by 0.3) and a velocity (off by 5, not observed):
        // L = 0.01^t · 0.09, ∂L/∂y = 2 · 0.01^t · 0.3, every other seed 0.
        double[] times = ThreeBodySystem.Times(50, 1.0), observed = new double[50 * 18];
        for (int i = 0; i < observed.Length; i++) observed[i] = Math.Sin(i);
        double[] outputs = [.. observed], seeds = new double[observed.Length];
        outputs[20 * 18 + 4] += 0.3;
        outputs[20 * 18 + 12] += 5;
        double weight = Math.Pow(0.01, times[20]);
        double value = new ThreeBodyLoss(times, observed, 0.01).Evaluate(outputs, seeds);
        Assert.Equal(weight * 0.09, value, 1e-15);
        Assert.Equal(2 * weight * 0.3, seeds[20 * 18 + 4], 1e-15);
        seeds[20 * 18 + 4] = 0;
        Assert.All(seeds, s => Assert.Equal(0, s));
    }

    private static double LossAt(double[] masses)
    {
        var solver = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(ThreeBodyFitter.Options(Tolerance, GradientMethod.None));
        double[] outputs = new double[Times.Length * 18], seeds = new double[outputs.Length];
        solver.Solve([.. ThreeBodySystem.InitialState], masses, Times, outputs).ThrowIfFailed();
        return Loss.Evaluate(outputs, seeds);
    }
}
