using AcaKernels.Gpu.Tests.Support;

namespace AcaKernels.Gpu.Tests;

/// <summary>Backend choice: Auto picks one present; an absent backend that is asked for is a clear exception.</summary>
public sealed class BackendTests
{
    /// <summary>Skipped, with what to install, where OpenCL is absent: the OpenCL rows of the other theories are then missing.</summary>
    [OpenCLFact]
    public void OpenCL_IsPresent() => Assert.Equal(GpuBackend.OpenCL, TestBackends.Device(GpuBackend.OpenCL).Backend);

    [Fact]
    public void Auto_OpensTheBestPresentBackend()
    {
        using GpuDevice device = GpuDevice.Open(GpuBackend.Auto);
        GpuBackend best = GpuDevice.Available()[0];
        Assert.Equal(best, device.Backend);
        Assert.False(string.IsNullOrWhiteSpace(device.Name));
    }

    [Fact]
    public void Cuda_WhenAbsent_SaysWhatIsMissing()
    {
        if (TestBackends.Has(GpuBackend.Cuda)) return; // present: nothing to refuse (Lorenz_OnCuda runs instead)
        var error = Assert.Throws<GpuBackendUnavailableException>(() => GpuDevice.Open(GpuBackend.Cuda));
        Assert.Equal(GpuBackend.Cuda, error.Backend);
        Assert.Contains("GpuBackend.Cuda", error.Message);
        Assert.Contains("NVIDIA", error.Message);
    }

    [Fact]
    public void Solver_WithNaiveGradient_IsRefusedWithTheAlternative()
    {
        var options = new Solving.OdeOptions { Gradient = Gradients.GradientMethod.Naive };
        var error = Assert.Throws<ArgumentException>(() =>
            new GpuEnsembleSolver<double, Reference.Dopri5Stepper<double, Reference.Real64, Reference.LorenzSystem<double>>>(4, TestBackends.Device(GpuBackend.Cpu), options));
        Assert.Contains("EnsembleSolver", error.Message);
    }
}
