using AcaKernels.Experiments.NeuralOde;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.Tests.NeuralOde;

/// <summary>The neural ODE `aca ensemble --system neural-ode` runs: its f against the network written as matrices, its ACA
/// gradient against finite differences of tight solves, and its float32 form against its float64 form.</summary>
public sealed class NeuralOdeDynamicsTests
{
    private static readonly double[] Theta = NeuralOdeDynamics.Theta();
    private static readonly double[] Z0 = [0.7, -1.3];
    private static readonly double[] Times = [0, 0.5, 1];

    [Fact]
    public void Rhs_IsW2TanhW1zPlusB1PlusB2()
    {
        const int n = NeuralOdeDynamics.N, h = NeuralOdeDynamics.Hidden;
        double[] z = [0.3, -1.7], dz = new double[n];
        NeuralOdeDynamics.Rhs(0, z, Theta, dz);
        for (int i = 0; i < n; i++)
        {
            double expected = Theta[h * n + h + n * h + i];                      // b₂[i]
            for (int k = 0; k < h; k++)
            {
                double a = Theta[h * n + k] + Theta[k * n] * z[0] + Theta[k * n + 1] * z[1]; // b₁[k] + W₁[k, :]·z
                expected += Theta[h * n + h + i * h + k] * Math.Tanh(a);          // W₂[i, k] tanh(·)
            }
            Assert.Equal(expected, dz[i], 1e-14 * Math.Max(1, Math.Abs(expected)));
        }
    }

    /// <summary>At rtol 1e-10 the discrete solve's gradient is within ~1e-9 of the ODE's, and central differences of solves
    /// at 1e-12 with h = 1e-5 are good to ~h² · f''' + 1e-12/h ≈ 1e-7 of the gradient's size: 1e-6 is asked.</summary>
    [Fact]
    public void AcaGradient_MatchesFiniteDifferences_ForEveryWeight()
    {
        var solver = new OdeSolver<double, NeuralOdeDynamics.RhsOde>(new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 });
        var outputs = new double[Times.Length * 2];
        solver.Solve(Z0, Theta, Times, outputs).ThrowIfFailed();
        double[] seeds = [.. outputs.Select(v => 2 * v)]; // L = Σ_k |z(t_k)|²
        var gradZ0 = new double[2];
        var gradTheta = new double[Theta.Length];
        solver.Gradient(seeds, gradZ0, gradTheta).ThrowIfFailed();

        double scale = gradTheta.Max(Math.Abs);
        const double step = 1e-5;
        for (int k = 0; k < Theta.Length; k++)
        {
            double[] up = [.. Theta], down = [.. Theta];
            up[k] += step;
            down[k] -= step;
            double fd = (Loss(up) - Loss(down)) / (2 * step);
            Assert.True(Math.Abs(fd - gradTheta[k]) < 1e-6 * scale, $"dL/dθ[{k}] = {gradTheta[k]:R}, finite differences {fd:R} (scale {scale:E2})");
        }
    }

    /// <summary>float32 states at rtol 1e-5 against float64 at 1e-10: within a few times the tolerance over [0, 1].</summary>
    [Fact]
    public void Float32_FollowsFloat64()
    {
        var single = new OdeSolver<float, NeuralOdeDynamics.RhsSingleOde>(new OdeOptions { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-6 });
        var outputs = new float[Times.Length * 2];
        single.Solve([.. Z0.Select(v => (float)v)], [.. Theta.Select(v => (float)v)], Times, outputs).ThrowIfFailed();
        double[] reference = Solve(Theta);
        for (int i = 0; i < outputs.Length; i++)
            Assert.True(Math.Abs(outputs[i] - reference[i]) < 1e-4 * Math.Max(1, Math.Abs(reference[i])), $"z[{i}] = {outputs[i]}, float64 {reference[i]:R}");
    }

    private static double Loss(double[] theta) => Solve(theta).Sum(v => v * v);

    private static double[] Solve(double[] theta)
    {
        var solver = new OdeSolver<double, NeuralOdeDynamics.RhsOde>(new OdeOptions
        {
            RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12, Gradient = Gradients.GradientMethod.None,
        });
        var outputs = new double[Times.Length * 2];
        solver.Solve(Z0, theta, Times, outputs).ThrowIfFailed();
        return outputs;
    }
}
