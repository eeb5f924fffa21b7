using Microsoft.Win32.SafeHandles;

namespace AcaKernels.Gpu.Native.OpenCL;

/// <summary>What an <see cref="OpenCLHandle"/> holds, and so which clRelease* frees it.</summary>
internal enum OpenCLObjectKind { Context, Queue, Program, Kernel, Buffer }

/// <summary>An OpenCL object, released once by its own clRelease* when disposed or finalised.</summary>
internal sealed class OpenCLHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly OpenCLObjectKind _kind;

    public OpenCLHandle(nint handle, OpenCLObjectKind kind) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _kind = kind;
    }

    /// <summary>The raw handle for a call (valid while this object is not disposed).</summary>
    public nint Value => handle;

    protected override bool ReleaseHandle() => _kind switch
    {
        OpenCLObjectKind.Context => OpenCLApi.ReleaseContext(handle),
        OpenCLObjectKind.Queue => OpenCLApi.ReleaseCommandQueue(handle),
        OpenCLObjectKind.Program => OpenCLApi.ReleaseProgram(handle),
        OpenCLObjectKind.Kernel => OpenCLApi.ReleaseKernel(handle),
        _ => OpenCLApi.ReleaseMemObject(handle),
    } == OpenCLErrors.Success;
}
