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
    /// <exception cref="ArgumentException">A negative <paramref name="index"/>, or an index with <see cref="GpuBackend.Auto"/>.</exception>
    public static (Context Context, Accelerator Accelerator) Open(GpuBackend backend, int? index = null)
    {
        if (!Enum.IsDefined(backend))
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown GpuBackend.");
        GpuBackendUnavailableException.CheckDeviceIndex(backend, index);
        Context context = Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2).EnableAlgorithms();
            Register(builder, backend);
            GpuIntrinsics.Register(builder);
        });
        try
        {
            Device device = Pick(context, backend, index ?? 0);
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
        using Context context = Context.Create(builder => Register(builder, GpuBackend.Auto));
        var found = new List<GpuBackend>();
        if (context.GetCudaDevices().Count > 0) found.Add(GpuBackend.Cuda);
        if (context.GetCLDevices().Count > 0) found.Add(GpuBackend.OpenCL);
        found.Add(GpuBackend.Cpu);
        return found;
    }

    /// <summary>The names of <paramref name="backend"/>'s devices in <see cref="GpuEnsembleOptions.DeviceIndex"/> order (empty
    /// where it has none).</summary>
    /// <exception cref="ArgumentException">For <see cref="GpuBackend.Auto"/>, which numbers no devices of its own.</exception>
    public static IReadOnlyList<string> List(GpuBackend backend)
    {
        if (!Enum.IsDefined(backend) || backend == GpuBackend.Auto)
            throw new ArgumentException($"List the devices of a named backend (Cuda, OpenCL or Cpu), not {backend}.", nameof(backend));
        using Context context = Context.Create(builder => Register(builder, backend));
        return [.. Ordered(context, backend).Select(device => device.Name)];
    }

    private static void Register(Context.Builder builder, GpuBackend backend)
    {
        if (backend is GpuBackend.Auto or GpuBackend.Cpu) builder.CPU();
        // Every OpenCL device, including those ILGPU's default filter drops (PoCL: no generic address space).
        if (backend is GpuBackend.Auto or GpuBackend.OpenCL) builder.OpenCL(_ => true);
        if (backend is GpuBackend.Auto or GpuBackend.Cuda) builder.Cuda();
    }

    /// <summary>
    /// A backend's devices in index order: CUDA's as the driver numbers them; OpenCL's GPUs (of every platform, in the
    /// loader's order) before its other devices, so that device 0 is a GPU wherever there is one — the loader's
    /// platform order follows its ICD files, not any preference, so with a vendor's GPU driver and PoCL installed
    /// PoCL's CPU device may come first. The native launcher (AcaKernels.Gpu.Native) numbers them the same way.
    /// </summary>
    private static IReadOnlyList<Device> Ordered(Context context, GpuBackend backend) => backend switch
    {
        GpuBackend.Cuda => [.. context.GetCudaDevices()],
        GpuBackend.OpenCL => OpenCLGpusFirst(context),
        GpuBackend.Cpu => [.. context.GetCPUDevices()],
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown GpuBackend."),
    };

    private static List<Device> OpenCLGpusFirst(Context context)
    {
        List<Device> gpus = [], others = [];
        foreach (CLDevice device in context.GetCLDevices())
            (device.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_GPU) ? gpus : others).Add(device);
        return [.. gpus, .. others];
    }

    private static Device Pick(Context context, GpuBackend backend, int index)
    {
        if (backend == GpuBackend.Auto)
        {
            // The best present: CUDA, then OpenCL, then the CPU accelerator (always there).
            foreach (GpuBackend candidate in (ReadOnlySpan<GpuBackend>)[GpuBackend.Cuda, GpuBackend.OpenCL, GpuBackend.Cpu])
                if (Ordered(context, candidate) is { Count: > 0 } found) return found[0];
            throw GpuBackendUnavailableException.Absent(backend);
        }
        IReadOnlyList<Device> devices = Ordered(context, backend);
        if (devices.Count == 0) throw GpuBackendUnavailableException.Absent(backend);
        if (index >= devices.Count)
            throw GpuBackendUnavailableException.NoSuchDevice(backend, index, [.. devices.Select(device => device.Name)]);
        return devices[index];
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
