using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests.Support;

/// <summary>Solves and differentiates one problem on the CPU engine and on a GPU backend, and compares.</summary>
public static class CpuComparison
{
    public sealed record Outcome(double[] Outputs, double[] GradZ0, double[] GradTheta, SolveResult[] Results, GradientResult[] Gradients);

    public static Outcome Cpu<TSystem>(Problem problem, int trajectories) where TSystem : ITestSystem<double>
    {
        using var solver = new EnsembleSolver<double, CpuSystem<double, TSystem>>(trajectories, problem.Options);
        return Run(problem, trajectories, TSystem.N,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
    }

    public static Outcome Gpu<TSystem>(Problem problem, int trajectories, GpuBackend backend, int? capacity = null)
        where TSystem : ITestSystem<double>
    {
        using var solver = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, TSystem>>(trajectories, TestBackends.Device(backend), problem.Options,
            new GpuEnsembleOptions { CheckpointCapacity = capacity });
        Assert.Equal(backend, solver.Backend);
        return Run(problem, trajectories, TSystem.N,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
    }

    /// <summary>Both, then final states, every output, ∂L/∂z₀, ∂L/∂θ and the time gradients within the backend's tolerance.</summary>
    public static void Compare<TSystem>(Problem problem, int trajectories, GpuBackend backend, int? capacity = null)
        where TSystem : ITestSystem<double>
    {
        Outcome cpu = Cpu<TSystem>(problem, trajectories);
        Outcome gpu = Gpu<TSystem>(problem, trajectories, backend, capacity);
        Tolerances.Entry tolerance = Tolerances.For(backend);
        Tolerances.AssertClose(cpu.Outputs, gpu.Outputs, tolerance.State, "outputs");
        Tolerances.AssertClose(cpu.GradZ0, gpu.GradZ0, tolerance.Gradient, "∂L/∂z0");
        Tolerances.AssertClose(cpu.GradTheta, gpu.GradTheta, tolerance.Gradient, "∂L/∂θ");
        Tolerances.AssertClose(TimeGradients(cpu), TimeGradients(gpu), tolerance.Gradient, "(∂L/∂t0, ∂L/∂t_end)");
        for (int b = 0; b < trajectories; b++)
        {
            Assert.True(gpu.Results[b].IsSuccess, gpu.Results[b].Describe());
            Assert.True(gpu.Gradients[b].IsSuccess, gpu.Gradients[b].Result.Describe());
            // Step counts are the same only where the arithmetic is (never compare step sequences across backends).
            if (backend == GpuBackend.Cpu) Assert.Equal(cpu.Results[b].Statistics.AcceptedSteps, gpu.Results[b].Statistics.AcceptedSteps);
        }
    }

    /// <summary>(∂L/∂t₀, ∂L/∂t_end) of every trajectory, flat.</summary>
    public static double[] TimeGradients(Outcome outcome) =>
        outcome.Gradients.SelectMany(g => new[] { g.GradientT0, g.GradientTEnd }).ToArray();

    private delegate EnsembleResult SolveCall(double[] z0, double[] p, double[] times, double[] outputs, SolveResult[] results);
    private delegate EnsembleResult GradientCall(double[] seeds, double[] gradZ0, double[] gradP, GradientResult[] results);

    private static Outcome Run(Problem problem, int trajectories, int n, SolveCall solve, GradientCall gradient)
    {
        var outputs = new double[trajectories * problem.Times.Length * n];
        var results = new SolveResult[trajectories];
        solve(problem.Z0, problem.Theta, problem.Times, outputs, results).ThrowIfFailed();
        var gradZ0 = new double[trajectories * n];
        var gradTheta = new double[problem.Theta.Length];
        var gradients = new GradientResult[trajectories];
        gradient(problem.Seeds, gradZ0, gradTheta, gradients).ThrowIfFailed();
        return new Outcome(outputs, gradZ0, gradTheta, results, gradients);
    }
}
