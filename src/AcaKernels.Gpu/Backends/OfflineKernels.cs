using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Backends;

/// <summary>
/// A kernel compiled without a device, as the solvers' accelerators compile it (O2, ILGPU.Algorithms, the FMA
/// intrinsics of <see cref="GpuIntrinsics"/>), in a fresh context each time (a failed compile poisons its context):
/// PTX for sm_80, OpenCL C 1.2 with fp64. The one recipe of the build-time kernel compiler (the kernels embedded in
/// the Native AOT binary), the GPU check's PTX dump and the offline-compile tests.
/// </summary>
internal static class OfflineKernels
{
    public static string Ptx(MethodInfo kernel)
    {
        using Context context = CreateContext();
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80, nvvmAPI: null);
        return ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel),
            new KernelSpecialization())).PTXAssembly;
    }

    public static string OpenClC(MethodInfo kernel)
    {
        using Context context = CreateContext();
        var backend = new CLBackend(context, new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: false,
            int64_Atomics: false, subGroups: false), CLDeviceVendor.Other, CLCVersion.CL12);
        return ((CLCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel),
            new KernelSpecialization())).Source;
    }

    // No accelerators: an offline compile needs no device, and looking for one would only slow the build.
    private static Context CreateContext() =>
        Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));
}
