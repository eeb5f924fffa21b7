using System.Text;
using static AcaKernels.Gpu.Native.Cuda.CudaApi;

namespace AcaKernels.Gpu.Native.Cuda;

/// <summary>
/// The first CUDA GPU through the driver API: its primary context (retained while this object lives, made current
/// on the calling thread by every call), modules loaded from the embedded PTX, device memory, launches in ILGPU's
/// argument layout on the default stream.
/// </summary>
internal sealed unsafe class CudaDevice : IKernelDevice
{
    /// <summary>Threads per block: 128 (4 warps), as GpuEnsembleSolver uses on CUDA.</summary>
    public const int BlockSize = 128;

    private readonly int _device;
    private readonly nint _context;
    private readonly List<nint> _modules = [];
    private bool _disposed;

    private CudaDevice(int device, nint context, string name)
    {
        _device = device;
        _context = context;
        Name = name;
    }

    public GpuBackend Backend => GpuBackend.Cuda;

    public string Name { get; }

    /// <summary>Opens GPU <paramref name="ordinal"/> in the driver's numbering (which CUDA_VISIBLE_DEVICES filters).</summary>
    /// <exception cref="GpuBackendUnavailableException">No libcuda.so.1 (no NVIDIA driver), no CUDA device, or none with
    /// that ordinal (the message names those present).</exception>
    public static CudaDevice Open(int ordinal = 0)
    {
        int count = Count();
        if (ordinal >= count) throw GpuBackendUnavailableException.NoSuchDevice(GpuBackend.Cuda, ordinal, Names(count));
        int device;
        CudaErrors.Check(DeviceGet(&device, ordinal), "cuDeviceGet");
        nint context;
        CudaErrors.Check(DevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        return new CudaDevice(device, context, NameOf(device));
    }

    /// <summary>The names of the CUDA devices in ordinal order.</summary>
    /// <exception cref="GpuBackendUnavailableException">No libcuda.so.1 or no device.</exception>
    public static IReadOnlyList<string> Names() => Names(Count());

    /// <summary>Initialises the driver and counts its devices.</summary>
    /// <exception cref="GpuBackendUnavailableException">No libcuda.so.1 or no device.</exception>
    private static int Count()
    {
        int status;
        try
        {
            status = Init(0);
        }
        catch (DllNotFoundException)
        {
            throw GpuBackendUnavailableException.Absent(GpuBackend.Cuda);
        }
        if (status == CudaErrors.NoDevice) throw GpuBackendUnavailableException.Absent(GpuBackend.Cuda);
        CudaErrors.Check(status, "cuInit");
        int count;
        CudaErrors.Check(DeviceGetCount(&count), "cuDeviceGetCount");
        return count > 0 ? count : throw GpuBackendUnavailableException.Absent(GpuBackend.Cuda);
    }

    private static string[] Names(int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            int device;
            CudaErrors.Check(DeviceGet(&device, i), "cuDeviceGet");
            names[i] = NameOf(device);
        }
        return names;
    }

    private static string NameOf(int device)
    {
        byte* name = stackalloc byte[256];
        CudaErrors.Check(DeviceGetName(name, 256, device), "cuDeviceGetName");
        return new string((sbyte*)name).Trim();
    }

    private void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaErrors.Check(CtxSetCurrent(_context), "cuCtxSetCurrent");
    }

    public IDeviceBuffer Allocate(long bytes)
    {
        MakeCurrent();
        ulong pointer;
        CudaErrors.Check(MemAlloc(&pointer, (nuint)Math.Max(1, bytes)), "cuMemAlloc", $"(a buffer of {bytes:N0} bytes)");
        return new Buffer(this, pointer, bytes);
    }

    public void Write<TValue>(IDeviceBuffer buffer, ReadOnlySpan<TValue> values) where TValue : unmanaged
    {
        if (values.IsEmpty) return;
        MakeCurrent();
        fixed (TValue* source = values)
            CudaErrors.Check(MemcpyHtoD(Of(buffer).Pointer, source, (nuint)(values.Length * sizeof(TValue))), "cuMemcpyHtoD");
    }

    public void Read<TValue>(IDeviceBuffer buffer, Span<TValue> values) where TValue : unmanaged
    {
        if (values.IsEmpty) return;
        MakeCurrent();
        fixed (TValue* target = values)
            CudaErrors.Check(MemcpyDtoH(target, Of(buffer).Pointer, (nuint)(values.Length * sizeof(TValue))), "cuMemcpyDtoH");
    }

    public IDisposable? PageLock(nint pointer, long bytes)
    {
        if (bytes <= 0) return null;
        MakeCurrent();
        // A refusal (the locked-memory limit, say) costs speed only: the copies go through the driver's staging buffers.
        return MemHostRegister((void*)pointer, (nuint)bytes, MemHostRegisterPortable) == CudaErrors.Success
            ? new PageLockedRange(this, pointer)
            : null;
    }

    public IDeviceKernel Load(string code, string entry)
    {
        MakeCurrent();
        byte[] image = Encoding.ASCII.GetBytes(code + "\0");
        const int LogSize = 16 * 1024;
        byte[] log = new byte[LogSize];
        nint module;
        int status;
        fixed (byte* i = image)
        fixed (byte* l = log)
        {
            int* options = stackalloc int[] { JitErrorLogBuffer, JitErrorLogBufferSizeBytes };
            nint* values = stackalloc nint[] { (nint)l, LogSize };
            status = ModuleLoadDataEx(&module, i, 2, options, values);
        }
        if (status != CudaErrors.Success)
            CudaErrors.Check(status, "cuModuleLoadDataEx", $"kernel {entry} on '{Name}'; JIT log:\n{Encoding.UTF8.GetString(log).TrimEnd('\0')}");
        _modules.Add(module);
        byte[] name = Encoding.ASCII.GetBytes(entry + "\0");
        nint function;
        fixed (byte* n = name) CudaErrors.Check(ModuleGetFunction(&function, module, n), "cuModuleGetFunction", $"(entry point '{entry}')");
        return new Kernel(function);
    }

    public void Launch(IDeviceKernel kernel, int threads, ReadOnlySpan<KernelArgument> arguments)
    {
        MakeCurrent();
        // ILGPU's PTX entry (KernelArgumentLayout, pinned by a test): the bound, then the parameters in order, a view as
        // {pointer, length} and a value as its bytes. cuLaunchKernel takes the address of each parameter's value.
        int count = arguments.Length + 1;
        // On the stack (the ensemble kernels take at most a dozen arguments): a launch allocates no managed memory.
        KernelArgumentLayout.PtxView* views = stackalloc KernelArgumentLayout.PtxView[arguments.Length];
        System.Runtime.InteropServices.GCHandle* pins = stackalloc System.Runtime.InteropServices.GCHandle[arguments.Length];
        new Span<System.Runtime.InteropServices.GCHandle>(pins, arguments.Length).Clear(); // the finally frees only those allocated
        void** parameters = stackalloc void*[count];
        int bound = threads;
        parameters[0] = &bound;
        try
        {
            for (int i = 0; i < arguments.Length; i++)
            {
                KernelArgument argument = arguments[i];
                if (argument.Buffer is null)
                {
                    pins[i] = System.Runtime.InteropServices.GCHandle.Alloc(argument.Value, System.Runtime.InteropServices.GCHandleType.Pinned);
                    parameters[i + 1] = (void*)pins[i].AddrOfPinnedObject();
                }
                else
                {
                    views[i] = new KernelArgumentLayout.PtxView { Pointer = Of(argument.Buffer).Pointer, Length = argument.Length };
                    parameters[i + 1] = &views[i];
                }
            }
            uint blocks = (uint)((threads + BlockSize - 1) / BlockSize);
            CudaErrors.Check(LaunchKernel(((Kernel)kernel).Function, blocks, 1, 1, BlockSize, 1, 1, 0, 0, parameters, null), "cuLaunchKernel");
            CudaErrors.Check(CtxSynchronize(), "cuCtxSynchronize", "(the kernel's run)");
        }
        finally
        {
            for (int i = 0; i < arguments.Length; i++)
                if (pins[i].IsAllocated) pins[i].Free();
        }
    }

    private Buffer Of(IDeviceBuffer buffer) => buffer is Buffer b && b.Owner == this
        ? b
        : throw new ArgumentException("The buffer belongs to another device.", nameof(buffer));

    /// <summary>Unloads the modules and releases the primary context (buffers are their owners' to dispose first).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        CtxSetCurrent(_context);
        foreach (nint module in _modules) ModuleUnload(module);
        _disposed = true;
        DevicePrimaryCtxRelease(_device);
    }

    private sealed class Buffer(CudaDevice owner, ulong pointer, long bytes) : IDeviceBuffer
    {
        public CudaDevice Owner { get; } = owner;

        public ulong Pointer { get; private set; } = pointer;

        public long Bytes { get; } = bytes;

        public void Dispose()
        {
            if (Pointer == 0 || Owner._disposed) return;
            CtxSetCurrent(Owner._context);
            MemFree(Pointer);
            Pointer = 0;
        }
    }

    private sealed class PageLockedRange(CudaDevice owner, nint pointer) : IDisposable
    {
        private nint _pointer = pointer;

        public void Dispose()
        {
            if (_pointer == 0 || owner._disposed) return; // the context's end unregistered it
            CtxSetCurrent(owner._context);
            MemHostUnregister((void*)_pointer);
            _pointer = 0;
        }
    }

    private sealed class Kernel(nint function) : IDeviceKernel
    {
        public nint Function { get; } = function;
    }
}
