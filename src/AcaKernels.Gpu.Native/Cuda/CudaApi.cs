using System.Runtime.InteropServices;

namespace AcaKernels.Gpu.Native.Cuda;

/// <summary>
/// The CUDA driver API entry points the launcher needs, from <c>libcuda.so.1</c> (the NVIDIA driver; no toolkit).
/// Versioned symbols (<c>_v2</c>) are the ones cuda.h maps the plain names to since CUDA 4 / 11. Every function returns
/// a <c>CUresult</c>, which <see cref="CudaErrors.Check"/> turns into exceptions.
/// </summary>
internal static unsafe partial class CudaApi
{
    public const string Library = "libcuda.so.1";

    /// <summary>cuModuleLoadDataEx options: the JIT's error log buffer and its size.</summary>
    public const int JitErrorLogBuffer = 5, JitErrorLogBufferSizeBytes = 6;

    [LibraryImport(Library, EntryPoint = "cuInit")]
    public static partial int Init(uint flags);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetCount")]
    public static partial int DeviceGetCount(int* count);

    [LibraryImport(Library, EntryPoint = "cuDeviceGet")]
    public static partial int DeviceGet(int* device, int ordinal);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetName")]
    public static partial int DeviceGetName(byte* name, int length, int device);

    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRetain")]
    public static partial int DevicePrimaryCtxRetain(nint* context, int device);

    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRelease_v2")]
    public static partial int DevicePrimaryCtxRelease(int device);

    [LibraryImport(Library, EntryPoint = "cuCtxSetCurrent")]
    public static partial int CtxSetCurrent(nint context);

    [LibraryImport(Library, EntryPoint = "cuCtxSynchronize")]
    public static partial int CtxSynchronize();

    [LibraryImport(Library, EntryPoint = "cuModuleLoadDataEx")]
    public static partial int ModuleLoadDataEx(nint* module, byte* image, uint optionCount, int* options, nint* optionValues);

    [LibraryImport(Library, EntryPoint = "cuModuleGetFunction")]
    public static partial int ModuleGetFunction(nint* function, nint module, byte* name);

    [LibraryImport(Library, EntryPoint = "cuModuleUnload")]
    public static partial int ModuleUnload(nint module);

    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")]
    public static partial int MemAlloc(ulong* pointer, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")]
    public static partial int MemFree(ulong pointer);

    [LibraryImport(Library, EntryPoint = "cuMemHostRegister_v2")]
    public static partial int MemHostRegister(void* pointer, nuint bytes, uint flags);

    [LibraryImport(Library, EntryPoint = "cuMemHostUnregister")]
    public static partial int MemHostUnregister(void* pointer);

    /// <summary>cuMemHostRegister's CU_MEMHOSTREGISTER_PORTABLE: pinned for every context, not only the current one.</summary>
    public const uint MemHostRegisterPortable = 1;

    [LibraryImport(Library, EntryPoint = "cuMemcpyHtoD_v2")]
    public static partial int MemcpyHtoD(ulong target, void* source, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemcpyDtoH_v2")]
    public static partial int MemcpyDtoH(void* target, ulong source, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuLaunchKernel")]
    public static partial int LaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, nint stream, void** parameters, void** extra);

    [LibraryImport(Library, EntryPoint = "cuGetErrorName")]
    public static partial int GetErrorName(int error, byte** name);

    [LibraryImport(Library, EntryPoint = "cuGetErrorString")]
    public static partial int GetErrorString(int error, byte** text);
}
