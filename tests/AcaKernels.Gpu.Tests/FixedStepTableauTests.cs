using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// <see cref="FixedStepMethod.StepperTableau"/>: the stepper's tableau through its fused trial step with a constant
/// step, against the CPU ensemble engine running the same tableau with <see cref="OdeOptions.FixedStep"/> (Lorenz
/// float32, t ∈ [0, 1], 1000 steps of 0.001; Tsit5 and Dopri5 are FSAL, Bogacki-Shampine 3 too, Heun-Euler is not).
/// </summary>
/// <remarks>
/// Tolerances, |gpu − cpu| ≤ tol·max(1, |cpu|): the arithmetic of a step is the same generated code on both sides, but
/// the CPU engine accumulates t and clips its last step onto t = 1 (a step differing from 0.001 by an ulp of t, or a
/// 1001st step of ~1e-16), so on the CPU accelerator 1e-6 (far below float32's accumulated rounding, ~1e-5, and far
/// above what such a step changes, ~1e-13); on OpenCL 1e-4, the float32 row of the GPU tolerance table
/// (Support/Tolerances.cs: contracted multiply-adds over 1000 steps, amplified ≤ e^0.9).
/// </remarks>
public sealed class FixedStepTableauTests
{
    private const int Steps = 1000;
    private const double H = 0.001;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Tsit5_MatchesCpuEngineFixedStep(GpuBackend backend) =>
        Check<Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5>(backend, RungeKuttaMethod.Tsitouras5, trajectories: 1000);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Dopri5_MatchesCpuEngineFixedStep(GpuBackend backend) =>
        Check<Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, RungeKuttaMethod.DormandPrince5, trajectories: 7);

    [Theory]
    [MemberData(nameof(Backends))]
    public void HeunEuler_NotFsal_MatchesCpuEngineFixedStep(GpuBackend backend) =>
        Check<Systems.Lorenz.RhsSingleOde.Gpu.HeunEuler>(backend, RungeKuttaMethod.HeunEuler, trajectories: 33);

    [Fact]
    public void PoisonedTrajectory_FailsAlone()
    {
        const int B = 9;
        float[] z0 = ByComponent(B);
        z0[2 * B + 4] = float.NaN;
        using var solver = new GpuFixedStepSolver<float, Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5>(B, TestBackends.Device(GpuBackend.Cpu),
            method: FixedStepMethod.StepperTableau);
        var status = new OdeStatus[B];
        Assert.Equal(1, solver.Solve(z0, [10f, 28f, 8f / 3f], 0, H, Steps, new float[3 * B], status));
        for (int b = 0; b < B; b++) Assert.Equal(b == 4 ? OdeStatus.NonFiniteState : OdeStatus.Success, status[b]);
    }

    private static void Check<TStepper>(GpuBackend backend, RungeKuttaMethod method, int trajectories) where TStepper : struct, IGpuStepper<float>
    {
        int B = trajectories;
        float[] z0 = ByComponent(B);
        float[] theta = [10f, 28f, 8f / 3f];
        using var gpu = new GpuFixedStepSolver<float, TStepper>(B, TestBackends.Device(backend), method: FixedStepMethod.StepperTableau);
        var finals = new float[3 * B];
        Assert.Equal(0, gpu.Solve(z0, theta, 0, H, Steps, finals, new OdeStatus[B]));
        FixedStepFinals.AssertClose(FixedStepFinals.CpuEngineLorenz(method, B, z0, theta, H, Steps), finals, B,
            backend == GpuBackend.Cpu ? 1e-6 : 1e-4, "CPU engine");
    }

    /// <summary>z₀ near (1, 1, 1) ± 10 %, component-major; drawn trajectory by trajectory, as the engine reads them.</summary>
    private static float[] ByComponent(int trajectories)
    {
        var random = new Random(21);
        var byComponent = new float[3 * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int j = 0; j < 3; j++) byComponent[j * trajectories + b] = (float)(1.0 + 0.1 * (2 * random.NextDouble() - 1));
        return byComponent;
    }
}
