using AcaKernels.Gpu.Native.Cuda;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>The kernels `aca` embeds, and which native backends this machine has (probed once).</summary>
internal static class Native
{
    public static GpuKernelCatalog Catalog { get; } = GpuKernelCatalog.From(System.Reflection.Assembly.Load("aca"));

    private static readonly Lazy<string?> CudaAbsence = new(() =>
    {
        try
        {
            CudaDevice.Open().Dispose();
            return null;
        }
        catch (GpuBackendUnavailableException e)
        {
            return $"CUDA tests skipped: {e.Message}";
        }
    });

    private static readonly Lazy<string?> OpenCLAbsence = new(() =>
    {
        try
        {
            OpenCL.OpenCLDevice.Open().Dispose();
            return null;
        }
        catch (GpuBackendUnavailableException e)
        {
            return $"OpenCL tests skipped (tests/run-all.sh installs PoCL as root): {e.Message}";
        }
    });

    public static string? WhyNoCuda => CudaAbsence.Value;

    public static string? WhyNoOpenCL => OpenCLAbsence.Value;
}

/// <summary>A fact that runs where a CUDA GPU and driver exist, and says why it was skipped elsewhere.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute() => Skip = Native.WhyNoCuda;
}

/// <summary>A fact that runs where an OpenCL device exists (PoCL in CI), and says why it was skipped elsewhere.</summary>
public sealed class OpenCLFactAttribute : FactAttribute
{
    public OpenCLFactAttribute() => Skip = Native.WhyNoOpenCL;
}

/// <summary>A theory that runs where an OpenCL device exists (PoCL in CI), and says why it was skipped elsewhere.</summary>
public sealed class OpenCLTheoryAttribute : TheoryAttribute
{
    public OpenCLTheoryAttribute() => Skip = Native.WhyNoOpenCL;
}
