using System.Runtime.InteropServices;
using AcaKernels.Cli.Ensemble;
using AcaKernels.Cli.Ensemble.Systems;

namespace AcaKernels.Cli.Tests;

/// <summary>
/// `aca ensemble`: its command line on the real program, and its run in-process (the code the AOT binary runs: the
/// embedded kernels through OpenCL, no ILGPU) on PoCL and on the CPU engines.
/// </summary>
public sealed class EnsembleCommandTests
{
    [Fact]
    public void Help_ListsItsOptions() =>
        CommandLineConventions.AssertHelpLists("ensemble", "--system", "lorenz|three-body|neural-ode", "--backend", "auto|cpu|lanes|opencl|cuda",
            "--device", "--trajectories", "--repeats", "--threads", "--precision", "float64|float32");

    [Theory]
    [InlineData("--backend", "magic")]
    [InlineData("--trajectories", "0")]
    [InlineData("--repeats", "x")]
    [InlineData("--precision", "half")]
    [InlineData("--device", "first")]
    [InlineData("--system", "pendulum")]
    public void BadCommandLine_ExitsTwoOnStderr(string option, string value) =>
        CommandLineConventions.AssertRejected("ensemble", option, value);

    [Fact]
    public void Lanes_InFloat32_IsRefused_SayingWhatRuns() =>
        Assert.Contains("--backend lanes runs float64 only",
            CommandLineConventions.AssertRejected("ensemble", "--backend", "lanes", "--precision", "float32"));

    [Fact]
    public void ThreeBody_InFloat32_IsRefused_SayingWhatRuns() =>
        Assert.Contains("--system three-body runs float64 only",
            CommandLineConventions.AssertRejected("ensemble", "--system", "three-body", "--precision", "float32"));

    [Theory]
    [InlineData("auto")]
    [InlineData("lanes")]
    [InlineData("cpu")]
    public void Device_WithoutANamedGpuBackend_IsRefused_SayingWhichToName(string backend) =>
        Assert.Contains("--device picks one of a GPU backend's devices: name it, --backend opencl or --backend cuda",
            CommandLineConventions.AssertRejected("ensemble", "--device", "0", "--backend", backend));

    [Fact]
    public void NegativeDevice_IsRefused() =>
        Assert.Contains("--device must be between 0 and 1023",
            CommandLineConventions.AssertRejected("ensemble", "--device", "-1", "--backend", "opencl"));

    [OpenCLPresentFact]
    public void OpenCL_DeviceByIndex_RunsThere_AndOnePastTheDevices_NamesThem()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.OpenCL, 16, device: 0);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("passed", output);

        (exitCode, output, error) = Run(EnsembleBackendChoice.OpenCL, 16, device: 64);
        Assert.Equal(1, exitCode);
        Assert.Contains("GpuBackend.OpenCL device 64 was requested", error);
        Assert.Contains("0: '", error);
        Assert.Contains("leave --device out", error);   // the option, not the API's DeviceIndex
        Assert.DoesNotContain("passed", output);
    }

    [Theory]
    [InlineData("0,x", "'x' in '0,x' is not one")]
    [InlineData("0,,1", "'' in '0,,1' is not one")]
    [InlineData("1,0,1", "names device 1 twice")]
    [InlineData("0,2000", "--device must be between 0 and 1023 (got 2000)")]
    public void DeviceList_Malformed_IsRefused_SayingWhy(string devices, string message) =>
        Assert.Contains(message, CommandLineConventions.AssertRejected("ensemble", "--device", devices, "--backend", "opencl"));

    /// <summary>
    /// Two real OpenCL devices in CI: PoCL makes one per name in POCL_DEVICES (read when OpenCL starts, so in a process
    /// of its own). `aca devices` numbers both; `--device 0,1` splits 3000 trajectories over them (2048 + 952, whole
    /// blocks of 1024) through the embedded OpenCL C and passes the check against the CPU engine; one past them names them.
    /// </summary>
    [OpenCLPresentFact]
    public void OpenCL_TwoPoclDevices_SplitTheEnsemble_AndPassTheCheck()
    {
        var twoDevices = new Dictionary<string, string> { ["POCL_DEVICES"] = "pthread pthread" };
        var (exitCode, output, error) = AcaProcess.RunWith(twoDevices, "devices");
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("opencl  2 devices (--backend opencl --device N for one, --device 0,1,... to split an ensemble over several)", output);
        Assert.Contains("          1: pthread-", output);

        (exitCode, output, error) = AcaProcess.RunWith(twoDevices, "ensemble", "--backend", "opencl", "--device", "0,1",
            "--trajectories", "3000", "--repeats", "1", "--threads", "2");
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("split over 2 device(s): device 0 '", output);
        Assert.Contains("trajectories 0..2047, device 1 '", output);
        Assert.Contains("trajectories 2048..2999", output);
        Assert.Contains("passed", output);

        (exitCode, output, error) = AcaProcess.RunWith(twoDevices, "ensemble", "--backend", "opencl", "--device", "0,2",
            "--trajectories", "3000", "--repeats", "1");
        Assert.Equal(1, exitCode);
        Assert.Contains("GpuBackend.OpenCL device 2 was requested", error);
        Assert.Contains("1: '", error);
    }

    [OpenCLPresentFact]
    public void OpenCL_Float32_RunsTheEmbeddedKernels_AndPassesTheFloat32Check()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.OpenCL, 64, precision: EnsemblePrecision.Float32);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("in float32 (time float64)", output);
        Assert.Contains("tolerance 1E-4 states, 1E-3 gradients", output);
        Assert.Contains("passed", output);
    }

    [Fact]
    public void Cpu_Float32_PassesTheBitForBitCheck()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.Cpu, 50, precision: EnsemblePrecision.Float32);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("bit for bit", output);
        Assert.Contains("passed", output);
    }

    [OpenCLPresentFact]
    public void OpenCL_RunsTheEmbeddedKernels_AndPassesTheCheck()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.OpenCL, 64);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("backend opencl: the embedded OpenCL C on", output);
        Assert.Contains("ns/step", output);
        Assert.Contains("passed", output);
    }

    // The other systems through their embedded kernels: the three-body problem (n = 18, the register kernels of a
    // straight-line f too large for the CPU's straight-line form) and the neural ODE (loop form, θ of 162), both number types.
    [OpenCLPresentTheory]
    [InlineData("three-body", "float64", "dL/dm3", "tolerance 1E-9 states")]
    [InlineData("neural-ode", "float64", "‖dL/dθ‖₂", "tolerance 1E-9 states")]
    [InlineData("neural-ode", "float32", "‖dL/dθ‖₂", "tolerance 1E-4 states")]
    public void OpenCL_OtherSystems_RunTheirEmbeddedKernels_AndPassTheCheck(string system, string precision, string column, string bound)
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.OpenCL, 100, precision: Precision(precision), system: system);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("backend opencl: the embedded OpenCL C on", output);
        Assert.Contains(column, output);
        Assert.Contains(bound, output);
        Assert.Contains("passed", output);
    }

    [Theory]
    [InlineData("three-body", "float64", "three-body (3-D, Newtonian) trajectories in float64")]
    [InlineData("neural-ode", "float32", "neural ODE (tanh MLP 2-32-2) trajectories in float32")]
    public void Cpu_OtherSystems_PassTheBitForBitCheck(string system, string precision, string title)
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.Cpu, 40, precision: Precision(precision), system: system);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains(title, output);
        Assert.Contains("bit for bit", output);
        Assert.Contains("passed", output);
    }

    /// <summary>Where no GPU is present (CI: PoCL only), auto runs the CPU engine, not the OpenCL CPU device.</summary>
    [Fact]
    public void Auto_WithoutAGpu_RunsTheCpuEngine_NotAnOpenCLCpuDevice()
    {
        if (EnsembleBackendChoices.AutoGpu() is not null) return; // a machine with a GPU: auto runs there (the GPU check covers it)
        var (exitCode, output, error) = Run(EnsembleBackendChoice.Auto, 40);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains(EnsembleBackendChoices.LanesPresent ? "backend lanes: the CPU engine" : "backend cpu: the CPU engine", output);
        Assert.DoesNotContain("opencl", output);
        // Lanes are checked against the scalar engine (not against themselves), the scalar engine against itself where there are no lanes.
        Assert.Contains("check against the cpu: the CPU engine", output);
        Assert.Contains("passed", output);
    }

    [Fact]
    public void Cpu_PassesTheBitForBitCheck()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.Cpu, 50);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("bit for bit", output);
        Assert.Contains("passed", output);
    }

    // The first GPU run (RESULTS §59): at B = 1 048 576 every trajectory failed with a full checkpoint store, the
    // 1 GiB default limit holding 26 steps of each where this problem takes up to 65. 450 000 trajectories are past
    // where that default fails (1 GiB / (B · 40 B) = 59 steps) and still quick on the CPU engine.
    [Fact]
    public void Cpu_ManyTrajectories_HaveRoomForTheirCheckpoints()
    {
        var (exitCode, output, error) = Run(EnsembleBackendChoice.Cpu, 450_000, threads: 2);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("passed", output);
    }

    [Fact]
    public void Cuda_WhenAbsent_SaysSoOnStderr_ExitsOne()
    {
        if (NativeLibrary.TryLoad("libcuda.so.1", out IntPtr cuda))
        {
            NativeLibrary.Free(cuda);
            return; // a machine with the NVIDIA driver: covered by AcaKernels.Gpu.Native.Tests' CUDA tests
        }
        var (exitCode, _, error) = Run(EnsembleBackendChoice.Cuda, 8);
        Assert.Equal(1, exitCode);
        Assert.Contains("GpuBackend.Cuda was requested but no CUDA device was found", error);
        Assert.Contains("--backend auto", error);   // what to type here, not only the API's GpuBackend.Auto
    }

    private static EnsemblePrecision Precision(string name) => name == "float32" ? EnsemblePrecision.Float32 : EnsemblePrecision.Float64;

    private static (int ExitCode, string Output, string Error) Run(EnsembleBackendChoice backend, int trajectories, int threads = 1,
        EnsemblePrecision precision = EnsemblePrecision.Float64, int? device = null, string system = "lorenz")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = EnsembleRun.Run(new EnsembleSettings
        {
            Backend = backend, Trajectories = trajectories, Repeats = 1, Threads = threads, Precision = precision, Device = device?.ToString(),
            System = EnsembleSystems.Parse(system),
        }, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A fact that runs where an OpenCL loader and a driver are installed (PoCL in CI: tests/run-all.sh installs it as root).</summary>
public sealed class OpenCLPresentFactAttribute : FactAttribute
{
    public OpenCLPresentFactAttribute()
    {
        bool loader = NativeLibrary.TryLoad("libOpenCL.so.1", out IntPtr handle);
        if (loader) NativeLibrary.Free(handle);
        bool driver = Directory.Exists("/etc/OpenCL/vendors") && Directory.EnumerateFiles("/etc/OpenCL/vendors", "*.icd").Any();
        if (!loader || !driver)
            Skip = "No OpenCL loader (libOpenCL.so.1) or driver (/etc/OpenCL/vendors/*.icd): install ocl-icd-opencl-dev and pocl-opencl-icd.";
    }
}

/// <summary>A theory that runs where an OpenCL loader and a driver are installed (as <see cref="OpenCLPresentFactAttribute"/>).</summary>
public sealed class OpenCLPresentTheoryAttribute : TheoryAttribute
{
    public OpenCLPresentTheoryAttribute() => Skip = new OpenCLPresentFactAttribute().Skip;
}
