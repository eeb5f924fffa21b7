using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>Per-trajectory statuses: a poisoned trajectory fails alone; a full checkpoint store is a status.</summary>
public sealed class TrajectoryStatusTests
{
    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void PoisonedTrajectory_FailsAlone_OthersMatchCpu(GpuBackend backend)
    {
        const int B = 7, poisoned = 3, n = 3;
        Problem clean = Problems.Lorenz(B, sharedTheta: true);
        var z0 = (double[])clean.Z0.Clone();
        z0[poisoned * n + 1] = double.NaN;

        // The CPU engine rejects a NaN z0 outright; trajectories are independent, so its clean solve is the reference
        // for the other six (per-trajectory ∂L/∂θ rows, summed here without the poisoned one).
        CpuComparison.Outcome cpu = CpuPerTrajectoryRows(clean, B);
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(backend), clean.Options);
        var outputs = new double[B * clean.Times.Length * n];
        var results = new SolveResult[B];
        EnsembleResult solve = gpu.Solve(z0, clean.Theta, clean.Times, outputs, results);

        Assert.Equal(1, solve.Failed);
        Assert.Equal(poisoned, solve.FirstFailedTrajectory);
        Assert.Equal(OdeStatus.NonFiniteState, results[poisoned].Status);
        Assert.Equal(0, results[poisoned].Step);
        Assert.Equal(0, results[poisoned].Component); // f's first component reads z[1] = NaN
        Assert.Contains("Non-finite state", results[poisoned].Describe());
        for (int k = 1; k < clean.Times.Length; k++)
            for (int j = 0; j < n; j++) Assert.True(double.IsNaN(outputs[(poisoned * clean.Times.Length + k) * n + j]), "unreached output not NaN");

        var gradZ0 = new double[B * n];
        var gradTheta = new double[3];
        var gradients = new GradientResult[B];
        EnsembleResult gradient = gpu.Gradient(clean.Seeds, gradZ0, gradTheta, gradients);
        Assert.Equal(1, gradient.Failed);
        Assert.Equal(OdeStatus.NoForwardSolve, gradients[poisoned].Result.Status);
        Assert.Equal(OdeStatus.NonFiniteState, gradients[poisoned].Result.Cause);   // why, as on the CPU
        Assert.Contains("the last Solve failed with NonFiniteState", gradients[poisoned].Result.Describe());
        Assert.All(gradZ0.AsSpan(poisoned * n, n).ToArray(), v => Assert.True(double.IsNaN(v)));

        Tolerances.Entry tolerance = Tolerances.For(backend);
        var expectedTheta = new double[3];
        for (int b = 0; b < B; b++)
        {
            if (b == poisoned) continue;
            Assert.True(results[b].IsSuccess);
            int rows = clean.Times.Length * n;
            Tolerances.AssertClose(cpu.Outputs.AsSpan(b * rows, rows), outputs.AsSpan(b * rows, rows), tolerance.State, $"outputs of {b}");
            Tolerances.AssertClose(cpu.GradZ0.AsSpan(b * n, n), gradZ0.AsSpan(b * n, n), tolerance.Gradient, $"∂L/∂z0 of {b}");
            for (int j = 0; j < 3; j++) expectedTheta[j] += cpu.GradTheta[b * 3 + j];
        }
        Tolerances.AssertClose(expectedTheta, gradTheta, tolerance.Gradient, "∂L/∂θ summed without the poisoned trajectory");
    }

    [Fact]
    public void TooManySteps_ForTheCheckpointCapacity_IsAStatusNotACrash()
    {
        Problem problem = Problems.Lorenz(2, sharedTheta: true);
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(2, TestBackends.Device(GpuBackend.Cpu), problem.Options,
            new GpuEnsembleOptions { CheckpointCapacity = 5 });
        var results = new SolveResult[2];
        EnsembleResult solve = gpu.Solve(problem.Z0, problem.Theta, problem.Times, new double[2 * 3 * 3], results);
        Assert.Equal(2, solve.Failed);
        Assert.Equal(OdeStatus.CheckpointCapacityExceeded, results[0].Status);
        Assert.Equal(5, results[0].Step);
        // The advice names the GPU's own setting: its store never grows, so CheckpointGrowth alone would change nothing.
        Assert.Contains("GpuEnsembleOptions.CheckpointCapacity", results[0].Describe());
    }

    [Fact]
    public void MaxSteps_IsAStatusWithTimeAndStep()
    {
        Problem problem = Problems.Lorenz(1, sharedTheta: true, options: Problems.Options with { MaxSteps = 4 });
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(1, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        var results = new SolveResult[1];
        gpu.Solve(problem.Z0, problem.Theta, problem.Times, new double[3 * 3], results);
        Assert.Equal(OdeStatus.MaxStepsExceeded, results[0].Status);
        Assert.True(results[0].Time > 0 && results[0].StepSize > 0);
    }

    private static CpuComparison.Outcome CpuPerTrajectoryRows(Problem problem, int trajectories)
    {
        using var solver = new EnsembleSolver<double, CpuSystem<double, LorenzSystem<double>>>(trajectories, problem.Options);
        var outputs = new double[trajectories * problem.Times.Length * 3];
        var results = new SolveResult[trajectories];
        solver.Solve(problem.Z0, problem.Theta, problem.Times, outputs, results).ThrowIfFailed();
        var gradZ0 = new double[trajectories * 3];
        var rows = new double[trajectories * 3];
        var gradients = new GradientResult[trajectories];
        solver.Gradient(problem.Seeds, gradZ0, rows, gradients).ThrowIfFailed();
        return new CpuComparison.Outcome(outputs, gradZ0, rows, results, gradients);
    }

    [Fact]
    public void SolveAndGradient_AfterDispose_ThrowObjectDisposedExceptionNamingTheSolver()
    {
        // Before, a disposed solver ran on its freed buffers: one Solve returned, the next ended the process with
        // ILGPU's "Sub view out of range" assertion (a user trial).
        const int B = 3;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        var outputs = new double[B * problem.Times.Length * 3];
        gpu.Solve(problem.Z0, problem.Theta, problem.Times, outputs, new SolveResult[B]).ThrowIfFailed();
        gpu.Dispose();
        var solve = Assert.Throws<ObjectDisposedException>(() =>
            gpu.Solve(problem.Z0, problem.Theta, problem.Times, outputs, new SolveResult[B]));
        Assert.StartsWith("GpuEnsembleSolver<Double, ", solve.ObjectName);
        Assert.Contains("create a new one", solve.Message);
        Assert.Throws<ObjectDisposedException>(() =>
            gpu.Gradient(problem.Seeds, new double[B * 3], new double[3], new GradientResult[B]));
    }

    [Fact]
    public void FloatSolver_RelativeToleranceBelowFloatEpsilon_Throws()
    {
        var options = new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 };
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GpuEnsembleSolver<float, Dopri5Stepper<float, Real32, LorenzSystem<float>>>(2, TestBackends.Device(GpuBackend.Cpu), options));
        Assert.Contains("below the precision of Single", exception.Message);
    }
}
