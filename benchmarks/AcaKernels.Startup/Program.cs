using System.Globalization;
using AcaKernels;
using AcaKernels.Gradients;
using AcaKernels.Solving;

// One Lorenz-63 solve, z0 = (1, 1, 1), θ = (10, 28, 8/3), t ∈ [0, 1], Dopri5 rtol 1e-6 atol 1e-8, and the ACA gradient
// of L = Σ z(1): the first result benchmarks/pytorch/startup.sh times from process launch to exit. The PyTorch
// process it is timed against (startup_torch.py) solves the same problem and prints the same line.
var solver = new OdeSolver<double, StartupLorenz.RhsOde>(new OdeOptions
{
    RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, Gradient = GradientMethod.Aca,
});
double[] outputs = new double[6], gradZ0 = new double[3], gradTheta = new double[3];
solver.Solve([1.0, 1.0, 1.0], [10.0, 28.0, 8.0 / 3.0], [0.0, 1.0], outputs).ThrowIfFailed();
solver.Gradient([0, 0, 0, 1, 1, 1], gradZ0, gradTheta).ThrowIfFailed();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"z(1) = ({outputs[3]:F6}, {outputs[4]:F6}, {outputs[5]:F6}); dL/dtheta = ({gradTheta[0]:F6}, {gradTheta[1]:F6}, {gradTheta[2]:F6})"));

/// <summary>Lorenz-63, as the README writes it.</summary>
internal static partial class StartupLorenz
{
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
