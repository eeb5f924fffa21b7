namespace AcaKernels.Gpu.Native;

/// <summary>Device memory of one backend; freed when disposed.</summary>
internal interface IDeviceBuffer : IDisposable
{
    /// <summary>Size in bytes.</summary>
    long Bytes { get; }
}

/// <summary>A loaded kernel entry point of one backend; freed with its device.</summary>
internal interface IDeviceKernel;

/// <summary>
/// One kernel argument as the ensemble kernels declare it: a view of a device buffer (its element count; the
/// backends pass views in ILGPU's layout, see <see cref="KernelArgumentLayout"/>) or a plain value (the settings
/// struct).
/// </summary>
internal readonly struct KernelArgument
{
    private KernelArgument(IDeviceBuffer? buffer, long length, byte[]? value)
    {
        Buffer = buffer;
        Length = length;
        Value = value;
    }

    public IDeviceBuffer? Buffer { get; }

    /// <summary>The view's length in elements.</summary>
    public long Length { get; }

    public byte[]? Value { get; }

    public static KernelArgument View(IDeviceBuffer buffer, long length) => new(buffer, length, null);

    public static KernelArgument Bytes(byte[] value) => new(null, 0, value);
}

/// <summary>
/// What the native ensemble needs from a backend (OpenCL or the CUDA driver): memory, copies, kernels compiled at
/// build time, launches of one thread per trajectory. Calls are synchronous from the host's point of view.
/// </summary>
internal interface IKernelDevice : IDisposable
{
    GpuBackend Backend { get; }

    /// <summary>The device's name as its driver reports it.</summary>
    string Name { get; }

    IDeviceBuffer Allocate(long bytes);

    void Write<TValue>(IDeviceBuffer buffer, ReadOnlySpan<TValue> values) where TValue : unmanaged;

    void Read<TValue>(IDeviceBuffer buffer, Span<TValue> values) where TValue : unmanaged;

    /// <summary>Registers <paramref name="bytes"/> of pinned host memory at <paramref name="pointer"/> with the driver so
    /// Write and Read from it are direct DMA; the registration ends when the result is disposed. Null where the backend
    /// gains nothing (OpenCL) or the driver refuses: copies still work, through its staging buffers.</summary>
    IDisposable? PageLock(nint pointer, long bytes);

    /// <summary>Loads the entry point <paramref name="entry"/> of <paramref name="code"/> (OpenCL C or PTX, as the backend takes).</summary>
    IDeviceKernel Load(string code, string entry);

    /// <summary>Runs <paramref name="kernel"/> on <paramref name="threads"/> threads (rounded up to whole groups; the
    /// kernels return at once beyond their bound) and waits for it.</summary>
    void Launch(IDeviceKernel kernel, int threads, ReadOnlySpan<KernelArgument> arguments);
}
