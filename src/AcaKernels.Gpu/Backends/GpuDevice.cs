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

    /// <summary>Opens <paramref name="backend"/> (<see cref="GpuBackend.Auto"/>: the best present).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the requested backend is absent; the message says what to install.</exception>
    public static GpuDevice Open(GpuBackend backend = GpuBackend.Auto)
    {
        (Context context, Accelerator accelerator) = Backends.GpuDevices.Open(backend);
        return new GpuDevice(context, accelerator);
    }

    /// <summary>The backend this device is (what Auto resolved to).</summary>
    public GpuBackend Backend { get; }

    /// <summary>The device's name as its driver reports it.</summary>
    public string Name => Accelerator.Name;

    internal Context Context { get; }

    internal Accelerator Accelerator { get; }

    // ILGPU compiles a kernel into its context's cache; solvers sharing this device load under this lock so two
    // threads do not compile the same kernel at once.
    internal object CompileLock { get; } = new();

    /// <summary>Frees the accelerator and the context.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
