using AcaKernels.Ensembles;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// The native solver without per-trajectory results (empty results spans): the status words are summed on the device
/// by the embedded tally kernel and stay there unless a trajectory failed, the time gradients are not copied back, and
/// the rows and aggregates are the bits of the same calls with results — a NaN z₀ failing one trajectory, θ shared
/// (summed from the status words) and per trajectory; and, without failures, over several tally blocks.
/// </summary>
public sealed class NativeAggregateOnlyTests
{
    private const int Poisoned = 4;

    /// <param name="deviceTally">false: a catalog without the tally kernel (one built before it existed), whose solver
    /// copies the status words back and tallies them on the host.</param>
    [OpenCLTheory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void OpenCL_WithoutResults_TheSameRowsAndAggregates(bool sharedTheta, bool deviceTally)
    {
        Problem problem = Problem.Lorenz(9, sharedTheta);
        problem.Z0[Poisoned * problem.N + 1] = double.NaN;
        int b = problem.Trajectories;
        GpuKernelCatalog catalog = deviceTally ? Native.Catalog : Native.Catalog.Without(KernelKind.TrajectoryTally);
        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(b, catalog, problem.Options,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        Assert.Equal(deviceTally, solver.TalliesOnDevice);
        var results = new SolveResult[b];
        var gradients = new GradientResult[b];
        var want = Run(solver, problem, results, gradients);
        var got = Run(solver, problem, [], []);

        AssertSameRowsAndAggregates(want, got);
        Assert.Equal(1, got.solve.Failed);
        Assert.Equal(results[Poisoned], got.solve.FirstFailure);
        Assert.Equal(OdeStatus.NonFiniteState, got.solve.FirstFailure.Status);
    }

    /// <summary>600 trajectories: three blocks of the device tally (256 each, the last partial), no failure: the
    /// aggregates come from the block sums alone and equal the host's tally of the results.</summary>
    [OpenCLFact]
    public void OpenCL_WithoutResultsOrFailures_TheDeviceTallyIsTheHostTally()
    {
        Problem problem = Problem.Lorenz(600, sharedTheta: true);
        int b = problem.Trajectories;
        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(b, Native.Catalog, problem.Options,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        var want = Run(solver, problem, new SolveResult[b], new GradientResult[b]);
        var got = Run(solver, problem, [], []);
        Assert.False(solver.LastCall.HostPassRan, $"the gradient without results or failures made a host pass: {solver.LastCall}");

        AssertSameRowsAndAggregates(want, got);
        Assert.Equal(0, got.solve.Failed);
        Assert.True(got.solve.AcceptedSteps > b, $"{got.solve.AcceptedSteps} accepted steps for {b} trajectories");
    }

    private static void AssertSameRowsAndAggregates(
        (double[] outputs, double[] gradZ0, double[] gradTheta, EnsembleResult solve, EnsembleResult gradient) want,
        (double[] outputs, double[] gradZ0, double[] gradTheta, EnsembleResult solve, EnsembleResult gradient) got)
    {
        Outcome.AssertClose(want.outputs, got.outputs, 0, "outputs");
        Outcome.AssertClose(want.gradZ0, got.gradZ0, 0, "∂L/∂z0");
        Outcome.AssertClose(want.gradTheta, got.gradTheta, 0, "∂L/∂θ");
        Assert.Equal(want.solve, got.solve);
        Assert.Equal(want.gradient, got.gradient);
    }

    private static (double[] outputs, double[] gradZ0, double[] gradTheta, EnsembleResult solve, EnsembleResult gradient) Run(
        NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5> solver, Problem problem, SolveResult[] results,
        GradientResult[] gradients)
    {
        var outputs = new double[problem.Seeds.Length];
        var (gradZ0, gradTheta) = (new double[problem.Z0.Length], new double[problem.Theta.Length]);
        EnsembleResult solve = solver.Solve(problem.Z0, problem.Theta, problem.Times, outputs, results);
        EnsembleResult gradient = solver.Gradient(problem.Seeds, gradZ0, gradTheta, gradients);
        return (outputs, gradZ0, gradTheta, solve, gradient);
    }
}
