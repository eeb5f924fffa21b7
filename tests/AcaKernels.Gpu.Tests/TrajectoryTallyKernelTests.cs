using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The device tally of the forward's status words (TrajectoryTallyKernel), added up by the host, against the host's
/// own pass over the same words (what a call with results runs): B = 1 000 (four blocks, the last partial), counts
/// up to 10⁵ per trajectory, failures in the second and fourth block only (the first failure is in a later block than
/// the first), none at all; and the kernel compiles offline to PTX and OpenCL C.
/// </summary>
public sealed class TrajectoryTallyKernelTests
{
    private const int B = 1000;

    public static TheoryData<GpuBackend, bool> Cases()
    {
        var data = new TheoryData<GpuBackend, bool>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (bool failures in new[] { true, false })
                data.Add(backend, failures);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeviceBlocks_AddUpToTheHostPassesTally(GpuBackend backend, bool failures)
    {
        int[] status = StatusWords(failures);
        Accelerator accelerator = TestBackends.Device(backend).Accelerator;
        var launch = accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<int>, ArrayView<long>>(TrajectoryTallyKernel.Run);
        int blocks = TrajectoryTallyKernel.BlockCount(B);
        using MemoryBuffer1D<int, Stride1D.Dense> words = accelerator.Allocate1D(status);
        using MemoryBuffer1D<long, Stride1D.Dense> sums = accelerator.Allocate1D<long>(blocks * TrajectoryTallyKernel.Fields);
        launch(blocks, B, words.View, sums.View);
        accelerator.Synchronize();

        TrajectoryTally device = TrajectoryTally.OfDeviceBlocks(sums.GetAsArray1D());
        TrajectoryTally host = GpuEnsembleHost.SolveTally(status, 0, 0, B);
        Assert.Equal(host.Failed, device.Failed);
        Assert.Equal(host.FirstFailed, device.FirstFailed);
        Assert.Equal(host.ToResult(B) with { FirstFailure = default }, device.ToResult(B) with { FirstFailure = default });
        if (failures) Assert.Equal((2, 300), (device.Failed, device.FirstFailed));
        else Assert.Equal((0, -1, Sum(status, TrajectoryStatus.Accepted)), (device.Failed, device.FirstFailed, device.Accepted));
    }

    [Fact]
    public void Kernel_CompilesOfflineToPtxAndOpenClC()
    {
        var kernel = typeof(TrajectoryTallyKernel).GetMethod("Run")!;
        string ptx = OfflineKernels.Ptx(kernel);
        Assert.Contains(".entry", ptx);
        Assert.DoesNotContain(".extern .func", ptx);
        Assert.DoesNotContain(".local", ptx);
        Assert.Contains("kernel void", OfflineKernels.OpenClC(kernel));
    }

    /// <summary>Status words with large counts (sums past int's range at real B are why the blocks hold longs), failed
    /// trajectories 300 and 777 when <paramref name="failures"/>.</summary>
    private static int[] StatusWords(bool failures)
    {
        var random = new Random(1000);
        var status = new int[B * TrajectoryStatus.IntCount];
        for (int b = 0; b < B; b++)
        {
            int i = b * TrajectoryStatus.IntCount;
            bool failed = failures && b is 300 or 777;
            status[i + TrajectoryStatus.Status] = (int)(failed ? OdeStatus.MaxStepsExceeded : OdeStatus.Success);
            status[i + TrajectoryStatus.Accepted] = random.Next(100_000);
            status[i + TrajectoryStatus.Component] = -1;
            status[i + TrajectoryStatus.Rejected] = random.Next(1000);
            status[i + TrajectoryStatus.Evaluations] = random.Next(700_000);
        }
        return status;
    }

    private static long Sum(int[] status, int field)
    {
        long sum = 0;
        for (int i = field; i < status.Length; i += TrajectoryStatus.IntCount) sum += status[i];
        return sum;
    }
}
