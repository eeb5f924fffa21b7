using AcaKernels.Experiments.Lorenz;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>What the launch layer says when it cannot run: stale or foreign kernels, steppers not embedded, a backend it
/// does not drive, misuse. None of these needs a device.</summary>
public sealed class CatalogAndErrorTests
{
    [Fact]
    public void Catalog_ListsTheSteppersAcaEmbeds()
    {
        Assert.Contains(typeof(LorenzDynamics.RhsOde.Gpu.DormandPrince5).FullName!, Native.Catalog.Steppers);
        Assert.True(Native.Catalog.Contains<LorenzDynamics.RhsOde.Gpu.DormandPrince5>());
        Assert.False(Native.Catalog.Contains<LorenzDynamics.RhsOde.Gpu.Tsitouras5>());
    }

    [Fact]
    public void StepperNotEmbedded_IsRefusedNamingItAndTheList()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.Tsitouras5>(4, Native.Catalog, null, new GpuEnsembleOptions { Backend = GpuBackend.OpenCL }));
        Assert.Contains("Tsitouras5", error.Message);
        Assert.Contains("AcaGpuKernel", error.Message);
    }

    [Fact]
    public void AssemblyWithoutKernels_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GpuKernelCatalog.From(typeof(CatalogAndErrorTests).Assembly));
        Assert.Contains("embeds no GPU kernels", error.Message);
    }

    [Fact]
    public void KernelsFromAnotherIlgpu_AreRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KernelManifest.Parse("ilgpu 1.6.0.0\n", "test"));
        Assert.Contains("ILGPU 1.6.0.0", error.Message);
        Assert.Contains(KernelManifest.SupportedIlgpuVersion, error.Message);
    }

    [Fact]
    public void MalformedManifest_NamesTheLine()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KernelManifest.Parse("ilgpu 1.5.3.0\nstepper X Double three 3\n", "test"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void CpuBackend_IsRefused_ItNeedsIlgpu()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(4, Native.Catalog, null, new GpuEnsembleOptions { Backend = GpuBackend.Cpu }));
        Assert.Contains("EnsembleSolver", error.Message);
    }

    [Fact]
    public void AdjointGradient_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(4, Native.Catalog,
            new OdeOptions { Gradient = GradientMethod.Adjoint }, new GpuEnsembleOptions { Backend = GpuBackend.OpenCL }));
    }

    [CudaFactAbsent]
    public void CudaAbsent_IsTheBackendAbsentMessage()
    {
        var error = Assert.Throws<GpuBackendUnavailableException>(() =>
            new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(4, Native.Catalog, null, new GpuEnsembleOptions { Backend = GpuBackend.Cuda }));
        Assert.Equal(GpuBackend.Cuda, error.Backend);
        Assert.Equal(GpuBackendUnavailableException.Absent(GpuBackend.Cuda).Message, error.Message);
    }
}

/// <summary>A fact that runs only where CUDA is absent (it checks the message a user gets then).</summary>
public sealed class CudaFactAbsentAttribute : FactAttribute
{
    public CudaFactAbsentAttribute() => Skip = Native.WhyNoCuda is null ? "A CUDA device is present: the absent-backend message cannot be checked here." : null;
}
