using System.Reflection;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Reference;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The ensemble kernels compile offline (no device) to PTX and to OpenCL C, each in a fresh ILGPU context (a failed
/// compile poisons its context), and the fused multiply-adds of the step spec's twin come out as hardware
/// instructions, not as calls.
/// </summary>
public sealed class KernelSourceTests
{
    public static TheoryData<string> Kernels() => new() { nameof(ForwardKernel), nameof(BackwardKernel) };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtx_WithHardwareFma(string kernel)
    {
        using Context context = NewContext();
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80, null);
        var compiled = (PTXCompiledKernel)backend.Compile(Entry(kernel), default);
        string ptx = compiled.PTXAssembly;
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"acakernels-{kernel}.ptx"), ptx);
        Assert.DoesNotContain("FusedMultiplyAdd", ptx);
        if (kernel == nameof(ForwardKernel)) Assert.Contains("fma.rn.f64", ptx);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToOpenCLC_WithFma(string kernel)
    {
        using Context context = NewContext();
        var backend = new CLBackend(context, CLCapabilityContextFor(), CLDeviceVendor.Other, CLCVersion.CL12);
        var compiled = (CLCompiledKernel)backend.Compile(Entry(kernel), default);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"acakernels-{kernel}.cl"), compiled.Source);
        Assert.DoesNotContain("FusedMultiplyAdd", compiled.Source);
        if (kernel == nameof(ForwardKernel)) Assert.Contains("fma", compiled.Source);
    }

    private static Context NewContext() =>
        Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));

    private static EntryPointDescription Entry(string kernel)
    {
        Type type = kernel == nameof(ForwardKernel) ? typeof(ForwardKernel) : typeof(BackwardKernel);
        MethodInfo method = type.GetMethod("Run")!.MakeGenericMethod(typeof(double), typeof(Dopri5Stepper<double, Real64, LorenzSystem<double>>), typeof(GpuFloat64));
        return EntryPointDescription.FromImplicitlyGroupedKernel(method);
    }

    // An OpenCL C 1.2 device with fp64 and without the generic address space (what PoCL reports); the capability
    // context's constructor over flags is internal in ILGPU 1.5.3.
    private static CLCapabilityContext CLCapabilityContextFor()
    {
        ConstructorInfo constructor = typeof(CLCapabilityContext).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .First(c => c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        object[] flags = constructor.GetParameters().Select(p => (object)(p.Name == "float64")).ToArray();
        return (CLCapabilityContext)constructor.Invoke(flags);
    }
}
