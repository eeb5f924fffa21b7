using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Backends;

/// <summary>
/// Opens an ILGPU <see cref="Context"/> and <see cref="Accelerator"/> for a <see cref="GpuBackend"/>: O2 optimisation
/// (PoCL rejects the generic pointers ILGPU emits below it), ILGPU.Algorithms' math, the fused multiply-add
/// intrinsics of <see cref="GpuIntrinsics"/>. A requested backend that is absent is an exception naming it and
/// what to install.
/// </summary>
internal static class GpuDevices
{
    /// <summary>The accelerator <paramref name="backend"/> resolves to on this machine, and the context that owns it
    /// (dispose the accelerator, then the context).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend (or, for Auto, every backend) is absent.</exception>
    public static (Context Context, Accelerator Accelerator) Open(GpuBackend backend)
    {
        if (!Enum.IsDefined(backend))
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown GpuBackend.");
        Context context = Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2).EnableAlgorithms();
            if (backend is GpuBackend.Auto or GpuBackend.Cpu) builder.CPU();
            // Every OpenCL device, including those ILGPU's default filter drops (PoCL: no generic address space).
            if (backend is GpuBackend.Auto or GpuBackend.OpenCL) builder.OpenCL(_ => true);
            if (backend is GpuBackend.Auto or GpuBackend.Cuda) builder.Cuda();
            GpuIntrinsics.Register(builder);
        });
        try
        {
            Device device = Pick(context, backend);
            if (device is CLDevice cl) AllowWithoutGenericAddressSpace(cl);
            return (context, device.CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Which backends this machine has, best first (never empty: the CPU accelerator is always there).</summary>
    public static IReadOnlyList<GpuBackend> Available()
    {
        using Context context = Context.Create(builder => builder.CPU().OpenCL(_ => true).Cuda());
        var found = new List<GpuBackend>();
        if (context.GetCudaDevices().Count > 0) found.Add(GpuBackend.Cuda);
        if (context.GetCLDevices().Count > 0) found.Add(GpuBackend.OpenCL);
        found.Add(GpuBackend.Cpu);
        return found;
    }

    private static Device Pick(Context context, GpuBackend backend)
    {
        var cuda = context.GetCudaDevices();
        var cl = context.GetCLDevices();
        switch (backend)
        {
            case GpuBackend.Cuda:
                return cuda.Count > 0 ? cuda[0] : throw GpuBackendUnavailableException.Absent(backend);
            case GpuBackend.OpenCL:
                return cl.Count > 0 ? cl[0] : throw GpuBackendUnavailableException.Absent(backend);
            case GpuBackend.Cpu:
                return context.GetCPUDevices()[0];
            default:
                if (cuda.Count > 0) return cuda[0];
                if (cl.Count > 0) return cl[0];
                return context.GetCPUDevices()[0];
        }
    }

    /// <summary>
    /// ILGPU refuses an OpenCL device without the generic address space (OpenCL C 1.2 devices such as PoCL), though
    /// at O2 the code it emits does not use it: the capability's setter is internal, so it is set by reflection
    /// (ILGPU 1.5.3, pinned).
    /// </summary>
    private static void AllowWithoutGenericAddressSpace(CLDevice device)
    {
        CLCapabilityContext capabilities = device.Capabilities;
        if (capabilities.GenericAddressSpace) return;
        PropertyInfo? property = typeof(CLCapabilityContext).GetProperty(nameof(CLCapabilityContext.GenericAddressSpace),
            BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        MethodInfo setter = property?.GetSetMethod(nonPublic: true)
            ?? throw new GpuBackendUnavailableException(GpuBackend.OpenCL,
                $"The OpenCL device '{device.Name}' has no generic address space and this ILGPU version offers no way past that check.");
        setter.Invoke(capabilities, [true]);
    }
}
