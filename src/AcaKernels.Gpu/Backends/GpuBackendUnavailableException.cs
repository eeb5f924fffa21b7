namespace AcaKernels.Gpu;

/// <summary>A requested <see cref="GpuBackend"/> is not present on this machine; the message says what to install.</summary>
public sealed class GpuBackendUnavailableException(GpuBackend backend, string message) : Exception(message)
{
    /// <summary>The backend that was requested.</summary>
    public GpuBackend Backend { get; } = backend;

    /// <summary>The one message for an absent backend, whether ILGPU (GpuEnsembleSolver) or the Native AOT launch layer
    /// (AcaKernels.Gpu.Native, which finds no libOpenCL.so.1 or libcuda.so.1, or no device behind it) looked for it.</summary>
    internal static GpuBackendUnavailableException Absent(GpuBackend backend) => new(backend, backend switch
    {
        GpuBackend.Cuda or GpuBackend.OpenCL =>
            $"GpuBackend.{backend} was requested but no {Name(backend)} device was found. {Requirement(backend)} " +
            "Choose GpuBackend.Auto to use the best backend present.",
        _ => $"GpuBackend.{backend} is not present on this machine.",
    });

    /// <summary>What a backend needs on the machine (for the messages that say it is absent).</summary>
    internal static string Requirement(GpuBackend backend) => backend switch
    {
        GpuBackend.Cuda =>
            "It needs an NVIDIA GPU and its driver (libcuda.so, from the NVIDIA driver package; no CUDA toolkit needed).",
        GpuBackend.OpenCL =>
            "It needs the OpenCL ICD loader (libOpenCL.so) and a driver: on Debian/Ubuntu `apt-get install ocl-icd-opencl-dev pocl-opencl-icd` " +
            "for the CPU, or the GPU vendor's OpenCL driver.",
        _ => "",
    };

    private static string Name(GpuBackend backend) => backend == GpuBackend.Cuda ? "CUDA" : "OpenCL";

    /// <summary>The one message for a device index past the backend's devices (<see cref="GpuEnsembleOptions.DeviceIndex"/>),
    /// naming those present (at least one: a backend without devices is <see cref="Absent"/>) in their index order.</summary>
    internal static GpuBackendUnavailableException NoSuchDevice(GpuBackend backend, int index, IReadOnlyList<string> present) => new(backend,
        $"GpuBackend.{backend} device {index} was requested, but this machine has {present.Count} {backend} device{(present.Count == 1 ? "" : "s")}: " +
        string.Join(", ", present.Select((name, i) => $"{i}: '{name}'")) +
        $". Choose an index below {present.Count}, or leave DeviceIndex unset for device 0.");

    /// <summary>
    /// Checks a device index against its backend before any device opens: negative is out of range, and an index with
    /// <see cref="GpuBackend.Auto"/> is refused (Auto may resolve to a backend whose devices are numbered otherwise).
    /// </summary>
    internal static void CheckDeviceIndex(GpuBackend backend, int? index)
    {
        if (index is not int i) return;
        ArgumentOutOfRangeException.ThrowIfNegative(i, nameof(GpuEnsembleOptions.DeviceIndex));
        if (backend == GpuBackend.Auto)
            throw new ArgumentException(
                $"DeviceIndex {i} needs a named backend (Cuda, OpenCL or Cpu): GpuBackend.Auto may resolve to a backend whose devices are " +
                "numbered differently. Set Backend too, or leave DeviceIndex unset.", nameof(GpuEnsembleOptions.DeviceIndex));
    }
}
