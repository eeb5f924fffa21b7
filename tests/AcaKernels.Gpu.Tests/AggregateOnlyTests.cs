using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// Solve and Gradient with an empty results span return the aggregate only: the host makes no per-trajectory result,
/// reads the forward's (t, h) status words only when something failed, and copies no time gradients back. Everything
/// else must be what the same calls with results give: the same outputs, ∂L/∂z₀ and ∂L/∂θ bits (same device, same
/// kernels), the same <see cref="EnsembleResult"/> (counts, and the first failure whole: its time and step size come
/// from the words read afterwards), and NaN rows for a failed trajectory. A solve without results followed by a
/// gradient with them must still give each result its time (read then).
/// </summary>
public sealed class AggregateOnlyTests
{
    private const int B = 7, Failing = 3, N = 4, M = 3;

    public static TheoryData<GpuBackend, bool, string> Cases()
    {
        var data = new TheoryData<GpuBackend, bool, string>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (bool sharedTheta in new[] { false, true })
                foreach (string failure in new[] { "none", "NaN z0", "stiff" })
                    if (!(sharedTheta && failure == "stiff")) // a shared θ cannot make one trajectory stiff
                        data.Add(backend, sharedTheta, failure);
        return data;
    }

    private static readonly OdeOptions Options = new()
    {
        RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, MaxSteps = 2000, CheckpointCapacity = 4096,
        CheckpointGrowth = CheckpointGrowth.Fail,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WithoutResults_TheSameRowsAndAggregate(GpuBackend backend, bool sharedTheta, string failure)
    {
        double[] times = [0, 0.5, 1];
        var z0 = new double[B * N];
        var theta = new double[sharedTheta ? M : B * M];
        var random = new Random(23);
        for (int b = 0; b < B; b++)
        {
            z0[b * N] = 1;
            z0[b * N + 3] = 0.1 * random.NextDouble();
        }
        for (int i = 0; i < theta.Length; i += M) (theta[i], theta[i + 1], theta[i + 2]) = (0.5, 0.5, 1.0 + random.NextDouble());
        if (failure == "NaN z0") z0[Failing * N + 2] = double.NaN;
        if (failure == "stiff") theta[Failing * M + 2] = 1e5; // 2000 trial steps stop it: MaxStepsExceeded at t < 1
        var seeds = new double[B * times.Length * N];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;

        GpuDevice device = TestBackends.Device(backend); // shared by the test run: not disposed here
        using var full = new GpuEnsembleSolver<double, Hazards.RhsOde.Gpu.DormandPrince5>(B, device, Options);
        using var bare = new GpuEnsembleSolver<double, Hazards.RhsOde.Gpu.DormandPrince5>(B, device, Options);
        Run want = Run.Of(full, z0, theta, times, seeds, solveResults: true, gradientResults: true);
        Run got = Run.Of(bare, z0, theta, times, seeds, solveResults: false, gradientResults: false);
        want.AssertSameRowsAndAggregates(got, "no results");
        // LastCall says which calls made no pass over the trajectories: a Solve without results always (the device
        // tallied; a failure only reads the words it names), a Gradient without them when nothing failed.
        Assert.True(want.SolveCall.HostPassRan && want.GradientCall.HostPassRan);
        Assert.False(got.SolveCall.HostPassRan, got.SolveCall.ToString());
        Assert.Equal(failure != "none", got.GradientCall.HostPassRan);
        Assert.EndsWith("(no pass over the trajectories)", got.SolveCall.ToString());
        if (failure == "none") Assert.True(got.Solve.IsSuccess && got.Gradient.IsSuccess);
        else
        {
            Assert.Equal(1, got.Solve.Failed);
            Assert.Equal(Failing, got.Solve.FirstFailedTrajectory);
            Assert.Equal(want.SolveResults[Failing], got.Solve.FirstFailure); // time and step size included
            Assert.True(failure != "stiff" || got.Solve.FirstFailure.Time is > 0 and < 1, got.Solve.FirstFailure.Describe());
            Assert.Equal(OdeStatus.NoForwardSolve, got.Gradient.FirstFailure.Status);
            Assert.All(got.GradZ0.AsSpan(Failing * N, N).ToArray(), v => Assert.True(double.IsNaN(v)));
        }

        // Results for one call and not the other, in both orders, on the solver that ran without: each result whole.
        Run solveOnly = Run.Of(bare, z0, theta, times, seeds, solveResults: false, gradientResults: true);
        want.AssertSameRowsAndAggregates(solveOnly, "gradient results after a solve without");
        Assert.Equal(want.GradientResults, solveOnly.GradientResults);
        Run gradientOnly = Run.Of(bare, z0, theta, times, seeds, solveResults: true, gradientResults: false);
        want.AssertSameRowsAndAggregates(gradientOnly, "solve results, then a gradient without");
        Assert.Equal(want.SolveResults, gradientOnly.SolveResults);
    }

    private sealed record Run(double[] Outputs, double[] GradZ0, double[] GradTheta, EnsembleResult Solve, EnsembleResult Gradient,
        SolveResult[] SolveResults, GradientResult[] GradientResults, GpuCallTimes SolveCall, GpuCallTimes GradientCall)
    {
        public static Run Of(GpuEnsembleSolver<double, Hazards.RhsOde.Gpu.DormandPrince5> solver, double[] z0, double[] theta,
            double[] times, double[] seeds, bool solveResults, bool gradientResults)
        {
            var outputs = new double[seeds.Length];
            var (gradZ0, gradTheta) = (new double[B * N], new double[theta.Length]);
            var results = new SolveResult[solveResults ? B : 0];
            var gradients = new GradientResult[gradientResults ? B : 0];
            EnsembleResult solve = solver.Solve(z0, theta, times, outputs, results);
            GpuCallTimes solveCall = solver.LastCall;
            EnsembleResult gradient = solver.Gradient(seeds, gradZ0, gradTheta, gradients);
            return new Run(outputs, gradZ0, gradTheta, solve, gradient, results, gradients, solveCall, solver.LastCall);
        }

        public void AssertSameRowsAndAggregates(Run other, string what)
        {
            Assert.True(Outputs.AsSpan().SequenceEqual(other.Outputs), $"{what}: outputs differ");
            Assert.True(GradZ0.AsSpan().SequenceEqual(other.GradZ0), $"{what}: ∂L/∂z₀ differs");
            Assert.True(GradTheta.AsSpan().SequenceEqual(other.GradTheta), $"{what}: ∂L/∂θ differs");
            Assert.Equal(Solve, other.Solve);
            Assert.Equal(Gradient, other.Gradient);
        }
    }
}
