using AcaKernels.Gpu.Tests.Support;
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
}
