using AcaKernels.Experiments.Lorenz;
using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// The native CUDA path (the embedded PTX through libcuda, no ILGPU) against the CPU ensemble engine, with the GPU
/// tests' float64 tolerances (see <see cref="NativeOpenCLTests"/>). Skipped, saying why, where there is no NVIDIA GPU
/// and driver (CI).
/// </summary>
public sealed class NativeCudaTests
{
    [CudaFact]
    public void Lorenz_SharedAndPerTrajectoryTheta_MatchCpuEnsemble()
    {
        foreach (int trajectories in (int[])[1, 7, 1000, 65_537])
            foreach (bool shared in (bool[])[true, false])
                NativeOpenCLTests.Compare<LorenzDynamics.RhsOde, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(
                    Problem.Lorenz(trajectories, shared), GpuBackend.Cuda);
    }

    [CudaFact]
    public void ThreeBody_PerTrajectoryMasses_MatchCpuEnsemble() =>
        NativeOpenCLTests.Compare<ThreeBodyDynamics.RhsOde, ThreeBodyDynamics.RhsOde.Gpu.DormandPrince5>(Problem.ThreeBody(1000), GpuBackend.Cuda);

    [CudaFact]
    public void Auto_PicksCuda()
    {
        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(3, Native.Catalog);
        Assert.Equal(GpuBackend.Cuda, solver.Backend);
    }
}
