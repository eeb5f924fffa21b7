using AcaKernels.Gpu.Native.Cuda;
using AcaKernels.Gpu.Native.OpenCL;

namespace AcaKernels.Gpu.Native;

/// <summary>The native backends' devices (no ILGPU: OpenCL and the CUDA driver only): what is there, and opening one.</summary>
public static class NativeGpuDevices
{
    /// <summary>
    /// What <paramref name="backend"/> (Cuda or OpenCL) offers this process: its devices in <see cref="GpuEnsembleOptions.DeviceIndex"/>
    /// order, or none and why (no driver library, no device, or the driver's error, as the solvers would report it).
    /// Never throws for an absent or failing backend: it is the question a user asks when a GPU is not used.
    /// </summary>
    /// <exception cref="ArgumentException">For Auto (name the backend) and Cpu (not a native backend).</exception>
    public static NativeBackendReport Probe(GpuBackend backend)
    {
        if (backend is not (GpuBackend.Cuda or GpuBackend.OpenCL))
            throw new ArgumentException($"The native launcher drives CUDA or OpenCL devices, not {backend}.", nameof(backend));
        try
        {
            if (backend == GpuBackend.Cuda)
            {
                IReadOnlyList<string> gpus = CudaDevice.Names();
                return new NativeBackendReport(backend, gpus, null) { GpuCount = gpus.Count };
            }
            (IReadOnlyList<string> devices, int gpuCount) = OpenCLDevice.Inventory();
            return new NativeBackendReport(backend, devices, null) { GpuCount = gpuCount };
        }
        catch (GpuBackendUnavailableException)
        {
            return new NativeBackendReport(backend, [], $"no device found. {GpuBackendUnavailableException.Requirement(backend)}");
        }
        catch (NativeGpuException e)
        {
            return new NativeBackendReport(backend, [], e.Message); // the driver's error, named as the solvers name it
        }
    }

    /// <exception cref="GpuBackendUnavailableException">When the backend (for Auto: both) is absent, or has no device
    /// <paramref name="index"/>.</exception>
    /// <exception cref="ArgumentException">For <see cref="GpuBackend.Cpu"/>, which is ILGPU's and needs the JIT; for a
    /// negative index or one with Auto.</exception>
    internal static IKernelDevice Open(GpuBackend backend, int? index = null)
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
}

/// <summary>What <see cref="NativeGpuDevices.Probe"/> found for one backend.</summary>
/// <param name="Backend">Cuda or OpenCL.</param>
/// <param name="Devices">The devices' names, in device-index order; empty where the backend is absent.</param>
/// <param name="Problem">Why there are none (what to install, or the driver's error); null when there are devices.</param>
public sealed record NativeBackendReport(GpuBackend Backend, IReadOnlyList<string> Devices, string? Problem)
{
    /// <summary>How many of <see cref="Devices"/> are GPUs: the first ones (every CUDA device; OpenCL's GPUs lead its
    /// numbering, its CPU devices such as PoCL's follow).</summary>
    public int GpuCount { get; init; }
}
