using AcaKernels.Gpu.Backends;

namespace AcaKernels.Gpu.Tests.Support;

/// <summary>Which backends this machine has, probed once.</summary>
public static class TestBackends
{
    private static readonly Lazy<IReadOnlyList<GpuBackend>> Available = new(GpuDevice.Available);

    private static readonly Dictionary<GpuBackend, GpuDevice> Devices = [];

    public static bool Has(GpuBackend backend) => backend == GpuBackend.Auto || Available.Value.Contains(backend);

    /// <summary>One device per backend for the whole test run (kernels compiled once per system, not once per test).</summary>
    public static GpuDevice Device(GpuBackend backend)
    {
        lock (Devices)
        {
            if (!Devices.TryGetValue(backend, out GpuDevice? device)) Devices[backend] = device = GpuDevice.Open(backend);
            return device;
        }
    }

    /// <summary>The backends of <paramref name="wanted"/> this machine has: theory rows for absent ones are left out (and
    /// <c>BackendTests.OpenCL_IsPresent</c> is skipped with <see cref="SkipReason"/>, so the gap shows).</summary>
    public static GpuBackend[] Present(params GpuBackend[] wanted) => wanted.Where(Has).ToArray();

    /// <summary><see cref="Present"/> as theory rows.</summary>
    public static TheoryData<GpuBackend> Rows(params GpuBackend[] wanted)
    {
        var data = new TheoryData<GpuBackend>();
        foreach (GpuBackend backend in Present(wanted)) data.Add(backend);
        return data;
    }

    /// <summary>Why a test of <paramref name="backend"/> is skipped here, or null when it can run.</summary>
    public static string? SkipReason(GpuBackend backend) => Has(backend) ? null : backend switch
    {
        GpuBackend.Cuda => "No CUDA device on this machine (needs an NVIDIA GPU and driver); CUDA tests skipped.",
        GpuBackend.OpenCL => "No OpenCL device on this machine; install pocl-opencl-icd and ocl-icd-opencl-dev (tests/run-all.sh does, as root).",
        _ => $"{backend} is not available.",
    };
}

/// <summary>A fact that runs only where a CUDA device exists, and says so when skipped.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute() => Skip = TestBackends.SkipReason(GpuBackend.Cuda);
}

/// <summary>A fact that runs only where an OpenCL device exists, and says so when skipped.</summary>
public sealed class OpenCLFactAttribute : FactAttribute
{
    public OpenCLFactAttribute() => Skip = TestBackends.SkipReason(GpuBackend.OpenCL);
}
