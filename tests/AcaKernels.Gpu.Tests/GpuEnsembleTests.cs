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

    [CudaFact]
    public void Lorenz_OnCuda_MatchesCpuEnsemble() =>
        CpuComparison.Compare<LorenzSystem<double>>(Problems.Lorenz(1000, sharedTheta: true), 1000, GpuBackend.Cuda);
}
