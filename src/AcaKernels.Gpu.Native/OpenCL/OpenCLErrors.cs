namespace AcaKernels.Gpu.Native.OpenCL;

/// <summary>OpenCL status codes as exceptions that name the call, the code and what to do.</summary>
internal static class OpenCLErrors
{
    public const int Success = 0, DeviceNotFound = -1, BuildProgramFailure = -11, PlatformNotFoundKhr = -1001;

    /// <summary>Throws <see cref="NativeGpuException"/> unless <paramref name="status"/> is CL_SUCCESS.</summary>
    public static void Check(int status, string call, string? detail = null)
    {
        if (status != Success) throw new NativeGpuException(call, status, Name(status), Advice(status), detail);
    }

    private static string Name(int code) => code switch
    {
        -1 => "CL_DEVICE_NOT_FOUND",
        -2 => "CL_DEVICE_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES",
        -6 => "CL_OUT_OF_HOST_MEMORY",
        -11 => "CL_BUILD_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE",
        -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT",
        -38 => "CL_INVALID_MEM_OBJECT",
        -44 => "CL_INVALID_PROGRAM",
        -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME",
        -48 => "CL_INVALID_KERNEL",
        -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE",
        -52 => "CL_INVALID_KERNEL_ARGS",
        -54 => "CL_INVALID_WORK_GROUP_SIZE",
        -61 => "CL_INVALID_BUFFER_SIZE",
        -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "an OpenCL error",
    };

    private static string Advice(int code) => code switch
    {
        -4 or -5 or -6 or -61 =>
            "the device ran out of memory or resources: use fewer trajectories, a smaller checkpoint capacity, or a device with more memory.",
        -11 => "the driver could not build the embedded OpenCL C (its build log follows); the device needs OpenCL C 1.2 with cl_khr_fp64.",
        -49 or -50 or -51 or -52 =>
            "the kernel's arguments do not match its compiled signature: the kernels were compiled by another ILGPU version than the " +
            "launch layer expects; rebuild the host (EmbedGpuKernels.targets recompiles them).",
        -1 or -1001 =>
            "no OpenCL device: install an OpenCL driver (Debian/Ubuntu: `apt-get install ocl-icd-opencl-dev pocl-opencl-icd` for the CPU, " +
            "or the GPU vendor's driver).",
        _ => "see the OpenCL specification for this code; the call's arguments come from AcaKernels.Gpu.Native (please report it).",
    };
}
