using AcaKernels.Ensembles;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// The native OpenCL path (the embedded OpenCL C through libOpenCL, no ILGPU) on PoCL: the same bits as
/// GpuEnsembleSolver through ILGPU on the same device, and the CPU ensemble engine's results within the GPU tests'
/// tolerances.
/// </summary>
/// <remarks>
/// Tolerances against the CPU engine, float64: states 1e-9, gradients 1e-8 relative (|Δ| ≤ tol·max(1, |cpu|)): the
/// table of AcaKernels.Gpu.Tests (Support/Tolerances.cs), justified there: PoCL's sqrt/pow and contracted
/// multiply-adds differ from .NET by an ulp, which the error estimate's cancellation turns into step sizes differing
/// by up to ~5e-8 relative and final states by ~1e-13; a changed accept/reject decision would move them by ~rtol =
/// 1e-6. Against ILGPU on the same device: 0 (bitwise) — the same OpenCL C built by the same driver with the same
/// arguments must compute the same numbers.
/// </remarks>
public sealed class NativeOpenCLTests
{
    private const double State = 1e-9, Gradient = 1e-8;

    [OpenCLFact]
    public void Lorenz_SharedTheta_EqualsIlgpuOnTheSameDevice_Bitwise()
    {
        Problem problem = Problem.Lorenz(37, sharedTheta: true);
        Outcome native = RunNative<LorenzDynamics.RhsOde.Gpu.DormandPrince5>(problem, GpuBackend.OpenCL);
        Outcome ilgpu;
        using (var solver = new GpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(problem.Trajectories, problem.Options,
                   new GpuEnsembleOptions { Backend = GpuBackend.OpenCL }))
            ilgpu = Outcome.Of(problem, (z, p, t, o, r) => solver.Solve(z, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
        Outcome.AssertClose(ilgpu.Outputs, native.Outputs, 0, "outputs");
        Outcome.AssertClose(ilgpu.GradZ0, native.GradZ0, 0, "∂L/∂z0");
        Outcome.AssertClose(ilgpu.GradTheta, native.GradTheta, 0, "∂L/∂θ");
        for (int b = 0; b < problem.Trajectories; b++)
            Assert.Equal(ilgpu.Results[b].Statistics.AcceptedSteps, native.Results[b].Statistics.AcceptedSteps);
    }

    [OpenCLFact]
    public void Lorenz_SharedAndPerTrajectoryTheta_MatchCpuEnsemble()
    {
        foreach (int trajectories in (int[])[1, 7, 1000, 3000]) // 3000: three blocks of the shared θ's device sum
            foreach (bool shared in (bool[])[true, false])
            {
                Problem problem = Problem.Lorenz(trajectories, shared);
                Compare<LorenzDynamics.RhsOde, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(problem);
            }
    }

    [OpenCLFact]
    public void ThreeBody_PerTrajectoryMasses_MatchCpuEnsemble() =>
        Compare<ThreeBodyDynamics.RhsOde, ThreeBodyDynamics.RhsOde.Gpu.DormandPrince5>(Problem.ThreeBody(7));

    [OpenCLFact]
    public void PoisonedTrajectory_FailsAlone()
    {
        Problem problem = Problem.Lorenz(9, sharedTheta: true);
        problem.Z0[3 * 4 + 1] = double.NaN;
        Outcome native = RunNative<LorenzDynamics.RhsOde.Gpu.DormandPrince5>(problem, GpuBackend.OpenCL);
        for (int b = 0; b < problem.Trajectories; b++)
        {
            Assert.Equal(b == 4 ? OdeStatus.NonFiniteState : OdeStatus.Success, native.Results[b].Status);
            Assert.Equal(b == 4 ? OdeStatus.NoForwardSolve : OdeStatus.Success, native.Gradients[b].Result.Status);
            Assert.Equal(b == 4, double.IsNaN(native.GradZ0[3 * b]));
        }
        Assert.True(native.GradTheta.All(double.IsFinite), "the shared ∂L/∂θ sums the healthy trajectories only");
    }

    [OpenCLFact]
    public void SolverOnOpenCL_ReportsItsBackendAndDevice()
    {
        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(3, Native.Catalog, Problem.Tolerances,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        Assert.Equal(GpuBackend.OpenCL, solver.Backend);
        Assert.False(string.IsNullOrWhiteSpace(solver.DeviceName));
        Assert.True(solver.SumsSharedParameterGradient, "the catalog embeds the block-sum kernel: a shared θ's rows stay on the device");
    }

    internal static Outcome RunNative<TStepper>(Problem problem, GpuBackend backend) where TStepper : struct, IGpuStepper<double>
    {
        using var solver = new NativeGpuEnsembleSolver<double, TStepper>(problem.Trajectories, Native.Catalog, problem.Options,
            new GpuEnsembleOptions { Backend = backend });
        Assert.Equal(backend, solver.Backend);
        return Outcome.Of(problem, (z, p, t, o, r) => solver.Solve(z, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
    }

    internal static void Compare<TDynamics, TStepper>(Problem problem, GpuBackend backend = GpuBackend.OpenCL)
        where TDynamics : IOdeDynamics<double> where TStepper : struct, IGpuStepper<double>
    {
        Outcome gpu = RunNative<TStepper>(problem, backend);
        Outcome cpu;
        using (var solver = new EnsembleSolver<double, TDynamics>(problem.Trajectories, problem.Options))
            cpu = Outcome.Of(problem, (z, p, t, o, r) => solver.Solve(z, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
        for (int b = 0; b < problem.Trajectories; b++)
        {
            Assert.True(gpu.Results[b].IsSuccess, gpu.Results[b].Describe());
            Assert.True(gpu.Gradients[b].IsSuccess, gpu.Gradients[b].Result.Describe());
        }
        Outcome.AssertClose(cpu.Outputs, gpu.Outputs, State, $"B = {problem.Trajectories}: outputs");
        Outcome.AssertClose(cpu.GradZ0, gpu.GradZ0, Gradient, $"B = {problem.Trajectories}: ∂L/∂z0");
        Outcome.AssertClose(cpu.GradTheta, gpu.GradTheta, Gradient, $"B = {problem.Trajectories}: ∂L/∂θ");
    }
}
