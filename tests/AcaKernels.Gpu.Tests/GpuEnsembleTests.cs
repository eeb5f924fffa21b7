using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The GPU ensemble against the CPU engine's <see cref="Ensembles.EnsembleSolver{T, TDynamics}"/>: outputs (final states
/// included), ∂L/∂z₀ and ∂L/∂θ within <see cref="Tolerances"/> for the backend, on ILGPU's CPU accelerator and on
/// OpenCL (PoCL in CI).
/// </summary>
public sealed class GpuEnsembleTests
{
    public static TheoryData<GpuBackend, int> Cases()
    {
        var data = new TheoryData<GpuBackend, int>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (int trajectories in new[] { 1, 7, 1000 })
                data.Add(backend, trajectories);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lorenz_SharedTheta_MatchesCpuEnsemble(GpuBackend backend, int trajectories)
    {
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(trajectories, sharedTheta: true), trajectories, backend);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lorenz_PerTrajectoryTheta_MatchesCpuEnsemble(GpuBackend backend, int trajectories)
    {
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(trajectories, sharedTheta: false), trajectories, backend);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TanhMlp_SharedTheta_MatchesCpuEnsemble(GpuBackend backend, int trajectories)
    {
        CpuComparison.Compare<TanhMlpSystem>(Problems.TanhMlp(trajectories), trajectories, backend);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThreeBody_PerTrajectoryMasses_MatchesCpuEnsemble(GpuBackend backend, int trajectories)
    {
        CpuComparison.Compare<ThreeBodySystem>(Problems.ThreeBody(trajectories), trajectories, backend);
    }

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    // Output times may decrease (the checks accept strictly monotone times either way): the kernels' direction, step
    // clipping and the backward sweep run in reverse time, adaptive and with OdeOptions.FixedStep. Lorenz is unstable
    // backwards (its flow contracts volume forwards), so the interval is short: t from 0.3 down to 0.
    [Theory]
    [MemberData(nameof(Backends))]
    public void Lorenz_DecreasingTimes_MatchesCpuEnsemble(GpuBackend backend)
    {
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(5, sharedTheta: false, times: [0.3, 0.2, 0.05, 0]), 5, backend);
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(3, sharedTheta: true, times: [0.3, 0.13, 0],
            options: Problems.Options with { FixedStep = 0.01 }), 3, backend);
    }

    [CudaFact]
    public void Lorenz_OnCuda_MatchesCpuEnsemble() =>
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(1000, sharedTheta: true), 1000, GpuBackend.Cuda);
}
