using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The fixed-step register kernels (state, stages and θ in struct fields, no per-thread arrays) against the
/// per-thread-array kernels they replace, on the same inputs: GpuFixedStepSolver picks the register form for systems
/// that have it and falls back to the arrays for the others. (FixedStepRk4Tests and FixedStepTableauTests compare the
/// solver, now on the register kernels for Lorenz, with an independent RK4 and with the CPU engine.)
/// </summary>
/// <remarks>Tolerances: on ILGPU's CPU accelerator 0 — both kernels run as .NET code doing the same operations in the
/// same order. On OpenCL each may be contracted into fused multiply-adds differently by the device compiler (the
/// register kernel is one straight block, the array kernel has loops), so each rounding of a step may differ by an
/// ulp: FixedStepRk4Tests' bound, 1e-4 relative for float32 over 1000 steps on t ∈ [0, 1].</remarks>
public sealed class FixedStepRegisterFormTests
{
    private const int Steps = 1000;
    private const double H = 0.001;

    public static TheoryData<GpuBackend, FixedStepMethod> Cases()
    {
        var data = new TheoryData<GpuBackend, FixedStepMethod>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (FixedStepMethod method in new[] { FixedStepMethod.ClassicalRk4, FixedStepMethod.StepperTableau }) data.Add(backend, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LorenzSingle_RegisterKernel_EqualsArrayKernel(GpuBackend backend, FixedStepMethod method)
    {
        const int B = 257; // not a multiple of a group: the last group is partly idle
        var random = new Random(21);
        float[] z0 = Enumerable.Range(0, 3 * B).Select(_ => (float)(1 + 0.1 * (2 * random.NextDouble() - 1))).ToArray();
        double[] classic = [10, 28, 8.0 / 3];
        float[] theta = Enumerable.Range(0, 3 * B).Select(i => (float)(classic[i / B] * (1 + 0.05 * (2 * random.NextDouble() - 1)))).ToArray();
        z0[2 * B + 100] = float.NaN; // trajectory 100 fails alone in both

        (float[] registers, OdeStatus[] registerStatus) = Solve(backend, method, B, z0, theta, registerForm: true, expectRegisters: true);
        (float[] arrays, OdeStatus[] arrayStatus) = Solve(backend, method, B, z0, theta, registerForm: false, expectRegisters: false);

        Assert.Equal(arrayStatus, registerStatus);
        Assert.Equal(OdeStatus.NonFiniteState, registerStatus[100]);
        Assert.Equal(B - 1, registerStatus.Count(s => s == OdeStatus.Success));
        FixedStepFinals.AssertClose(arrays, registers, B, backend == GpuBackend.Cpu ? 0 : 1e-4, "array kernel", skip: [100]);
    }

    /// <summary>A loop-form system (an MLP with 16 hidden units: no straight-line form) has no register form; the solver
    /// runs the array kernels for it.</summary>
    [Fact]
    public void LoopFormSystem_RunsTheArrayKernels()
    {
        using var rk4 = new GpuFixedStepSolver<double, Systems.Coverage.WideMlpOde.Gpu.DormandPrince5>(3, TestBackends.Device(GpuBackend.Cpu));
        Assert.False(rk4.UsesRegisterForm);
        using var tableau = new GpuFixedStepSolver<double, Systems.Coverage.WideMlpOde.Gpu.DormandPrince5>(3, TestBackends.Device(GpuBackend.Cpu),
            method: FixedStepMethod.StepperTableau);
        Assert.False(tableau.UsesRegisterForm);
    }

    private static (float[] Finals, OdeStatus[] Status) Solve(GpuBackend backend, FixedStepMethod method, int trajectories, float[] z0,
        float[] theta, bool registerForm, bool expectRegisters)
    {
        using var solver = method == FixedStepMethod.ClassicalRk4
            ? Make<Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, method, trajectories, registerForm)
            : Make<Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5>(backend, method, trajectories, registerForm);
        Assert.Equal(expectRegisters, solver.UsesRegisterForm);
        var finals = new float[3 * trajectories];
        var status = new OdeStatus[trajectories];
        solver.Solve(z0, theta, 0.0, H, Steps, finals, status);
        return (finals, status);
    }

    private static IFixedStepSolver Make<TStepper>(GpuBackend backend, FixedStepMethod method, int trajectories, bool registerForm)
        where TStepper : struct, IGpuStepper<float> =>
        new Wrapped<TStepper>(new GpuFixedStepSolver<float, TStepper>(trajectories, TestBackends.Device(backend), sharedParameters: false, method, registerForm));

    private interface IFixedStepSolver : IDisposable
    {
        bool UsesRegisterForm { get; }
        int Solve(ReadOnlySpan<float> z0, ReadOnlySpan<float> theta, double t0, double step, int steps, Span<float> finals, Span<OdeStatus> status);
    }

    private sealed class Wrapped<TStepper>(GpuFixedStepSolver<float, TStepper> solver) : IFixedStepSolver where TStepper : struct, IGpuStepper<float>
    {
        public bool UsesRegisterForm => solver.UsesRegisterForm;
        public int Solve(ReadOnlySpan<float> z0, ReadOnlySpan<float> theta, double t0, double step, int steps, Span<float> finals, Span<OdeStatus> status) =>
            solver.Solve(z0, theta, t0, step, steps, finals, status);
        public void Dispose() => solver.Dispose();
    }
}
