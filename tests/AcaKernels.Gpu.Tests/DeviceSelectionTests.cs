using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using Stepper = AcaKernels.Gpu.Tests.Reference.Dopri5Stepper<double, AcaKernels.Gpu.Tests.Reference.Real64, AcaKernels.Gpu.Tests.Reference.LorenzSystem<double>>;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// A machine with several devices: <see cref="GpuDevice.List"/> numbers a backend's devices, <see cref="GpuDevice.Open"/>
/// and <see cref="GpuEnsembleOptions.DeviceIndex"/> pick one by that number, and an index past them is an exception that
/// names those there are. CI has one device per backend (PoCL's CPU device, ILGPU's CPU accelerator), which is
/// enough to check the numbering's ends; the GPU-before-CPU order of OpenCL devices needs a machine with both.
/// </summary>
public sealed class DeviceSelectionTests
{
    public static TheoryData<GpuBackend> ListedBackends => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL, GpuBackend.Cuda);

    [Theory]
    [MemberData(nameof(ListedBackends))]
    public void EachListedDevice_OpensByItsIndex_AndAnIndexPastThem_NamesThem(GpuBackend backend)
    {
        IReadOnlyList<string> names = GpuDevice.List(backend);
        Assert.NotEmpty(names);
        using (GpuDevice first = GpuDevice.Open(backend))
            Assert.Equal(names[0], first.Name); // no index: device 0
        for (int i = 0; i < names.Count; i++)
        {
            using GpuDevice device = GpuDevice.Open(backend, i);
            Assert.Equal(backend, device.Backend);
            Assert.Equal(names[i], device.Name);
        }
        var error = Assert.Throws<GpuBackendUnavailableException>(() => GpuDevice.Open(backend, names.Count));
        Assert.Equal(backend, error.Backend);
        Assert.Contains($"GpuBackend.{backend} device {names.Count} was requested", error.Message);
        Assert.Contains($"0: '{names[0]}'", error.Message);
        Assert.Contains($"below {names.Count}", error.Message);
    }

    [Fact]
    public void AnIndex_WithAuto_OrNegative_IsRefused_BeforeAnyDeviceOpens()
    {
        var auto = Assert.Throws<ArgumentException>(() => GpuDevice.Open(GpuBackend.Auto, 0));
        Assert.Contains("needs a named backend", auto.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuDevice.Open(GpuBackend.Cpu, -1));
        Assert.Throws<ArgumentException>(() => GpuDevice.List(GpuBackend.Auto));
    }

    [Fact]
    public void Cuda_WhenAbsent_ListsNothing_AndAnIndexGetsTheAbsentBackendsMessage()
    {
        if (TestBackends.Has(GpuBackend.Cuda)) return; // present: the theory above numbers its devices
        Assert.Empty(GpuDevice.List(GpuBackend.Cuda));
        var error = Assert.Throws<GpuBackendUnavailableException>(() => GpuDevice.Open(GpuBackend.Cuda, 1));
        Assert.Contains("no CUDA device was found", error.Message); // what to install, not an empty list of devices
    }

    [Fact]
    public void Solver_RunsOnTheIndexedDevice_OrNamesThoseThereAre()
    {
        int count = GpuDevice.List(GpuBackend.Cpu).Count;
        var options = new GpuEnsembleOptions { Backend = GpuBackend.Cpu, DeviceIndex = count };
        var error = Assert.Throws<GpuBackendUnavailableException>(() => new GpuEnsembleSolver<double, Stepper>(4, null, options));
        Assert.Contains($"device {count} was requested", error.Message);
        Assert.Throws<ArgumentException>(() => new GpuEnsembleSolver<double, Stepper>(4, null, options with { Backend = GpuBackend.Auto, DeviceIndex = 0 }));

        using var solver = new GpuEnsembleSolver<double, Stepper>(4, null, options with { DeviceIndex = count - 1 });
        Assert.Equal(GpuBackend.Cpu, solver.Backend);
        Assert.Equal(GpuDevice.List(GpuBackend.Cpu)[count - 1], solver.DeviceName);
    }

    /// <summary>
    /// README's pattern for several GPUs: one solver per device, each its share of the trajectories, called from a thread
    /// of its own; the shared θ's gradient is the sum of the shares'. Here the two devices are the CPU accelerator
    /// (120 trajectories, the CPU engine's bits) and PoCL (80, within the OpenCL tolerances), against the CPU engine on
    /// all 200: trajectories are independent, so each share equals the same trajectories solved together.
    /// </summary>
    [OpenCLFact]
    public void Ensemble_SplitOverTwoDevices_EqualsOneEngineOnAll()
    {
        const int B = 200, First = 120, N = 3;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        CpuComparison.Outcome all = CpuComparison.Cpu<LorenzSystem<double>>(problem, B);
        int rows = problem.Times.Length * N;

        using var cpu = new GpuEnsembleSolver<double, Stepper>(First, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        using var opencl = new GpuEnsembleSolver<double, Stepper>(B - First, TestBackends.Device(GpuBackend.OpenCL), problem.Options);
        var outputs = new double[B * rows];
        var gradZ0 = new double[B * N];
        double[] gradTheta = new double[3], gradThetaSecond = new double[3];
        var statuses = new EnsembleResult[4];
        Parallel.Invoke(
            () => statuses[0] = cpu.Solve(problem.Z0.AsSpan(0, First * N), problem.Theta, problem.Times, outputs.AsSpan(0, First * rows), []),
            () => statuses[1] = opencl.Solve(problem.Z0.AsSpan(First * N), problem.Theta, problem.Times, outputs.AsSpan(First * rows), []));
        Parallel.Invoke(
            () => statuses[2] = cpu.Gradient(problem.Seeds.AsSpan(0, First * rows), gradZ0.AsSpan(0, First * N), gradTheta, []),
            () => statuses[3] = opencl.Gradient(problem.Seeds.AsSpan(First * rows), gradZ0.AsSpan(First * N), gradThetaSecond, []));
        foreach (EnsembleResult status in statuses) status.ThrowIfFailed();
        for (int j = 0; j < gradTheta.Length; j++) gradTheta[j] += gradThetaSecond[j];

        Tolerances.AssertClose(all.Outputs.AsSpan(0, First * rows), outputs.AsSpan(0, First * rows), 0, "outputs, CPU accelerator's share");
        Tolerances.AssertClose(all.GradZ0.AsSpan(0, First * N), gradZ0.AsSpan(0, First * N), 0, "∂L/∂z0, CPU accelerator's share");
        Tolerances.Entry pocl = Tolerances.For(GpuBackend.OpenCL);
        Tolerances.AssertClose(all.Outputs.AsSpan(First * rows), outputs.AsSpan(First * rows), pocl.State, "outputs, PoCL's share");
        Tolerances.AssertClose(all.GradZ0.AsSpan(First * N), gradZ0.AsSpan(First * N), pocl.Gradient, "∂L/∂z0, PoCL's share");
        Tolerances.AssertClose(all.GradTheta, gradTheta, pocl.Gradient, "∂L/∂θ, the shares' sum");
    }
}
