using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;

namespace AcaKernels.Cli.Tests;

/// <summary>`aca devices` on the real program: each native backend's devices as `--device` numbers them, or why it
/// has none; where `--backend auto` runs; the embedded kernels.</summary>
public sealed class DevicesCommandTests
{
    [Fact]
    public void Devices_SaysWhatEachBackendHas_WhereAutoRuns_AndWhichKernelsAreEmbedded()
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("devices");
        Assert.True(exitCode == 0, stderr);
        Assert.Empty(stderr);
        var backends = new[] { GpuBackend.Cuda, GpuBackend.OpenCL }.Select(NativeGpuDevices.Probe).ToArray();
        foreach (NativeBackendReport report in backends)
        {
            string name = report.Backend.ToString().ToLowerInvariant();
            if (report.Devices.Count == 0)
                Assert.Contains($"  {name,-7} none: {report.Problem}", stdout);
            else
                for (int i = 0; i < report.Devices.Count; i++) Assert.Contains($"          {i}: {report.Devices[i]}", stdout);
        }
        NativeBackendReport? first = backends.FirstOrDefault(r => r.GpuCount > 0);
        Assert.Contains(first is null ? "--backend auto runs on the CPU engine"
            : $"--backend auto runs on {first.Backend.ToString().ToLowerInvariant()} device 0 ({first.Devices[0]})", stdout);
        Assert.Contains("embedded kernels (ILGPU 1.5.3.0", stdout);
        Assert.Contains("LorenzDynamics+RhsOde+Gpu+DormandPrince5", stdout);
    }

    [Fact]
    public void Cuda_WhenAbsent_SaysWhatItNeeds()
    {
        NativeBackendReport cuda = NativeGpuDevices.Probe(GpuBackend.Cuda);
        if (cuda.Devices.Count > 0) return; // a machine with an NVIDIA GPU: the test above lists it
        Assert.StartsWith("no device found. It needs an NVIDIA GPU and its driver", cuda.Problem);
    }

    [OpenCLPresentFact]
    public void OpenCL_ListsPocl_AsTheEnsembleCommandNumbersIt()
    {
        NativeBackendReport opencl = NativeGpuDevices.Probe(GpuBackend.OpenCL);
        Assert.Null(opencl.Problem);
        Assert.NotEmpty(opencl.Devices);
        Assert.Equal(GpuDevice.List(GpuBackend.OpenCL), opencl.Devices); // ILGPU's numbering, which GpuEnsembleSolver takes
    }

    /// <summary>PoCL's device is a CPU: listed and numbered, but not where auto runs (the CPU engine is faster there).</summary>
    [OpenCLPresentFact]
    public void OpenCL_CpuDevices_AreListed_ButAutoRunsTheCpuEngine()
    {
        NativeBackendReport opencl = NativeGpuDevices.Probe(GpuBackend.OpenCL);
        if (opencl.GpuCount > 0 || NativeGpuDevices.Probe(GpuBackend.Cuda).GpuCount > 0) return; // a machine with a GPU: the test above covers it
        var (exitCode, stdout, stderr) = AcaProcess.Run("devices");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"          0: {opencl.Devices[0]}", stdout);
        Assert.Contains("--backend auto runs on the CPU engine", stdout);
        Assert.Contains("OpenCL's devices here are not GPUs", stdout);
    }

    [Fact]
    public void Help_PrintsUsage() => CommandLineConventions.AssertHelp("devices", "--help");

    [Fact]
    public void UnknownOption_IsRejected() => CommandLineConventions.AssertRejected("devices", "--bogus");
}
