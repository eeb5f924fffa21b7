using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// Gradients of fixed-step solves that land on their output times by StepRule.EndSlack (no sliver step) agree with
/// central finite differences of the same fixed-step solve: ACA and the naive method differentiate that map exactly,
/// the continuous adjoint up to the method's discretisation error.
/// </summary>
public sealed class FixedStepGradientTests
{
    // h = 0.01 on [0, 1] lands on 0.5 and 1 a few ulps short (t += 0.01 rounds); outputs at both.
    private static readonly double[] Times = [0, 0.5, 1];
    private const double Step = 0.01;

    [Theory]
    [InlineData(GradientMethod.Aca, 1e-6)]
    [InlineData(GradientMethod.Naive, 1e-6)]
    // The continuous adjoint differentiates the ODE's flow, not the discrete solve: they differ by DOPRI5's global
    // error at h = 0.01 on Lorenz (about 1e-6 relative), amplified by the chaotic flow over t = 1.
    [InlineData(GradientMethod.Adjoint, 1e-4)]
    public void Lorenz_FixedStep_GradientMatchesFiniteDifferences(GradientMethod method, double relativeTolerance)
    {
        var options = new OdeOptions { FixedStep = Step, Gradient = method };
        double[] z0 = Lorenz63.SampleState, p = Lorenz63.SampleParameters;
        var seeds = new double[Times.Length * 3];
        var random = new Random(4711);
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() * 2 - 1;

        var solver = new OdeSolver<double, Lorenz63>(options);
        var outputs = new double[seeds.Length];
        SolveResult forward = solver.Solve(z0, p, Times, outputs);
        FixedStepEndTests.AssertLanded(forward, 1.0, 100);
        var gradZ0 = new double[3];
        var gradP = new double[3];
        solver.Gradient(seeds, gradZ0, gradP).ThrowIfFailed();

        for (int j = 0; j < 3; j++)
        {
            AssertClose(FiniteDifference(options, z0, p, seeds, j, ofState: true), gradZ0[j], relativeTolerance, $"dL/dz0[{j}]");
            AssertClose(FiniteDifference(options, z0, p, seeds, j, ofState: false), gradP[j], relativeTolerance, $"dL/dθ[{j}]");
        }
    }

    /// <summary>Central difference of L = Σ seeds·outputs in z₀[j] or θ[j], relative step 1e-6 (truncation ~1e-12,
    /// rounding ~1e-10 relative: far below the tolerances).</summary>
    private static double FiniteDifference(OdeOptions options, double[] z0, double[] p, double[] seeds, int j, bool ofState)
    {
        double[] x = ofState ? z0 : p;
        double delta = 1e-6 * Math.Max(1, Math.Abs(x[j]));
        return (Loss(options, z0, p, seeds, j, ofState, delta) - Loss(options, z0, p, seeds, j, ofState, -delta)) / (2 * delta);
    }

    private static double Loss(OdeOptions options, double[] z0, double[] p, double[] seeds, int j, bool ofState, double delta)
    {
        double[] z = (double[])z0.Clone(), q = (double[])p.Clone();
        (ofState ? z : q)[j] += delta;
        var solver = new OdeSolver<double, Lorenz63>(options with { Gradient = GradientMethod.None });
        var outputs = new double[seeds.Length];
        SolveResult result = solver.Solve(z, q, Times, outputs);
        FixedStepEndTests.AssertLanded(result, 1.0, 100);
        double loss = 0;
        for (int i = 0; i < seeds.Length; i++) loss += seeds[i] * outputs[i];
        return loss;
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(1, Math.Abs(expected)),
            $"{what}: {actual:R} vs finite differences {expected:R}");
}
