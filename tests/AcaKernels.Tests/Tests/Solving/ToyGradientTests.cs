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
    private static (double Forward, double Alpha, double Z0) Errors(GradientMethod method, double tol, double alpha = Alpha)
    {
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions
        {
            Gradient = method, RelativeTolerance = tol, AbsoluteTolerance = tol, CheckpointGrowth = CheckpointGrowth.Double,
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
}
