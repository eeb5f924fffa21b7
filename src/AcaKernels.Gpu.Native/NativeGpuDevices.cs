using AcaKernels.Gpu.Native.Cuda;
using AcaKernels.Gpu.Native.OpenCL;

namespace AcaKernels.Gpu.Native;

/// <summary>Opens the native backend a <see cref="GpuBackend"/> names (no ILGPU: OpenCL and the CUDA driver only).</summary>
internal static class NativeGpuDevices
{
    /// <exception cref="GpuBackendUnavailableException">When the backend (for Auto: both) is absent.</exception>
    /// <exception cref="ArgumentException">For <see cref="GpuBackend.Cpu"/>, which is ILGPU's and needs the JIT.</exception>
    public static IKernelDevice Open(GpuBackend backend)
    {
        switch (backend)
        {
            case GpuBackend.Cuda:
                return CudaDevice.Open();
            case GpuBackend.OpenCL:
                return OpenCLDevice.Open();
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
}
