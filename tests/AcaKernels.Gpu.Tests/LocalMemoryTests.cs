using System.Reflection;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Support;
using Xunit.Abstractions;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The per-thread local memory of the GPU check's float32 Lorenz kernels on PTX (offline, sm_80, O2, a fresh context
/// per kernel as the CUDA accelerator compiles them): the counts are written to the test output, and the kernels
/// whose state lives in registers are pinned at zero.
/// </summary>
public sealed class LocalMemoryTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kernels() => new(KernelCases.Keys);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_LocalMemory_IsCounted(string name)
    {
        string ptx = Ptx(KernelCases[name], name);
        PtxLocalMemory local = PtxLocalMemory.Of(ptx), entry = PtxLocalMemory.OfEntry(ptx);
        output.WriteLine($"{name}: {local} (entry function: {entry})");
        Assert.True(local.Bytes >= entry.Bytes);
    }

    public static TheoryData<string> RegisterKernelNames() =>
        new()
        {
            "rk4-fixed-f32", "tsit5-fixed-f32", "dopri5-forward-f32", "dopri5-forward-f64", "dopri5-backward-f32", "mlp-forward-f32",
            "threebody-forward-f64", "threebody-backward-f64",
        };

    /// <summary>The register fixed-step kernels (what GpuFixedStepSolver runs for Lorenz: state, stages and θ in registers),
    /// the register adaptive forward (z, z_new, k₀, θ, the stages and the error estimate in registers; float32 and float64)
    /// and the register ACA backward (adjoint, replayed state, stage inputs and ∂L/∂θ in registers). The forward had 104 B
    /// until RESULTS.md §56: the initial step's double Math.Pow (ILGPU.Algorithms' CORDIC, its matrices per thread) and
    /// two <c>out bool</c> flags of the step rule, which ILGPU keeps in local memory once their address is taken. The
    /// neural ODE's register forward (a loop-form system, θ in device memory) and the planar three-body problem's register
    /// kernels (a straight-line f whose Dormand-Prince 5 step VJP is the loop form: its stage arrays are arrays of their own,
    /// at constant indices) have none either; their array kernels had 80 B and 312 B (RESULTS.md §67).</summary>
    [Theory]
    [MemberData(nameof(RegisterKernelNames))]
    public void RegisterKernel_HasNoLocalMemory(string name)
    {
        PtxLocalMemory local = PtxLocalMemory.Of(Ptx(KernelCases[name], name));
        Assert.True(local.IsNone, $"{name}: {local}");
    }

    /// <summary>The loop-form register backward of a neural ODE (SweptMlp: 2 states, θ of 174, its f indexing θ in loops; float32 swept, float64 stage by stage):
    /// state, adjoints, every stage's input, value and seed in registers (the generator writes the component loops out and
    /// gives each stage array its own per-thread array), so the one per-thread array left in local memory is the ∂L/∂θ
    /// accumulator f's loops index — m values, whichever way the stages add into it. Before the register form for loop-form
    /// systems the view kernels had 848 B here (RESULTS.md §67).</summary>
    [Theory]
    [InlineData("mlp-backward-f32", sizeof(float))]
    [InlineData("mlp-backward-f64-per-stage", sizeof(double))]
    public void LoopFormRegisterBackward_KeepsOnlyTheParameterAccumulatorInLocalMemory(string name, int valueSize)
    {
        PtxLocalMemory local = PtxLocalMemory.Of(Ptx(KernelCases[name], name));
        Assert.True(local.Bytes == valueSize * Systems.SweptMlp.ParameterSize, $"{name}: {local}");
    }

    /// <summary>The .local counter reads ILGPU's declarations (an array and a scalar) and instructions.</summary>
    [Fact]
    public void Counter_ReadsDeclarationsAndInstructions()
    {
        const string ptx = """
            .local .align 4 .b8 __local_depot0[24];
            	.local .f32 x;
            	ld.local.f32 %f1, [%rd1];
            	st.local.v2.f32 [%rd2], {%f1, %f2};
            	ld.global.f32 %f3, [%rd3];
            """;
        Assert.Equal(new PtxLocalMemory(28, 1, 1), PtxLocalMemory.Of(ptx));
    }

    private static readonly Dictionary<string, MethodInfo> KernelCases = new()
    {
        ["rk4-fixed-f32"] = RegisterKernels.For(typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(FixedStepRk4RegisterKernel))!,
        ["rk4-fixed-f32-views"] = Instantiate(typeof(FixedStepRk4Kernel), typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
        ["tsit5-fixed-f32"] = RegisterKernels.ForTrialStep(typeof(Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5), typeof(float), typeof(GpuFloat32),
            typeof(FixedStepTableauRegisterKernel))!,
        ["tsit5-fixed-f32-views"] = Instantiate(typeof(FixedStepTableauKernel), typeof(Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5)),
        ["dopri5-forward-f32"] = RegisterKernels.ForTrialStep(typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(ForwardRegisterKernel))!,
        ["dopri5-forward-f64"] = RegisterKernels.ForTrialStep(typeof(Systems.Lorenz.RhsOde.Gpu.DormandPrince5), typeof(double), typeof(GpuFloat64),
            typeof(ForwardRegisterKernel))!,
        ["dopri5-forward-f32-views"] = Instantiate(typeof(ForwardKernel), typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
        ["dopri5-backward-f32"] = RegisterKernels.ForTrialStep(typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(BackwardRegisterKernel))!,
        ["dopri5-backward-f32-views"] = Instantiate(typeof(BackwardKernel), typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
        ["mlp-forward-f32"] = RegisterKernels.ForTrialStep(typeof(Systems.SweptMlp.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(ForwardRegisterKernel))!,
        ["mlp-backward-f32"] = RegisterKernels.ForTrialStep(typeof(Systems.SweptMlp.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(BackwardRegisterKernel))!,
        ["mlp-backward-f64-per-stage"] = RegisterKernels.ForTrialStep(typeof(Systems.SweptMlp.RhsPerStageOde.Gpu.DormandPrince5), typeof(double),
            typeof(GpuFloat64), typeof(BackwardRegisterKernel))!,
        ["mlp-backward-f32-views"] = Instantiate(typeof(BackwardKernel), typeof(Systems.SweptMlp.RhsSingleOde.Gpu.DormandPrince5)),
        // The planar three-body problem: a straight-line f whose Dormand-Prince 5 step VJP is too large for the straight-line
        // step kernels, so its register trial step inlines f per stage and its backward runs the loop-form step VJP.
        ["threebody-forward-f64"] = RegisterKernels.ForTrialStep(typeof(Systems.ThreeBody.PlanarOde.Gpu.DormandPrince5), typeof(double),
            typeof(GpuFloat64), typeof(ForwardRegisterKernel))!,
        ["threebody-backward-f64"] = RegisterKernels.ForTrialStep(typeof(Systems.ThreeBody.PlanarOde.Gpu.DormandPrince5), typeof(double),
            typeof(GpuFloat64), typeof(BackwardRegisterKernel))!,
        ["threebody-backward-f64-views"] = typeof(BackwardKernel).GetMethod("Run")!.MakeGenericMethod(typeof(double),
            typeof(Systems.ThreeBody.PlanarOde.Gpu.DormandPrince5), typeof(GpuFloat64)),
    };

    private static MethodInfo Instantiate(Type kernel, Type stepper) =>
        kernel.GetMethod("Run")!.MakeGenericMethod(typeof(float), stepper, typeof(GpuFloat32));

    internal static string Ptx(MethodInfo kernel, string name)
    {
        string ptx = OfflineKernels.Ptx(kernel);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"acakernels-local-{name}.ptx"), ptx);
        return ptx;
    }
}
