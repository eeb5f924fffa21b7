using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.ThreeBodyForce;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.Tests.ThreeBodyForce;

public sealed class ForceDynamicsTests
{
    private static readonly double[] Masses = [1.3, 0.7, 1.1];

    [Fact]
    public void Cloud_IsNewtonMinusKappaTimesPosition()
    {
        // The reference is the mass variant's dynamics (tested against Newton's law written out per pair).
        double[] z = [.. ThreeBodySystem.InitialState], newton = new double[18], cloud = new double[18];
        ThreeBodyDynamics.RhsOde.Evaluate(0, z, Masses, newton);
        CloudThreeBodyDynamics.RhsOde.Evaluate(0, z, Masses, cloud);
        for (int k = 0; k < 9; k++) Assert.Equal(newton[k], cloud[k]);
        for (int k = 0; k < 9; k++) Assert.Equal(newton[9 + k] - CloudThreeBodyDynamics.CloudStrength * z[k], cloud[9 + k], 1e-15);
    }

    [Fact]
    public void Hybrid_AtItsStart_IsThePhysicsAlone()
    {
        // W₂ = b₂ = 0 at the start: the network adds nothing until the fit moves it.
        double[] z = [.. ThreeBodySystem.InitialState], newton = new double[18], hybrid = new double[18];
        ThreeBodyDynamics.RhsOde.Evaluate(0, z, Masses, newton);
        HybridThreeBodyDynamics.RhsOde.Evaluate(0, z, ForceNetwork.Initial(Masses, seed: 3), hybrid);
        Assert.Equal(newton, hybrid);
    }

    [Fact]
    public void Hybrid_AddsTheNetworksForceOfEachBodysPosition()
    {
        // The network written out here by hand, W₂ tanh(W₁ r + b₁) + b₂, with every weight non-zero.
        var random = new Random(5);
        double[] p = ForceNetwork.Initial(Masses, seed: 4);
        for (int i = ForceNetwork.W2; i < ForceNetwork.ParameterCount; i++) p[i] = 2 * random.NextDouble() - 1;
        double[] z = [.. ThreeBodySystem.InitialState], newton = new double[18], hybrid = new double[18];
        ThreeBodyDynamics.RhsOde.Evaluate(0, z, Masses, newton);
        HybridThreeBodyDynamics.RhsOde.Evaluate(0, z, p, hybrid);
        const int H = ForceNetwork.Hidden;
        for (int body = 0; body < 3; body++)
            for (int d = 0; d < 3; d++)
            {
                double force = p[ForceNetwork.B2 + d];
                for (int h = 0; h < H; h++)
                {
                    double sum = p[ForceNetwork.B1 + h];
                    for (int c = 0; c < 3; c++) sum += p[ForceNetwork.W1 + 3 * h + c] * z[3 * body + c];
                    force += p[ForceNetwork.W2 + H * d + h] * Math.Tanh(sum);
                }
                // Terms of size ~1 summed in another order: rounding-level agreement.
                Assert.Equal(newton[9 + 3 * body + d] + force, hybrid[9 + 3 * body + d], 1e-13);
            }
    }

    [Fact]
    public void Hybrid_AcaGradientOfTheLoss_MatchesCentralDifferences()
    {
        // ∂L/∂θ by ACA through a whole solve against central differences of L, for a mass, first- and second-layer
        // weights and biases. Both at rtol = atol = 1e-10: ACA is the exact gradient of the discrete solve, which
        // differs from the gradient of the exact flow by O(tol); the differences (ε = 1e-5 relative) carry
        // truncation O(ε²) ~ 1e-10 and step-size-jitter noise ~ tol/ε ~ 1e-5 relative. Hence 1e-4 relative.
        double[] times = ThreeBodySystem.Times(20, 0.5);
        double[] observed = ForceSystem.Solve<CloudThreeBodyDynamics.RhsOde>(ThreeBodySystem.TrueMasses, times, 1e-12);
        var loss = new ThreeBodyLoss(times, observed, 1.0);
        var random = new Random(7);
        double[] p = ForceNetwork.Initial([1.05, 1.0, 0.95], seed: 2);
        for (int i = ForceNetwork.W2; i < ForceNetwork.ParameterCount; i++) p[i] = 0.2 * (2 * random.NextDouble() - 1);
        var options = new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10, Gradient = GradientMethod.Aca };
        var solver = new OdeSolver<double, HybridThreeBodyDynamics.RhsOde>(options);
        double[] z0 = [.. ThreeBodySystem.InitialState], outputs = new double[times.Length * 18], seeds = new double[outputs.Length];
        solver.Solve(z0, p, times, outputs).ThrowIfFailed();
        loss.Evaluate(outputs, seeds);
        double[] gradient = new double[p.Length];
        solver.Gradient(seeds, new double[18], gradient).ThrowIfFailed();

        double Loss(double[] q)
        {
            var plain = new OdeSolver<double, HybridThreeBodyDynamics.RhsOde>(options with { Gradient = GradientMethod.None });
            plain.Solve(z0, q, times, outputs).ThrowIfFailed();
            return loss.Evaluate(outputs, seeds);
        }
        foreach (int i in (int[])[0, 2, ForceNetwork.W1 + 4, ForceNetwork.B1 + 1, ForceNetwork.W2 + 9, ForceNetwork.B2 + 2])
        {
            double step = 1e-5 * Math.Max(1, Math.Abs(p[i]));
            double[] plus = [.. p], minus = [.. p];
            plus[i] += step;
            minus[i] -= step;
            double reference = (Loss(plus) - Loss(minus)) / (2 * step);
            Assert.True(Math.Abs(gradient[i] - reference) <= 1e-4 * Math.Abs(reference) + 1e-9,
                $"θ[{i}]: ACA {gradient[i]:E10}, central differences {reference:E10}");
        }
    }
}
