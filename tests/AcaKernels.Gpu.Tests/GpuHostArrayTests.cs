using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// Host arrays made by a solver or a device hold a Solve's and a Gradient's inputs and results like ordinary arrays:
/// the same bits (only the copies differ, and only on CUDA, where the memory is page-locked); disposing them before
/// or after their device is safe, and a disposed one says so.
/// </summary>
public sealed class GpuHostArrayTests
{
    private const int B = 7;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL, GpuBackend.Cuda);

    [Theory]
    [MemberData(nameof(Backends))]
    public void SolveAndGradient_InHostArrays_GiveTheOrdinaryArraysBits(GpuBackend backend)
    {
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        GpuDevice device = TestBackends.Device(backend); // shared by the test run: not disposed here
        using var solver = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, device, problem.Options);
        int rows = B * problem.Times.Length * 3;

        var outputs = new double[rows];
        var (gradZ0, gradTheta) = (new double[B * 3], new double[3]);
        solver.Solve(problem.Z0, problem.Theta, problem.Times, outputs, new SolveResult[B]).ThrowIfFailed();
        solver.Gradient(problem.Seeds, gradZ0, gradTheta, new GradientResult[B]).ThrowIfFailed();

        using GpuHostArray<double> z0 = Filled(solver, problem.Z0), theta = Filled(solver, problem.Theta), times = Filled(solver, problem.Times),
            seeds = Filled(solver, problem.Seeds);
        using GpuHostArray<double> hostOutputs = solver.CreateHostArray<double>(rows), hostGradZ0 = solver.CreateHostArray<double>(B * 3),
            hostGradTheta = device.CreateHostArray<double>(3);
        solver.Solve(z0.Span, theta.Span, times.Span, hostOutputs.Span, new SolveResult[B]).ThrowIfFailed();
        solver.Gradient(seeds.Span, hostGradZ0.Span, hostGradTheta.Span, new GradientResult[B]).ThrowIfFailed();

        Assert.True(outputs.AsSpan().SequenceEqual(hostOutputs.Span), "outputs differ");
        Assert.True(gradZ0.AsSpan().SequenceEqual(hostGradZ0.Span), "∂L/∂z₀ differs");
        Assert.True(gradTheta.AsSpan().SequenceEqual(hostGradTheta.Span), "∂L/∂θ differs");
        // Only CUDA registers the memory (OpenCL and the CPU gain nothing from it).
        Assert.Equal(backend == GpuBackend.Cuda, hostOutputs.IsPageLocked);
    }

    [Fact]
    public void HostArray_OutlivingItsSolversOwnDevice_DisposesQuietly_AndADisposedOneSaysSo()
    {
        Problem problem = Problems.Lorenz(2, sharedTheta: true);
        var solver = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(2, problem.Options,
            new GpuEnsembleOptions { Backend = GpuBackend.Cpu });
        GpuHostArray<double> array = solver.CreateHostArray<double>(6);
        Assert.Equal(6, array.Length);
        Assert.True(array.Span.SequenceEqual(new double[6]));
        array.Span[5] = 2.5;
        Assert.Equal(2.5, array.Memory.Span[5]); // the same elements
        solver.Dispose(); // the solver's own device goes, and every registration with it
        Assert.False(array.IsPageLocked);
        Assert.Throws<ObjectDisposedException>(() => solver.CreateHostArray<double>(6));
        array.Dispose();
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => array.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => array.Memory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => TestBackends.Device(GpuBackend.Cpu).CreateHostArray<float>(-1));
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => TestBackends.Device(GpuBackend.Cpu).CreateHostArray<float>(int.MaxValue));
        Assert.Contains("at most", tooLong.Message);
    }

    private static GpuHostArray<double> Filled(GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>> solver, double[] values)
    {
        GpuHostArray<double> array = solver.CreateHostArray<double>(values.Length);
        values.CopyTo(array.Span);
        return array;
    }
}
