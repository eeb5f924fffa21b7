using AcaKernels.Experiments.Toy;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class DiscreteGradientTests
{
    [Fact]
    public void Euler_FixedSteps_MatchesClosedForm()
    {
        // N Euler steps of size h: z_N = (1 + αh)^N z0, so L = z_N² has ∂L/∂z0 = 2z_N²/z0 and
        // ∂L/∂α = 2z_N · N h (1 + αh)^{N-1} z0. Complex step is exact to rounding: 1e-13 relative.
        const double Z0 = 1.3, Alpha = -0.7, H = 0.05;
        const int N = 40;
        double[] steps = Enumerable.Repeat(H, N).ToArray();
        var (state, gradZ0, gradAlpha) = DiscreteGradient.Compute(ButcherTableaus.Get(RungeKuttaMethod.Euler), steps, Z0, Alpha);
        double zN = Math.Pow(1 + Alpha * H, N) * Z0;
        Assert.Equal(zN, state, zN * 1e-13);
        Assert.Equal(2 * zN * zN / Z0, gradZ0, Math.Abs(gradZ0) * 1e-13);
        double expected = 2 * zN * N * H * Math.Pow(1 + Alpha * H, N - 1) * Z0;
        Assert.Equal(expected, gradAlpha, Math.Abs(expected) * 1e-13);
    }

    [Fact]
    public void Replay_OfAcaSteps_ReproducesTheSolversState()
    {
        // The replay is the same arithmetic as the solver's step up to operation order: z(T) agrees to rounding
        // over ~100 steps (1e-13 relative).
        var solver = new OdeSolver<double, ToyDecay.RhsOde>(new OdeOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-9 });
        var outputs = new double[2];
        solver.Solve([2.0], [0.5], [0.0, 7.0], outputs).ThrowIfFailed();
        var replay = DiscreteGradient.Compute(solver.Options.EffectiveTableau, solver.AcceptedSteps.Steps, 2.0, 0.5);
        Assert.Equal(outputs[1], replay.State, Math.Abs(outputs[1]) * 1e-13);
    }
}
