using AcaKernels.Experiments.Lorenz;
using ILGPU;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// <see cref="GpuEnsembleOptions.DeviceIndex"/> in the native launcher: it numbers a backend's devices as
/// GpuEnsembleSolver (ILGPU) does, opens the one asked for, and names those there are when the index is past them.
/// </summary>
public sealed class NativeDeviceSelectionTests
{
    [OpenCLFact]
    public void OpenCL_NumbersTheDevicesAsIlgpuDoes_AndAnIndexPastThem_NamesThem()
    {
        IReadOnlyList<string> names = NativeGpuDevices.Probe(GpuBackend.OpenCL).Devices;
        Assert.Equal(GpuDevice.List(GpuBackend.OpenCL), names);
        for (int i = 0; i < names.Count; i++)
        {
            using IKernelDevice device = NativeGpuDevices.Open(GpuBackend.OpenCL, i);
            Assert.Equal(names[i], device.Name);
        }
        var error = Assert.Throws<GpuBackendUnavailableException>(() => NativeGpuDevices.Open(GpuBackend.OpenCL, names.Count));
        Assert.Equal(GpuBackend.OpenCL, error.Backend);
        Assert.Equal(GpuBackendUnavailableException.NoSuchDevice(GpuBackend.OpenCL, names.Count, names).Message, error.Message);
    }

    /// <summary>GpuCount (where `aca ensemble --backend auto` looks for a GPU) against ILGPU's own reading of the device
    /// types: PoCL's CPU device in CI counts 0.</summary>
    [OpenCLFact]
    public void OpenCL_CountsItsGpus_AsIlgpuReadsTheDeviceTypes()
    {
        NativeBackendReport report = NativeGpuDevices.Probe(GpuBackend.OpenCL);
        using var context = Context.Create(builder => builder.OpenCL(_ => true));
        int gpus = 0;
        foreach (CLDevice device in context.GetCLDevices())
            if (device.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_GPU)) gpus++;
        Assert.Equal(gpus, report.GpuCount);
    }

    [CudaFact]
    public void Cuda_EveryDeviceIsAGpu() =>
        Assert.Equal(NativeGpuDevices.Probe(GpuBackend.Cuda).Devices.Count, NativeGpuDevices.Probe(GpuBackend.Cuda).GpuCount);

    [CudaFact]
    public void Cuda_NumbersTheDevicesAsIlgpuDoes_AndAnIndexPastThem_NamesThem()
    {
        IReadOnlyList<string> names = NativeGpuDevices.Probe(GpuBackend.Cuda).Devices;
        Assert.Equal(GpuDevice.List(GpuBackend.Cuda), names);
        var error = Assert.Throws<GpuBackendUnavailableException>(() => NativeGpuDevices.Open(GpuBackend.Cuda, names.Count));
        Assert.Equal(GpuBackendUnavailableException.NoSuchDevice(GpuBackend.Cuda, names.Count, names).Message, error.Message);
    }

    [CudaFactAbsent]
    public void Cuda_WhenAbsent_ListsNothing_AndAnIndexGetsTheAbsentBackendsMessage()
    {
        Assert.Empty(NativeGpuDevices.Probe(GpuBackend.Cuda).Devices);
        var error = Assert.Throws<GpuBackendUnavailableException>(() => NativeGpuDevices.Open(GpuBackend.Cuda, 1));
        Assert.Equal(GpuBackendUnavailableException.Absent(GpuBackend.Cuda).Message, error.Message);
    }

    [OpenCLFact]
    public void Solver_RunsOnTheIndexedDevice_OrNamesThoseThereAre()
    {
        int count = NativeGpuDevices.Probe(GpuBackend.OpenCL).Devices.Count;
        var options = new GpuEnsembleOptions { Backend = GpuBackend.OpenCL, DeviceIndex = count };
        var error = Assert.Throws<GpuBackendUnavailableException>(() =>
            new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(4, Native.Catalog, null, options));
        Assert.Contains($"device {count} was requested", error.Message);

        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(4, Native.Catalog, null,
            options with { DeviceIndex = count - 1 });
        Assert.Equal(NativeGpuDevices.Probe(GpuBackend.OpenCL).Devices[count - 1], solver.DeviceName);
    }

    [Fact]
    public void AnIndex_WithAuto_OrNegative_IsRefused_BeforeAnyDriverIsAsked()
    {
        Assert.Contains("needs a named backend", Assert.Throws<ArgumentException>(() => NativeGpuDevices.Open(GpuBackend.Auto, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeGpuDevices.Open(GpuBackend.OpenCL, -1));
        Assert.Throws<ArgumentException>(() => NativeGpuDevices.Probe(GpuBackend.Auto));
        Assert.Throws<ArgumentException>(() => NativeGpuDevices.Probe(GpuBackend.Cpu));
    }
}
