using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu;

/// <summary>
/// An opened backend: the ILGPU context and accelerator that solvers run on. Share one among several
/// <see cref="GpuEnsembleSolver{T, TStepper}"/>s (kernels compiled for one of them are reused by the next with the same
/// system and number type); dispose it after them.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private GpuDevice(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
        Backend = accelerator.AcceleratorType switch
        {
            AcceleratorType.Cuda => GpuBackend.Cuda,
            AcceleratorType.OpenCL => GpuBackend.OpenCL,
            _ => GpuBackend.Cpu,
        };
    }

    /// <summary>Opens <paramref name="backend"/> (<see cref="GpuBackend.Auto"/>: the best present), its device
    /// <paramref name="deviceIndex"/> (null: device 0; the order of <see cref="List"/>).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the requested backend or device is absent; the message says
    /// what to install, or which devices there are.</exception>
    /// <exception cref="ArgumentException">A negative index, or an index with <see cref="GpuBackend.Auto"/>.</exception>
    public static GpuDevice Open(GpuBackend backend = GpuBackend.Auto, int? deviceIndex = null)
    {
        (Context context, Accelerator accelerator) = Backends.GpuDevices.Open(backend, deviceIndex);
        return new GpuDevice(context, accelerator);
    }

    /// <summary>The names of <paramref name="backend"/>'s devices, in the order <see cref="GpuEnsembleOptions.DeviceIndex"/>
    /// numbers them (empty where the backend is absent).</summary>
    /// <exception cref="ArgumentException">For <see cref="GpuBackend.Auto"/>: name the backend.</exception>
    public static IReadOnlyList<string> List(GpuBackend backend) => Backends.GpuDevices.List(backend);

    /// <summary>Which backends this machine has, best first (never empty: the CPU accelerator is always there).</summary>
    public static IReadOnlyList<GpuBackend> Available() => Backends.GpuDevices.Available();

    /// <summary>The backend this device is (what Auto resolved to).</summary>
    public GpuBackend Backend { get; }

    /// <summary>The device's name as its driver reports it.</summary>
    public string Name => Accelerator.Name;

    internal Context Context { get; }

    internal Accelerator Accelerator { get; }

    // Kernels loaded on this accelerator, by kernel method: ILGPU caches the compiled code in its context, but loading
    // it again still builds the program on the device (PoCL: seconds of clang per kernel), so solvers sharing this
    // device share the loaded launchers.
    private readonly Dictionary<System.Reflection.MethodInfo, Delegate> _kernels = [];

    /// <summary>The launcher of <paramref name="kernel"/>, loaded by <paramref name="load"/> the first time.</summary>
    internal TLauncher Kernel<TLauncher>(System.Reflection.MethodInfo kernel, Func<Accelerator, System.Reflection.MethodInfo, TLauncher> load)
        where TLauncher : Delegate
    {
        lock (_kernels)
        {
            if (!_kernels.TryGetValue(kernel, out Delegate? launcher)) _kernels[kernel] = launcher = load(Accelerator, kernel);
            return (TLauncher)launcher;
        }
    }

    private readonly PageLockRegistry _pageLocks = new();

    /// <summary>
    /// Host memory of <paramref name="length"/> elements that this device copies directly (page-locked on CUDA):
    /// for the inputs and results of the solvers made on this device. See <see cref="GpuHostArray{T}"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">When this device was disposed.</exception>
    public GpuHostArray<T> CreateHostArray<T>(int length) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new GpuHostArray<T>(length, PageLock);
    }

    /// <summary>
    /// Registers <paramref name="buffer"/> with the driver (page-locked), so copies to and from it are direct DMA instead
    /// of a copy through the driver's staging buffers; null where the backend gains nothing (OpenCL, the CPU) or the
    /// driver refuses (a locked-memory limit): the copies work as before, only slower. Unregistered when the handle
    /// is disposed, or before this device's context goes.
    /// </summary>
    internal PageLockRegistry.Registration? PageLock<T>(PageAlignedHostBuffer<T> buffer) where T : unmanaged
    {
        // ILGPU's OpenCL and CPU accelerators would return a scope that does nothing (and trace a line saying so).
        if (Accelerator.AcceleratorType != AcceleratorType.Cuda) return null;
        return _pageLocks.Add(buffer, (pointer, bytes) =>
        {
            try
            {
                using ScopedAcceleratorBinding binding = Accelerator.BindScoped(); // cuMemHostRegister acts on the current context
                return Accelerator.CreatePageLockFromPinned<byte>(pointer, bytes);
            }
            catch (Exception e) when (e is ILGPU.Runtime.Cuda.CudaException or NotSupportedException)
            {
                return null;
            }
        });
    }

    private bool _disposed;

    /// <summary>Whether <see cref="Dispose"/> ran: the solvers made on this device check it before each call.</summary>
    internal bool IsDisposed => _disposed;

    /// <summary>What a solver throws when this device was disposed while <paramref name="solver"/> still uses it: its
    /// buffers died with the accelerator, and ILGPU's CPU accelerator ends the process on the next launch ("Sub view out
    /// of range"). Built only when throwing (the calls allocate nothing).</summary>
    internal ObjectDisposedException DisposedUnder(string solver) => new(nameof(GpuDevice),
        $"The GpuDevice '{Name}' this {solver} runs on was disposed, and its device buffers with it: dispose a shared " +
        "device only after the solvers made on it, and create a new device and solver to solve again.");

    /// <summary>Frees the accelerator and the context (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pageLocks.Close(); // before the context: a registration must not outlive it
        Accelerator.Dispose();
        Context.Dispose();
    }
}
