using System.Reflection;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Kernels;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// What the GPU check's float32 Lorenz kernels become on PTX (offline, no device; a fresh ILGPU context per kernel):
/// the fixed-step RK4 kernel compiles to PTX and OpenCL C, and no per-step path of the float32 kernels calls a double
/// exp/log/pow (ILGPU.Algorithms' software routines on PTX, thousands of instructions each: issue 9 item 5).
/// </summary>
public sealed class FixedStepKernelSourceTests
{
    private static MethodInfo Rk4 => typeof(FixedStepRk4Kernel).GetMethod("Run")!
        .MakeGenericMethod(typeof(float), typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(GpuFloat32));

    private static MethodInfo Forward => typeof(ForwardKernel).GetMethod("Run")!
        .MakeGenericMethod(typeof(float), typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(GpuFloat32));

    public static TheoryData<string> FixedKernels() => new() { "rk4", "tableau" };

    [Theory]
    [MemberData(nameof(FixedKernels))]
    public void FixedStepKernel_CompilesToPtx_WithoutCalls(string kernel)
    {
        string ptx = Ptx(Fixed(kernel), kernel);
        Assert.DoesNotContain("call", ptx); // f and the fused step inlined, no software math routine
        Assert.Contains("mul.f32", ptx);    // float32 states stay float32
    }

    [Theory]
    [MemberData(nameof(FixedKernels))]
    public void FixedStepKernel_CompilesToOpenCLC(string kernel)
    {
        using Context context = NewContext();
        var backend = new CLBackend(context, CLCapabilityContextFor(), CLDeviceVendor.Other, CLCVersion.CL12);
        var compiled = (CLCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(Fixed(kernel)), default);
        Assert.Contains("kernel void", compiled.Source);
    }

    /// <summary>
    /// The adaptive float32 forward kernel calls no software math routine: the per-step controller's exp/log are
    /// GpuStepMath's polynomials, inline fma.rn.f64, and so is the initial step's root (0.01/dMax)^(1/k), which was a
    /// double Math.Pow that ILGPU builds as ILGPU.Algorithms' CORDIC exp and log (four call sites, local memory and
    /// thousands of instructions per trajectory; RESULTS.md §56). A software exp/log/pow added anywhere in the kernel
    /// would add call sites to its entry function.
    /// </summary>
    [Fact]
    public void ForwardKernelSingle_OnPtx_CallsNoSoftwareMath()
    {
        string ptx = Ptx(Forward, "dopri5-forward-f32");
        string entry = ptx[ptx.IndexOf(".entry", StringComparison.Ordinal)..];
        int calls = System.Text.RegularExpressions.Regex.Matches(entry, @"\bcall(\.uni)?\s").Count;
        Assert.True(calls == 0, $"{calls} call sites in the forward kernel's entry");
        Assert.DoesNotContain("Hyperbolic", ptx); // ILGPU.Algorithms' CORDIC exp/log
        Assert.Contains("fma.rn.f64", entry); // the controller's polynomial exp/log in hardware FMAs
    }

    /// <summary>The RK4 kernel the solver runs for Lorenz (the register form) divides nothing: ILGPU places a
    /// loop-invariant division inside the step loop, so the kernel multiplies by the tableau's weights (constants) and
    /// h, never by h/6 computed on the device.</summary>
    [Fact]
    public void RegisterRk4_OnPtx_HasNoDoubleDivision()
    {
        MethodInfo kernel = RegisterKernels.For(typeof(Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5), typeof(float), typeof(GpuFloat32),
            typeof(FixedStepRk4RegisterKernel))!;
        string ptx = Ptx(kernel, "rk4-register");
        Assert.DoesNotContain("div.rn.f64", ptx);
        Assert.DoesNotContain("call", ptx);
    }

    private static MethodInfo Fixed(string kernel) =>
        kernel == "rk4" ? Rk4
        : typeof(FixedStepTableauKernel).GetMethod("Run")!.MakeGenericMethod(typeof(float), typeof(Systems.Lorenz.RhsSingleOde.Gpu.Tsitouras5), typeof(GpuFloat32));

    private static string Ptx(MethodInfo kernel, string name)
    {
        using Context context = NewContext();
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80, null);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"acakernels-{name}.ptx"), compiled.PTXAssembly);
        return compiled.PTXAssembly;
    }

    private static Context NewContext() =>
        Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));

    // As KernelSourceTests: an OpenCL C 1.2 device with fp64 and without the generic address space (PoCL's).
    private static CLCapabilityContext CLCapabilityContextFor()
    {
        ConstructorInfo constructor = typeof(CLCapabilityContext).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .First(c => c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        object[] flags = constructor.GetParameters().Select(p => (object)(p.Name == "float64")).ToArray();
        return (CLCapabilityContext)constructor.Invoke(flags);
    }
}
