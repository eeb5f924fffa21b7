using AcaKernels.Gpu.Native;

namespace AcaKernels.Cli.Ensemble;

/// <summary>The GPU kernels compiled at build time and embedded in `aca` (the AcaGpuKernel items of its project file).</summary>
internal static class EmbeddedGpuKernels
{
    private static readonly Lazy<GpuKernelCatalog> Kernels = new(() => GpuKernelCatalog.From(typeof(EmbeddedGpuKernels).Assembly));

    public static GpuKernelCatalog Catalog => Kernels.Value;
}
