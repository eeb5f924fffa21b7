using AcaKernels.Gpu.Backends;
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// PoCL (OpenCL on the CPU; Debian's pocl-opencl-icd) through ILGPU. Two things ILGPU needs for it: kernels at
/// OptimizationLevel.O2 (the default level emits __generic pointers, which PoCL's OpenCL C 1.2 rejects), and a
/// device that claims the generic address space, which PoCL does not: ILGPU's CLAccelerator refuses it otherwise.
/// The claim is set by reflection (the setter is internal; ILGPU does not support such devices officially); at O2
/// the OpenCL C is the same either way (PoclTests checks the code PoCL ran has no __generic).
/// </summary>
internal static class Pocl
{
    public const string Missing =
        "no OpenCL CPU device (PoCL) found: install the Debian packages pocl-opencl-icd and ocl-icd-opencl-dev";

    /// <summary>A context with the first OpenCL CPU device, or null when there is none.</summary>
    public static (Context Context, CLDevice Device)? Open()
    {
        Context context = Context.Create(builder => GpuIntrinsics.Register(builder.OpenCL(_ => true).EnableAlgorithms().Optimize(OptimizationLevel.O2)));
        CLDevice? device = context.Devices.OfType<CLDevice>().FirstOrDefault(d => d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_CPU);
        if (device is null)
        {
            context.Dispose();
            return null;
        }
        PropertyInfo generic = typeof(CLCapabilityContext).GetProperty(nameof(CLCapabilityContext.GenericAddressSpace))!;
        generic.GetSetMethod(nonPublic: true)!.Invoke(device.Capabilities, [true]);
        return (context, device);
    }
}
