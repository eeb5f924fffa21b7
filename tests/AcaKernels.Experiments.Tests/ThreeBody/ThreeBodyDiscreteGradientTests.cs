using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.Tests.ThreeBody;

/// <summary>
/// Far from the true masses, with few observations and the fit's tolerance, the bodies pass close and the two
/// meanings of "the gradient" part ways: ACA's is the exact gradient of the discrete solve with its step sizes held
/// fixed; naive backpropagation (through the step-size controller too) gives the derivative of the loss the
/// adaptive solver actually computes. Each is checked against finite differences of its own map, and they differ
/// by two orders of magnitude (README, `aca three-body`).
/// </summary>
public sealed class ThreeBodyDiscreteGradientTests
{
    private const double Tolerance = 1e-7;
    private static readonly double[] Times = ThreeBodySystem.Times(50, 1.0);
    private static readonly ThreeBodyLoss Loss = new(Times, ThreeBodySystem.Solve(ThreeBodySystem.TrueMasses, Times, 1e-12), 0.01);
    private static readonly double[] Masses = [1.0, 0.95, 1.05];

    [Fact]
    public void Aca_FarFromTheTruth_IsTheGradientOfTheStepsTaken_NotOfTheAdaptiveLoss()
    {
        var aca = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(ThreeBodyFitter.Options(Tolerance, GradientMethod.Aca));
        double[] gradAca = Gradient(aca, out double engineLoss);
        var replay = new FixedStepReplay(aca.Options.EffectiveTableau, aca.AcceptedSteps.Steps.ToArray(),
            aca.AcceptedSteps.OutputSteps.ToArray(), Loss);
        // The replay is the same map: its loss equals the engine's up to rounding amplified along the orbit (~1e-9 here).
        Assert.Equal(engineLoss, replay.Loss(Masses), 1e-6 * engineLoss);

        // Through the close pass the fixed-step map is strongly non-linear in the masses (h = 1e-5 is off 16-fold),
        // so central differences with h = 1e-7 are good to ~1e-3 of the gradient's size; 5e-3 is asked.
        double[] discrete = replay.Gradient(Masses, 1e-7);
        AssertClose(discrete, gradAca, 5e-3, "aca vs finite differences of the fixed-step replay");

        var naive = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(ThreeBodyFitter.Options(Tolerance, GradientMethod.Naive));
        double[] gradNaive = Gradient(naive, out _);
        // The adaptive loss is smooth at this scale: h = 1e-5 balances truncation and the solver's ~1e-9 noise.
        double[] adaptive = Enumerable.Range(0, 3).Select(i =>
        {
            double[] up = [.. Masses], down = [.. Masses];
            up[i] += 1e-5;
            down[i] -= 1e-5;
            return (AdaptiveLoss(up) - AdaptiveLoss(down)) / 2e-5;
        }).ToArray();
        AssertClose(adaptive, gradNaive, 1e-3, "naive vs finite differences of the adaptive loss");

        double acaSize = gradAca.Max(Math.Abs), naiveSize = gradNaive.Max(Math.Abs);
        Assert.True(acaSize > 30 * naiveSize, $"|aca| = {acaSize:E2}, |naive| = {naiveSize:E2}: expected the fixed-step gradient far larger here");
    }

    private static double[] Gradient(OdeSolver<double, ThreeBodyDynamics.RhsOde> solver, out double loss)
    {
        double[] outputs = new double[Times.Length * 18], seeds = new double[outputs.Length], gradZ0 = new double[18], gradMasses = new double[3];
        solver.Solve([.. ThreeBodySystem.InitialState], Masses, Times, outputs).ThrowIfFailed();
        loss = Loss.Evaluate(outputs, seeds);
        solver.Gradient(seeds, gradZ0, gradMasses).ThrowIfFailed();
        return gradMasses;
    }

    private static double AdaptiveLoss(double[] masses)
    {
        double[] outputs = ThreeBodySystem.Solve(masses, Times, Tolerance);
        return Loss.Evaluate(outputs, new double[outputs.Length]);
    }

    private static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) < relative * scale,
                $"{what}: dL/dm{i + 1} = {actual[i]:R}, reference {expected[i]:R} (scale {scale:E2})");
    }
}
