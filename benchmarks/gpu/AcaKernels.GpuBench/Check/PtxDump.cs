using System.Reflection;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Kernels;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// Writes the PTX of the check's float32 Lorenz kernels, compiled offline as the CUDA accelerator compiles them (O2,
/// ILGPU.Algorithms, the FMA intrinsics; sm_80, which ILGPU writes for every newer architecture), so check.sh can run
/// <c>ptxas -v</c> on them where a CUDA toolkit exists: registers, stack frame and spills per kernel (issue 9 item 5).
/// </summary>
internal static class PtxDump
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        Write(directory, "rk4-fixed-f32", typeof(FixedStepRk4Kernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5));
        Write(directory, "tsit5-fixed-f32", typeof(FixedStepTableauKernel), typeof(Lorenz.RhsSingleOde.Gpu.Tsitouras5));
        Write(directory, "dopri5-forward-f32", typeof(ForwardKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5));
        Write(directory, "dopri5-backward-f32", typeof(BackwardKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5));
    }

    private static void Write(string directory, string name, Type kernel, Type stepper)
    {
        // A fresh context per kernel: a failed compile poisons its context.
        using Context context = Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80, null);
        MethodInfo run = kernel.GetMethod("Run")!.MakeGenericMethod(typeof(float), stepper, typeof(GpuFloat32));
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(run), default);
        File.WriteAllText(Path.Combine(directory, name + ".ptx"), compiled.PTXAssembly);
    }
}
