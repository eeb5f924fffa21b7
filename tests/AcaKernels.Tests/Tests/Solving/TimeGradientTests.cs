using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// ∂L/∂t₀ and ∂L/∂t_end against central differences of tight-tolerance solves with moved end points, on the
/// non-autonomous forced oscillator (so f depends on t), for every gradient method.
/// </summary>
public sealed class TimeGradientTests
{
    private static readonly double[] Times = [0.2, 0.9, 1.7, 2.5];

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Adjoint)]
    [InlineData(GradientMethod.Naive)]
    public void EndPointGradients_ForcedOscillator_MatchCentralDifferences(GradientMethod method)
    {
        // rtol 1e-11: the differences of two solves then carry ~1e-11/ε relative noise; with ε = 1e-4 that is
        // ~1e-7, and the truncation ε²·L''' is smaller still. Both bounded by 1e-6 relative.
        var options = new OdeOptions { Gradient = method, RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-13, CheckpointGrowth = CheckpointGrowth.Double };
        double[] seeds = [0.3, -0.2, 0.5, 0.1, -0.7, 0.4, 1.0, -1.5];
        var solver = new OdeSolver<double, ForcedOscillator>(options);
        var outputs = new double[8];
        solver.Solve(ForcedOscillator.SampleState, ForcedOscillator.SampleParameters, Times, outputs).ThrowIfFailed();
        GradientResult gradient = solver.Gradient(seeds, new double[2], new double[3]);
        gradient.ThrowIfFailed();

        double Loss(double dt0, double dtEnd)
        {
            double[] times = (double[])Times.Clone();
            times[0] += dt0;
            times[^1] += dtEnd;
            var s = new OdeSolver<double, ForcedOscillator>(options);
            var o = new double[8];
            s.Solve(ForcedOscillator.SampleState, ForcedOscillator.SampleParameters, times, o).ThrowIfFailed();
            double loss = 0;
            for (int i = 0; i < o.Length; i++) loss += seeds[i] * o[i];
            return loss;
        }
        const double Eps = 1e-4;
        double fdT0 = (Loss(Eps, 0) - Loss(-Eps, 0)) / (2 * Eps);
        double fdTEnd = (Loss(0, Eps) - Loss(0, -Eps)) / (2 * Eps);
        Close.Equal(fdT0, gradient.GradientT0, 1e-6, 1.0, "∂L/∂t0");
        Close.Equal(fdTEnd, gradient.GradientTEnd, 1e-6, 1.0, "∂L/∂t_end");
    }
}
