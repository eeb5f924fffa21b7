using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// What a user gets for lifetime and memory mistakes (a user trial): a disposed solver, a shared device disposed under
/// its solvers, a checkpoint store larger than the device. Each is an exception naming what and what to do, never
/// ILGPU's internals or an assertion that ends the process.
/// </summary>
public sealed class LifetimeTests
{
    private const int N = 3;
    private static readonly double[] Theta = [10, 28, 8.0 / 3];

    [Fact]
    public void FixedStepSolver_AfterDispose_ThrowsObjectDisposedExceptionNamingTheSolver()
    {
        // Before: InvalidOperationException "Unknown parent accelerator" from ILGPU.
        const int B = 4;
        var solver = new GpuFixedStepSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(GpuBackend.Cpu));
        double[] z0 = Enumerable.Repeat(1.0, N * B).ToArray();
        var finals = new double[N * B];
        var status = new OdeStatus[B];
        Assert.Equal(0, solver.Solve(z0, Theta, 0, 0.01, 10, finals, status));
        solver.Dispose();
        solver.Dispose(); // twice: nothing
        var error = Assert.Throws<ObjectDisposedException>(() => solver.Solve(z0, Theta, 0, 0.01, 10, finals, status));
        Assert.StartsWith("GpuFixedStepSolver<Double, ", error.ObjectName);
        Assert.Contains("create a new one", error.Message);
        Assert.Throws<ObjectDisposedException>(() => solver.Run(0, 0.01, 10));
        Assert.Throws<ObjectDisposedException>(() => solver.Download(finals, status));
    }

    [Fact]
    public void Solvers_OnASharedDeviceDisposedBeforeThem_ThrowObjectDisposedExceptionNamingTheDevice()
    {
        // Before: the ensemble solver's next Solve failed ILGPU's "Sub view out of range" assertion, which ends a process
        // that is not a test host; the fixed-step solver's threw "Unknown parent accelerator".
        const int B = 2;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        GpuDevice device = GpuDevice.Open(GpuBackend.Cpu); // its own: the tests' shared devices stay open
        var ensemble = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, device, problem.Options);
        var fixedStep = new GpuFixedStepSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, device);
        var outputs = new double[B * problem.Times.Length * N];
        ensemble.Solve(problem.Z0, problem.Theta, problem.Times, outputs, new SolveResult[B]).ThrowIfFailed();
        device.Dispose();

        var solve = Assert.Throws<ObjectDisposedException>(() =>
            ensemble.Solve(problem.Z0, problem.Theta, problem.Times, outputs, new SolveResult[B]));
        Assert.Equal(nameof(GpuDevice), solve.ObjectName);
        Assert.Contains("GpuEnsembleSolver<Double, ", solve.Message);
        Assert.Contains("dispose a shared device only after the solvers", solve.Message);
        Assert.Throws<ObjectDisposedException>(() =>
            ensemble.Gradient(problem.Seeds, new double[B * N], new double[N], new GradientResult[B]));
        var run = Assert.Throws<ObjectDisposedException>(() =>
            fixedStep.Solve(problem.Z0, Theta, 0, 0.01, 10, new double[B * N], new OdeStatus[B]));
        Assert.Contains("GpuFixedStepSolver<Double, ", run.Message);

        ensemble.Dispose(); // disposing the solvers afterwards is still allowed
        fixedStep.Dispose();
    }

    [Fact]
    public void ExplicitCheckpointCapacity_LargerThanTheDevice_IsAnArgumentExceptionWithTheSize()
    {
        // Before: OutOfMemoryException "Insufficient memory to continue the execution of the program." An explicit
        // capacity is not lowered to GradientMemoryLimit; this one asks for 2^16 · 2^30 · 40 bytes ≈ 2.8 PB.
        const int B = 1 << 16, capacity = 1 << 30;
        var error = Assert.Throws<ArgumentException>(() =>
            new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(GpuBackend.Cpu), Problems.Options,
                new GpuEnsembleOptions { CheckpointCapacity = capacity }));
        Assert.Equal(nameof(GpuEnsembleOptions.CheckpointCapacity), error.ParamName);
        Assert.Contains($"{B} trajectories × {capacity} steps ({(long)B * capacity * 40} bytes", error.Message);
        Assert.Contains("lower GpuEnsembleOptions.CheckpointCapacity", error.Message);

        // The shared device still works (the partly made solver's buffers were freed, not left on it).
        Problem problem = Problems.Lorenz(2, sharedTheta: true);
        using var solver = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(2, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        solver.Solve(problem.Z0, problem.Theta, problem.Times, new double[2 * problem.Times.Length * N], new SolveResult[2]).ThrowIfFailed();
    }
}
