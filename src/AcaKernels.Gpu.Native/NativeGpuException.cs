namespace AcaKernels.Gpu.Native;

/// <summary>
/// An OpenCL or CUDA driver call failed: <see cref="Call"/> names it, <see cref="Code"/> is the driver's error code,
/// and the message says what the code means and what to do.
/// </summary>
public sealed class NativeGpuException : Exception
{
    internal NativeGpuException(string call, int code, string codeName, string advice, string? detail = null)
        : base($"{call} failed with {codeName} ({code}): {advice}" + (detail is null ? "" : $"\n{detail}"))
    {
        Call = call;
        Code = code;
    }

    /// <summary>The driver function that failed, e.g. <c>clBuildProgram</c> or <c>cuModuleLoadDataEx</c>.</summary>
    public string Call { get; }

    /// <summary>The error code it returned (an OpenCL <c>cl_int</c> or a CUDA <c>CUresult</c>).</summary>
    public int Code { get; }
}
