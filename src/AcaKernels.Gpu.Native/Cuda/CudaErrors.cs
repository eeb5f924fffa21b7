using System.Runtime.InteropServices;

namespace AcaKernels.Gpu.Native.Cuda;

/// <summary>CUresult codes as exceptions naming the call, the code (cuGetErrorName, cuGetErrorString) and what to do.</summary>
internal static unsafe class CudaErrors
{
    public const int Success = 0, NoDevice = 100, InsufficientDriver = 35;

    /// <summary>Throws <see cref="NativeGpuException"/> unless <paramref name="status"/> is CUDA_SUCCESS.</summary>
    public static void Check(int status, string call, string? detail = null)
    {
        if (status == Success) return;
        string name = Describe(status, out string text);
        throw new NativeGpuException(call, status, name, $"{text}; {Advice(status)}", detail);
    }

    private static string Describe(int status, out string text)
    {
        byte* name = null, description = null;
        try
        {
            CudaApi.GetErrorName(status, &name);
            CudaApi.GetErrorString(status, &description);
        }
        catch (EntryPointNotFoundException)
        {
        }
        text = description is null ? "unknown CUDA error" : Marshal.PtrToStringUTF8((nint)description) ?? "";
        return name is null ? "CUresult" : Marshal.PtrToStringUTF8((nint)name) ?? "CUresult";
    }

    private static string Advice(int status) => status switch
    {
        2 => "the GPU is out of memory: use fewer trajectories or a smaller checkpoint capacity.",
        35 => "the NVIDIA driver is older than the CUDA version the PTX needs (ILGPU 1.5.3 writes PTX ISA 8.0, sm_80): update the driver.",
        200 or 209 or 218 or 222 =>
            "the driver could not load the embedded PTX (the JIT log follows): the kernels target sm_80, so the GPU must be Ampere or newer, " +
            "and the driver recent enough for PTX ISA 8.0.",
        701 => "the kernel needed more registers or local memory than a launch of this group size allows: please report it.",
        700 or 719 => "the kernel faulted; the context is unusable: this is a bug in the kernels or their arguments (please report it).",
        _ => "see the CUDA driver API documentation for this code.",
    };
}
