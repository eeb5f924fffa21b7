using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// The paper's toy problem: dz/dt = αz, L = z(T)², with the analytic gradient dL/dα = 2T·z(T)² and
/// dL/dz₀ = 2z(T)·e^{αT}. ACA's gradient error tracks the forward error; the continuous adjoint's does not,
/// because its backward re-solve of z drifts from the forward path.
/// </summary>
public sealed class ToyGradientTests(ITestOutputHelper output)
{
    private const double Alpha = -0.5, EndTime = 10.0, Z0 = 1.0;

    /// <summary>
    /// Error of (forward value, dL/dα, dL/dz₀) relative to the analytic values.
    /// </summary>
    private static (double Forward, double Alpha, double Z0) Errors(GradientMethod method, double tol, double alpha = Alpha,
        double? absoluteTolerance = null)
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions
        {
            Gradient = method, RelativeTolerance = tol, AbsoluteTolerance = absoluteTolerance ?? tol,
            CheckpointGrowth = CheckpointGrowth.Double,
        });
        double[] outputs = new double[2], times = [0, EndTime];
        solver.Solve([Z0], [alpha], times, outputs).ThrowIfFailed();
        double zT = outputs[1];
        double[] seeds = [0, 2 * zT];
        double[] gradZ0 = new double[1], gradAlpha = new double[1];
        solver.Gradient(seeds, gradZ0, gradAlpha).ThrowIfFailed();

        double exactZ = ExponentialDecay.Exact(0, Z0, alpha, EndTime);
        double exactAlpha = 2 * EndTime * exactZ * exactZ, exactZ0 = 2 * exactZ * Math.Exp(alpha * EndTime);
        return (Math.Abs(zT - exactZ) / exactZ, Math.Abs(gradAlpha[0] - exactAlpha) / exactAlpha, Math.Abs(gradZ0[0] - exactZ0) / exactZ0);
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-4)]
    [InlineData(1e-5)]
    [InlineData(1e-6)]
    [InlineData(1e-7)]
    [InlineData(1e-8)]
    [InlineData(1e-9)]
    [InlineData(1e-10)]
    public void Aca_AnyTolerance_GradientErrorAtTheLevelOfTheForwardError(double tol)
    {
        var (forward, alpha, z0) = Errors(GradientMethod.Aca, tol);
        output.WriteLine($"tol {tol:E0}: forward {forward:E2}, dL/dα {alpha:E2}, dL/dz0 {z0:E2}");
        // L = z(T)² doubles the relative error of z(T), and ∂z(T)/∂α is differentiated through steps whose
        // local errors depend on α too: a factor of a few, bounded here by 4, plus rounding of ~100 steps.
        Assert.True(alpha <= 4 * forward + 1e-13, $"dL/dα error {alpha:E2} vs forward error {forward:E2}");
        Assert.True(z0 <= 4 * forward + 1e-13, $"dL/dz0 error {z0:E2} vs forward error {forward:E2}");
    }

    [Fact]
    public void Adjoint_LooseTolerance_LessAccurateThanAca()
    {
        var aca = Errors(GradientMethod.Aca, 1e-3);
        var adjoint = Errors(GradientMethod.Adjoint, 1e-3);
        output.WriteLine($"tol 1e-3, α = {Alpha}, T = {EndTime}: ACA dL/dα error {aca.Alpha:E2}, adjoint {adjoint.Alpha:E2}");
        Assert.True(adjoint.Alpha > aca.Alpha, $"adjoint {adjoint.Alpha:E2} should exceed ACA {aca.Alpha:E2}");
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-8)]
    public void Naive_AnyTolerance_AgreesWithAcaToToleranceLevel(double tol)
    {
        var aca = Errors(GradientMethod.Aca, tol);
        var naive = Errors(GradientMethod.Naive, tol);
        output.WriteLine($"tol {tol:E0}: ACA {aca.Alpha:E2}, naive {naive.Alpha:E2}");
        Assert.True(Math.Abs(naive.Alpha - aca.Alpha) <= 10 * tol, $"naive {naive.Alpha:E2} vs ACA {aca.Alpha:E2}");
    }

    // The continuous adjoint against the analytic gradient. Its error has three parts, each the global error of a
    // Dormand-Prince 5(4) solve of the same exponential to the same relative tolerance: the forward z(T) in the
    // seed 2z(T), the backward re-solve of z (in the integrand a·z of ∂L/∂α), and the backward a and a_α. With
    // atol = 1e-6·rtol, far below every component (the smallest, a(0) = 2e^{-10} ≈ 9e-5 for α = -0.5, T = 10, is
    // ≥ 9e4·atol at every rtol tested), the control is purely relative, and Dopri5 (which controls the error of
    // its 4th-order solution and propagates the 5th-order one) keeps each part well below rtol: the forward
    // error is 0.1-0.3 rtol and the three together measured 0.1-0.78 rtol. So each relative error must be at
    // most rtol, a margin of ≥ 1.28 over the measurements. An error in the adjoint's seeding, its reset of z, or
    // its parameter integral is O(1) relative and fails at every tolerance; a loss of tolerance proportionality
    // fails at the tight ones. (With atol = rtol the absolute term governs the small adjoint a, and the error is
    // 9-35 rtol: see Adjoint_LooseTolerance_LessAccurateThanAca.)
    private const double AdjointAbsoluteToRelative = 1e-6;

    [Theory]
    [InlineData(-0.5, 1e-3)]
    [InlineData(-0.5, 1e-4)]
    [InlineData(-0.5, 1e-6)]
    [InlineData(-0.5, 1e-8)]
    [InlineData(-0.5, 1e-10)]
    [InlineData(0.5, 1e-4)]
    [InlineData(0.5, 1e-7)]
    [InlineData(0.5, 1e-10)]
    public void Adjoint_RelativeControl_MatchesTheAnalyticGradientToTolerance(double alpha, double rtol)
    {
        var (forward, gradAlpha, gradZ0) = Errors(GradientMethod.Adjoint, rtol, alpha, rtol * AdjointAbsoluteToRelative);
        output.WriteLine($"α = {alpha}, rtol {rtol:E0}: forward {forward:E2}, dL/dα {gradAlpha:E2} ({gradAlpha / rtol:F2} rtol), dL/dz0 {gradZ0:E2} ({gradZ0 / rtol:F2} rtol)");
        Assert.True(gradAlpha <= rtol, $"adjoint dL/dα relative error {gradAlpha:E2} exceeds rtol {rtol:E0}");
        Assert.True(gradZ0 <= rtol, $"adjoint dL/dz0 relative error {gradZ0:E2} exceeds rtol {rtol:E0}");
    }

    /// <summary>
    /// L = Σₖ z(tₖ)² over four output times: the adjoint adds each time's seed 2z(tₖ) to a and resets z to the
    /// forward value there. Analytic: ∂L/∂z₀ = Σₖ 2z(tₖ)e^{αtₖ}, ∂L/∂α = Σₖ 2tₖz(tₖ)².
    /// </summary>
    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-8)]
    public void Adjoint_SeedsAtEveryOutputTime_MatchesTheAnalyticGradientToTolerance(double rtol)
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions
        {
            Gradient = GradientMethod.Adjoint, RelativeTolerance = rtol, AbsoluteTolerance = rtol * AdjointAbsoluteToRelative,
        });
        double[] times = [0, 2.5, 5, 7.5, EndTime], outputs = new double[times.Length], seeds = new double[times.Length];
        solver.Solve([Z0], [Alpha], times, outputs).ThrowIfFailed();
        for (int k = 1; k < times.Length; k++) seeds[k] = 2 * outputs[k];
        double[] gradZ0 = new double[1], gradAlpha = new double[1];
        solver.Gradient(seeds, gradZ0, gradAlpha).ThrowIfFailed();

        double exactZ0 = 0, exactAlpha = 0;
        for (int k = 1; k < times.Length; k++)
        {
            double z = ExponentialDecay.Exact(0, Z0, Alpha, times[k]);
            exactZ0 += 2 * z * Math.Exp(Alpha * times[k]);
            exactAlpha += 2 * times[k] * z * z;
        }
        double errorZ0 = Math.Abs(gradZ0[0] - exactZ0) / exactZ0, errorAlpha = Math.Abs(gradAlpha[0] - exactAlpha) / exactAlpha;
        output.WriteLine($"rtol {rtol:E0}: dL/dα {errorAlpha:E2} ({errorAlpha / rtol:F2} rtol), dL/dz0 {errorZ0:E2} ({errorZ0 / rtol:F2} rtol)");
        // Each term is the single-time case above over a shorter span; a relative error of a sum of positive terms
        // is at most the largest relative error of its terms, so the same bound, rtol, holds.
        Assert.True(errorAlpha <= rtol, $"adjoint dL/dα relative error {errorAlpha:E2} exceeds rtol {rtol:E0}");
        Assert.True(errorZ0 <= rtol, $"adjoint dL/dz0 relative error {errorZ0:E2} exceeds rtol {rtol:E0}");
    }
}
