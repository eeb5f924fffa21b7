namespace AcaKernels.Gpu;

/// <summary>A requested <see cref="GpuBackend"/> is not present on this machine; the message says what to install.</summary>
public sealed class GpuBackendUnavailableException(GpuBackend backend, string message) : Exception(message)
{
    /// <summary>The backend that was requested.</summary>
    public GpuBackend Backend { get; } = backend;
}
