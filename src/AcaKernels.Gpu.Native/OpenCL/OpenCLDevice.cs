using System.Text;
using static AcaKernels.Gpu.Native.OpenCL.OpenCLApi;

namespace AcaKernels.Gpu.Native.OpenCL;

/// <summary>
/// An OpenCL device with its context and in-order queue: builds the embedded OpenCL C, allocates buffers, sets
/// arguments in ILGPU's layout and launches. Devices are numbered as GpuEnsembleSolver numbers them: the GPUs of
/// every platform (in the loader's order) before the other devices, so device 0 is a GPU wherever there is one, else
/// the first device (PoCL on the CPU).
/// </summary>
internal sealed unsafe class OpenCLDevice : IKernelDevice
{
    /// <summary>Work-items per group: 32, as GpuEnsembleSolver uses on OpenCL (PoCL keeps every work-item's private
    /// arrays on one thread's stack: larger groups overflow it).</summary>
    public const int GroupSize = 32;

    private readonly nint _device;
    private readonly OpenCLHandle _context, _queue;
    // Programs and kernels, released in reverse order of creation (kernels before their programs).
    private readonly List<OpenCLHandle> _objects = [];

    private OpenCLDevice(nint device, OpenCLHandle context, OpenCLHandle queue, string name)
    {
        _device = device;
        _context = context;
        _queue = queue;
        Name = name;
    }

    public GpuBackend Backend => GpuBackend.OpenCL;

    public string Name { get; }

    /// <summary>Opens device <paramref name="index"/> (see the class summary for the order).</summary>
    /// <exception cref="GpuBackendUnavailableException">No OpenCL loader (libOpenCL.so.1), platform or device, or none with
    /// that index (the message names those present).</exception>
    public static OpenCLDevice Open(int index = 0)
    {
        nint[] devices = Devices().All;
        if (index >= devices.Length)
            throw GpuBackendUnavailableException.NoSuchDevice(GpuBackend.OpenCL, index, NamesOf(devices));
        nint device = devices[index];
        int error;
        var context = new OpenCLHandle(CreateContext(null, 1, &device, 0, 0, &error), OpenCLObjectKind.Context);
        OpenCLErrors.Check(error, "clCreateContext");
        var queue = new OpenCLHandle(CreateCommandQueue(context.Value, device, 0, &error), OpenCLObjectKind.Queue);
        if (error != OpenCLErrors.Success)
        {
            context.Dispose();
            OpenCLErrors.Check(error, "clCreateCommandQueue");
        }
        return new OpenCLDevice(device, context, queue, InfoString(device, DeviceName));
    }

    /// <summary>The names of the OpenCL devices in index order, and how many of them are GPUs (the first ones).</summary>
    /// <exception cref="GpuBackendUnavailableException">No loader, platform or device.</exception>
    public static (IReadOnlyList<string> Names, int GpuCount) Inventory()
    {
        (nint[] all, int gpus) = Devices();
        return (NamesOf(all), gpus);
    }

    private static string[] NamesOf(nint[] devices) => [.. devices.Select(d => InfoString(d, DeviceName))];

    /// <summary>Every device of every platform, GPUs first (stable: platform order, then the platform's device order), and
    /// how many GPUs lead.</summary>
    /// <exception cref="GpuBackendUnavailableException">No loader, platform or device.</exception>
    private static (nint[] All, int GpuCount) Devices()
    {
        uint platformCount;
        int status;
        try
        {
            status = GetPlatformIDs(0, null, &platformCount);
        }
        catch (DllNotFoundException)
        {
            throw GpuBackendUnavailableException.Absent(GpuBackend.OpenCL);
        }
        if (status == OpenCLErrors.PlatformNotFoundKhr || (status == OpenCLErrors.Success && platformCount == 0))
            throw GpuBackendUnavailableException.Absent(GpuBackend.OpenCL);
        OpenCLErrors.Check(status, "clGetPlatformIDs");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms) OpenCLErrors.Check(GetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");
        var gpus = new List<nint>();
        var others = new List<nint>();
        foreach (nint platform in platforms)
        {
            uint count;
            if (GetDeviceIDs(platform, DeviceTypeAll, 0, null, &count) != OpenCLErrors.Success || count == 0) continue;
            var devices = new nint[count];
            fixed (nint* d = devices) OpenCLErrors.Check(GetDeviceIDs(platform, DeviceTypeAll, count, d, null), "clGetDeviceIDs");
            foreach (nint device in devices)
            {
                ulong type;
                OpenCLErrors.Check(GetDeviceInfo(device, DeviceType, sizeof(ulong), &type, null), "clGetDeviceInfo(CL_DEVICE_TYPE)");
                ((type & DeviceTypeGpu) != 0 ? gpus : others).Add(device);
            }
        }
        return gpus.Count + others.Count > 0 ? ([.. gpus, .. others], gpus.Count) : throw GpuBackendUnavailableException.Absent(GpuBackend.OpenCL);
    }

    public IDeviceBuffer Allocate(long bytes)
    {
        int error;
        nint buffer = CreateBuffer(_context.Value, MemReadWrite, (nuint)Math.Max(1, bytes), null, &error);
        OpenCLErrors.Check(error, "clCreateBuffer", $"(a buffer of {bytes:N0} bytes)");
        return new Buffer(new OpenCLHandle(buffer, OpenCLObjectKind.Buffer), bytes);
    }

    public void Write<TValue>(IDeviceBuffer buffer, ReadOnlySpan<TValue> values) where TValue : unmanaged
    {
        if (values.IsEmpty) return;
        fixed (TValue* source = values)
            OpenCLErrors.Check(EnqueueWriteBuffer(_queue.Value, Of(buffer).Handle.Value, 1, 0, (nuint)(values.Length * sizeof(TValue)), source, 0, null, null),
                "clEnqueueWriteBuffer");
    }

    public void Read<TValue>(IDeviceBuffer buffer, Span<TValue> values) where TValue : unmanaged
    {
        if (values.IsEmpty) return;
        fixed (TValue* target = values)
            OpenCLErrors.Check(EnqueueReadBuffer(_queue.Value, Of(buffer).Handle.Value, 1, 0, (nuint)(values.Length * sizeof(TValue)), target, 0, null, null),
                "clEnqueueReadBuffer");
    }

    private static ReadOnlySpan<byte> BuildOptions => "-w\0"u8;

    /// <summary>OpenCL has no registration of existing host memory (only buffers it allocates itself, CL_MEM_ALLOC_HOST_PTR):
    /// the copies stay as they are.</summary>
    public IDisposable? PageLock(nint pointer, long bytes) => null;

    public IDeviceKernel Load(string code, string entry)
    {
        int error;
        byte[] source = Encoding.UTF8.GetBytes(code);
        nint program;
        fixed (byte* s = source)
        {
            byte* sources = s;
            nuint length = (nuint)source.Length;
            program = CreateProgramWithSource(_context.Value, 1, &sources, &length, &error);
        }
        OpenCLErrors.Check(error, "clCreateProgramWithSource");
        var handle = new OpenCLHandle(program, OpenCLObjectKind.Program);
        _objects.Add(handle);
        nint device = _device;
        // -w: ILGPU prints an int constant −1 by its unsigned bits (`x = 4294967295;`), which clang-based drivers
        // (PoCL) report as an implicit-conversion warning on stderr at every build. The conversion is the intended
        // two's-complement one; errors still fail the build and come back in the build log.
        int status;
        fixed (byte* options = BuildOptions) status = BuildProgram(program, 1, &device, options, 0, 0);
        if (status != OpenCLErrors.Success)
            OpenCLErrors.Check(status, "clBuildProgram", $"kernel {entry} on '{Name}'; build log:\n{BuildLog(program)}");
        byte[] name = Encoding.ASCII.GetBytes(entry + "\0");
        nint kernel;
        fixed (byte* n = name) kernel = CreateKernel(program, n, &error);
        OpenCLErrors.Check(error, "clCreateKernel", $"(entry point '{entry}')");
        var result = new Kernel(new OpenCLHandle(kernel, OpenCLObjectKind.Kernel));
        _objects.Add(result.Handle);
        return result;
    }

    public void Launch(IDeviceKernel kernel, int threads, ReadOnlySpan<KernelArgument> arguments)
    {
        nint k = ((Kernel)kernel).Handle.Value;
        uint index = 0;
        // ILGPU's OpenCL entry (KernelArgumentLayout, pinned by a test): every view's buffer, the bound, then the
        // parameters in order, a view as {int index; long length} and a value as its bytes.
        foreach (KernelArgument argument in arguments)
        {
            if (argument.Buffer is null) continue;
            nint memory = Of(argument.Buffer).Handle.Value;
            SetArgument(k, index++, &memory, (nuint)sizeof(nint));
        }
        int bound = threads;
        SetArgument(k, index++, &bound, sizeof(int));
        foreach (KernelArgument argument in arguments)
        {
            if (argument.Buffer is null)
            {
                fixed (byte* value = argument.Value) SetArgument(k, index++, value, (nuint)argument.Value!.Length);
                continue;
            }
            var view = new KernelArgumentLayout.OpenCLView { Index = 0, Length = argument.Length };
            SetArgument(k, index++, &view, (nuint)sizeof(KernelArgumentLayout.OpenCLView));
        }
        nuint global = (nuint)((threads + GroupSize - 1) / GroupSize * GroupSize), local = GroupSize;
        OpenCLErrors.Check(EnqueueNDRangeKernel(_queue.Value, k, 1, null, &global, &local, 0, null, null), "clEnqueueNDRangeKernel");
        OpenCLErrors.Check(Finish(_queue.Value), "clFinish");
    }

    private static void SetArgument(nint kernel, uint index, void* value, nuint size)
    {
        // The detail is formatted only on failure: every launch sets a dozen arguments, and a call allocates nothing.
        int status = SetKernelArg(kernel, index, size, value);
        if (status != OpenCLErrors.Success) OpenCLErrors.Check(status, "clSetKernelArg", $"(argument {index}, {size} bytes)");
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (GetProgramBuildInfo(program, _device, ProgramBuildLog, 0, null, &size) != OpenCLErrors.Success) return "(no build log)";
        var log = new byte[(int)size];
        fixed (byte* l = log)
            if (GetProgramBuildInfo(program, _device, ProgramBuildLog, size, l, null) != OpenCLErrors.Success) return "(no build log)";
        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    private static string InfoString(nint device, uint name)
    {
        nuint size;
        if (GetDeviceInfo(device, name, 0, null, &size) != OpenCLErrors.Success) return "OpenCL device";
        var value = new byte[(int)size];
        fixed (byte* v = value) OpenCLErrors.Check(GetDeviceInfo(device, name, size, v, null), "clGetDeviceInfo");
        return Encoding.UTF8.GetString(value).TrimEnd('\0').Trim();
    }

    private static Buffer Of(IDeviceBuffer buffer) => buffer as Buffer
        ?? throw new ArgumentException("The buffer belongs to another backend.", nameof(buffer));

    private bool _disposed;

    /// <summary>Releases the kernels and programs, the queue and the context (buffers are their owners' to dispose).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = _objects.Count - 1; i >= 0; i--) _objects[i].Dispose();
        _queue.Dispose();
        _context.Dispose();
    }

    private sealed class Buffer(OpenCLHandle handle, long bytes) : IDeviceBuffer
    {
        public OpenCLHandle Handle { get; } = handle;

        public long Bytes { get; } = bytes;

        public void Dispose() => Handle.Dispose();
    }

    private sealed class Kernel(OpenCLHandle handle) : IDeviceKernel
    {
        public OpenCLHandle Handle { get; } = handle;
    }
}
