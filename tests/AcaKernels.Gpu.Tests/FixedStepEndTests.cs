using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The GPU ensemble's forward kernel takes StepRule.StepToTry as the CPU engine does: a fixed step h on [t₀, t₀ + 1]
/// with 1/h an integer takes exactly 1/h steps and lands on t₀ + 1 (no sliver step after t's rounded additions),
/// and its results still match the CPU ensemble's.
/// </summary>
public sealed class FixedStepEndTests
{
    public static TheoryData<GpuBackend, double, double, int> Cases()
    {
        var data = new TheoryData<GpuBackend, double, double, int>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (double t0 in new[] { 0.0, 1e6 })
            {
                data.Add(backend, t0, 0.1, 10);
                data.Add(backend, t0, 1e-3, 1000);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lorenz_FixedStep_TakesTheWholeNumberOfStepsAndMatchesCpu(GpuBackend backend, double t0, double h, int steps)
    {
        const int B = 3;
        Problem problem = Problems.Lorenz(B, sharedTheta: true, times: [t0, t0 + 1], options: Problems.Options with { FixedStep = h });
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(backend),
            problem.Options);
        var results = new SolveResult[B];
        gpu.Solve(problem.Z0, problem.Theta, problem.Times, new double[B * 2 * 3], results).ThrowIfFailed();
        foreach (SolveResult result in results)
        {
            Assert.Equal(t0 + 1, result.Time);
            Assert.Equal(steps, result.Statistics.AcceptedSteps);
            Assert.Equal(0, result.Statistics.RejectedSteps);
        }
        CpuComparison.Compare<LorenzSystem<double>>(problem, B, backend);
    }
}
