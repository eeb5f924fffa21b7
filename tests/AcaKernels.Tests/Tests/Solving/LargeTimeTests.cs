using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// Times far from 0 (a Unix timestamp, t ≈ 1.7e9, resolves only 2.4e-7): every step must advance t by exactly the
/// step the state took. Before, t + h rounded while the state moved by h, and the solution drifted from the exact
/// one step after step (5e-5 relative at rtol 1e-10 from t₀ = 1e9, against 7e-11 from t₀ = 0).
/// </summary>
public sealed class LargeTimeTests
{
    [Theory]
    [InlineData(1e9, GradientMethod.Aca)]
    [InlineData(1.7e9, GradientMethod.None)]
    [InlineData(-1e9, GradientMethod.Naive)]
    public void AutonomousSolve_ShiftedFarFromZero_IsAsAccurateAsFromZero(double t0, GradientMethod method)
    {
        // ω = 20 over one time unit: ~800 steps of ~1e-3, each of which t can only approximate to 1e-7 relative.
        var options = new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12, Gradient = method };
        double[] z0 = [1.0, 0.0], omega = [20.0], shifted = new double[4], reference = new double[4];
        new OdeSolver<double, HarmonicOscillator>(options).Solve(z0, omega, [t0, t0 + 1.0], shifted).ThrowIfFailed();
        new OdeSolver<double, HarmonicOscillator>(options).Solve(z0, omega, [0.0, 1.0], reference).ThrowIfFailed();
        double exact = Math.Cos(20.0);
        // From 0 the global error at rtol 1e-10 is ~1e-10 relative; the shift may add rounding of the step
        // lengths (a few ulps of 1e-3 per step), not the 5e-5 drift of steps t cannot represent.
        Assert.InRange(Math.Abs(reference[2] - exact) / Math.Abs(exact), 0, 1e-9);
        Assert.InRange(Math.Abs(shifted[2] - exact) / Math.Abs(exact), 0, 1e-9);
    }
}
