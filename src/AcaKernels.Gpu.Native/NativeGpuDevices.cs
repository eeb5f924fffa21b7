using AcaKernels.Gpu.Native.Cuda;
using AcaKernels.Gpu.Native.OpenCL;

namespace AcaKernels.Gpu.Native;

/// <summary>Opens the native backend a <see cref="GpuBackend"/> names (no ILGPU: OpenCL and the CUDA driver only).</summary>
internal static class NativeGpuDevices
{
    /// <exception cref="GpuBackendUnavailableException">When the backend (for Auto: both) is absent, or has no device
    /// <paramref name="index"/>.</exception>
    /// <exception cref="ArgumentException">For <see cref="GpuBackend.Cpu"/>, which is ILGPU's and needs the JIT; for a
    /// negative index or one with Auto.</exception>
    public static IKernelDevice Open(GpuBackend backend, int? index = null)
    {
        if (backend != GpuBackend.Cpu) GpuBackendUnavailableException.CheckDeviceIndex(backend, index);
        switch (backend)
        {
            case GpuBackend.Cuda:
                return CudaDevice.Open(index ?? 0);
            case GpuBackend.OpenCL:
                return OpenCLDevice.Open(index ?? 0);
            case GpuBackend.Auto:
                try
                {
                    return CudaDevice.Open();
                }
                catch (GpuBackendUnavailableException)
                {
                }
                try
                {
                    return OpenCLDevice.Open();
                }
                catch (GpuBackendUnavailableException)
                {
                    throw new GpuBackendUnavailableException(GpuBackend.Auto,
                        "No GPU backend is present: no CUDA device (an NVIDIA GPU and its driver, libcuda.so.1) and no OpenCL device " +
                        "(libOpenCL.so.1 and a driver; on Debian/Ubuntu `apt-get install ocl-icd-opencl-dev pocl-opencl-icd` for the CPU). " +
                        "Run the ensemble on the CPU (EnsembleSolver) instead.");
                }
            case GpuBackend.Cpu:
                throw new ArgumentException(
                    "GpuBackend.Cpu is ILGPU's CPU accelerator, which needs the JIT: the native launcher runs the embedded kernels on OpenCL or " +
                    "CUDA only. Use EnsembleSolver for the CPU.", nameof(backend));
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown GpuBackend.");
        }
    }

    /// <summary>The names of <paramref name="backend"/>'s devices in the order a device index numbers them (empty where
    /// it is absent).</summary>
    /// <exception cref="ArgumentException">For Auto (name the backend) and Cpu (not a native backend).</exception>
    public static IReadOnlyList<string> List(GpuBackend backend) => backend switch
    {
        GpuBackend.Cuda => CudaDevice.List(),
        GpuBackend.OpenCL => OpenCLDevice.List(),
        _ => throw new ArgumentException($"The native launcher lists CUDA or OpenCL devices, not {backend}.", nameof(backend)),
    };
}
