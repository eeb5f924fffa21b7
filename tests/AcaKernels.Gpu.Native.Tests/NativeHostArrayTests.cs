using AcaKernels.Experiments.Lorenz;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// The native solver's host arrays (page-locked on CUDA through cuMemHostRegister, ordinary pinned memory on OpenCL)
/// hold a Solve's and a Gradient's inputs and results with the ordinary arrays' bits, and may be disposed after the
/// solver (whose end unregistered them).
/// </summary>
public sealed class NativeHostArrayTests
{
    [OpenCLFact]
    public void OpenCL_HostArrays_GiveTheOrdinaryArraysBits() => Check(GpuBackend.OpenCL);

    [CudaFact]
    public void Cuda_HostArrays_ArePageLocked_AndGiveTheOrdinaryArraysBits() => Check(GpuBackend.Cuda);

    private static void Check(GpuBackend backend)
    {
        Problem problem = Problem.Lorenz(11, sharedTheta: false);
        int b = problem.Trajectories, rows = b * problem.Times.Length * problem.N;
        var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(b, Native.Catalog, problem.Options,
            new GpuEnsembleOptions { Backend = backend });
        GpuHostArray<double> z0 = solver.CreateHostArray<double>(problem.Z0.Length), theta = solver.CreateHostArray<double>(problem.Theta.Length),
            times = solver.CreateHostArray<double>(problem.Times.Length), seeds = solver.CreateHostArray<double>(problem.Seeds.Length),
            outputs = solver.CreateHostArray<double>(rows), gradZ0 = solver.CreateHostArray<double>(b * problem.N),
            gradTheta = solver.CreateHostArray<double>(problem.Theta.Length);
        try
        {
            Outcome expected = Outcome.Of(problem, (z, p, t, o, r) => solver.Solve(z, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
            problem.Z0.CopyTo(z0.Span);
            problem.Theta.CopyTo(theta.Span);
            problem.Times.CopyTo(times.Span);
            problem.Seeds.CopyTo(seeds.Span);
            solver.Solve(z0.Span, theta.Span, times.Span, outputs.Span, new SolveResult[b]).ThrowIfFailed();
            solver.Gradient(seeds.Span, gradZ0.Span, gradTheta.Span, new GradientResult[b]).ThrowIfFailed();
            Outcome.AssertClose(expected.Outputs, outputs.Span.ToArray(), 0, "outputs");
            Outcome.AssertClose(expected.GradZ0, gradZ0.Span.ToArray(), 0, "∂L/∂z0");
            Outcome.AssertClose(expected.GradTheta, gradTheta.Span.ToArray(), 0, "∂L/∂θ");
            Assert.Equal(backend == GpuBackend.Cuda, outputs.IsPageLocked);
        }
        finally
        {
            solver.Dispose(); // unregisters the arrays still registered; their own Dispose then does nothing
        }
        Assert.False(outputs.IsPageLocked);
        foreach (GpuHostArray<double> array in (GpuHostArray<double>[])[z0, theta, times, seeds, outputs, gradZ0, gradTheta]) array.Dispose();
    }
}
