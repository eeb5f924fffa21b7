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
        GpuBackend.Cuda =>
            "GpuBackend.Cuda was requested but no CUDA device was found. It needs an NVIDIA GPU and its driver " +
            "(libcuda.so, from the NVIDIA driver package; no CUDA toolkit needed). Choose GpuBackend.Auto to use the best backend present.",
        GpuBackend.OpenCL =>
            "GpuBackend.OpenCL was requested but no OpenCL device was found. It needs the OpenCL ICD loader " +
            "(libOpenCL.so) and a driver: on Debian/Ubuntu `apt-get install ocl-icd-opencl-dev pocl-opencl-icd` for the CPU, " +
            "or the GPU vendor's OpenCL driver. Choose GpuBackend.Auto to use the best backend present.",
        _ => $"GpuBackend.{backend} is not present on this machine.",
    });
}
