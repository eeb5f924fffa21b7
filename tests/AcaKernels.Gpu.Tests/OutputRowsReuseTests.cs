using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// A solver makes the output rows of shared times (b·T) and uploads them only when T changes, and keeps per-trajectory
/// rows until the next call: a sequence of calls that switches between shared times of the same and of other counts
/// and per-trajectory times gives, call for call, the bits a fresh solver gives for that call alone (same backend, same
/// kernels: deterministic). Stale rows would put outputs in the wrong places or read the wrong times.
/// </summary>
public sealed class OutputRowsReuseTests
{
    private const int B = 5;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void SharedAndPerTrajectoryTimes_InAnyOrder_GiveAFreshSolversBits(GpuBackend backend)
    {
        Problem problem = Problems.Lorenz(B, sharedTheta: false);
        (double[] Times, int[]? Offsets)[] calls =
        [
            ([0, 0.2, 0.4], null),
            ([0, 0.1, 0.3], null), // same count, other times: the rows stay, the times are new
            PerTrajectoryTimes(),
            ([0, 0.25, 0.5], null), // shared again after per-trajectory rows: the rows must be made again
            ([0, 0.5], null), // another count
            ([0, 0.5], null),
        ];
        GpuDevice device = TestBackends.Device(backend); // shared by the test run: not disposed here
        using var reused = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, device, problem.Options);
        for (int call = 0; call < calls.Length; call++)
        {
            (double[] times, int[]? offsets) = calls[call];
            using var fresh = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, device, problem.Options);
            (double[] outputs, double[] gradZ0, double[] gradTheta) expected = SolveAndDifferentiate(fresh, problem, times, offsets);
            (double[] outputs, double[] gradZ0, double[] gradTheta) actual = SolveAndDifferentiate(reused, problem, times, offsets);
            Assert.True(expected.outputs.AsSpan().SequenceEqual(actual.outputs), $"call {call}: outputs differ");
            Assert.True(expected.gradZ0.AsSpan().SequenceEqual(actual.gradZ0), $"call {call}: ∂L/∂z₀ differs");
            Assert.True(expected.gradTheta.AsSpan().SequenceEqual(actual.gradTheta), $"call {call}: ∂L/∂θ differs");
        }
    }

    private static (double[] Times, int[]? Offsets) PerTrajectoryTimes()
    {
        var times = new List<double>();
        var offsets = new int[B + 1];
        for (int b = 0; b < B; b++)
        {
            int count = 2 + b;
            for (int k = 0; k < count; k++) times.Add(0.6 * k / (count - 1));
            offsets[b + 1] = times.Count;
        }
        return ([.. times], offsets);
    }

    private static (double[], double[], double[]) SolveAndDifferentiate(
        GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>> solver, Problem problem, double[] times, int[]? offsets)
    {
        int rows = offsets is null ? B * times.Length : offsets[B];
        var outputs = new double[rows * 3];
        if (offsets is null) solver.Solve(problem.Z0, problem.Theta, times, outputs, new SolveResult[B]).ThrowIfFailed();
        else solver.Solve(problem.Z0, problem.Theta, times, offsets, outputs, new SolveResult[B]).ThrowIfFailed();
        var random = new Random(17);
        var seeds = new double[outputs.Length];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;
        var (gradZ0, gradTheta) = (new double[B * 3], new double[B * 3]);
        solver.Gradient(seeds, gradZ0, gradTheta, new GradientResult[B]).ThrowIfFailed();
        return (outputs, gradZ0, gradTheta);
    }
}
