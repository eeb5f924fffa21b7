using AcaKernels.Gpu.Backends;
using AcaKernels.Ensembles;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The device sum of a shared θ's gradient (ParameterGradientBlocksKernel) against ParameterGradientSum's host form
/// (what the CPU engine runs), bit for bit: B = 2 500 (three blocks, the last partial), m = 7 (threads of one row
/// neighbours), every 11th trajectory failed with NaN and ∞ in its row (on a device such rows are unwritten memory),
/// float64 and float32; and the kernel compiles offline to PTX (no undefined call) and OpenCL C.
/// </summary>
public sealed class ParameterGradientBlocksKernelTests
{
    private const int B = 2500, M = 7;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void BlockSums_EqualHostOrder_Float64(GpuBackend backend)
    {
        (double[] rows, int[] status, SolveResult[] results) = Inputs();
        double[] device = Run<double, GpuFloat64>(TestBackends.Device(backend).Accelerator, rows, status);
        var host = new double[device.Length];
        ParameterGradientSum.SumBlocks<double>(rows, results, M, host);
        for (int i = 0; i < host.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(host[i]) == BitConverter.DoubleToInt64Bits(device[i]),
                $"block {i / M}, θ_{i % M}: device {device[i]:R}, host {host[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void BlockSums_EqualHostOrder_Float32(GpuBackend backend)
    {
        (double[] wide, int[] status, SolveResult[] results) = Inputs();
        float[] rows = Array.ConvertAll(wide, v => (float)v);
        float[] device = Run<float, GpuFloat32>(TestBackends.Device(backend).Accelerator, rows, status);
        var host = new float[device.Length];
        ParameterGradientSum.SumBlocks<float>(rows, results, M, host);
        for (int i = 0; i < host.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(host[i]) == BitConverter.SingleToInt32Bits(device[i]),
                $"block {i / M}, θ_{i % M}: device {device[i]:R}, host {host[i]:R}");
    }

    [Fact]
    public void Kernel_CompilesOfflineToPtxAndOpenClC()
    {
        foreach (Type real in new[] { typeof(GpuFloat64), typeof(GpuFloat32) })
        {
            Type number = real == typeof(GpuFloat64) ? typeof(double) : typeof(float);
            var kernel = typeof(ParameterGradientBlocksKernel).GetMethod("Run")!.MakeGenericMethod(number, real);
            string ptx = OfflineKernels.Ptx(kernel);
            Assert.Contains(".entry", ptx);
            Assert.DoesNotContain(".extern .func", ptx);
            Assert.Contains("kernel void", OfflineKernels.OpenClC(kernel));
        }
    }

    private static TValue[] Run<TValue, TReal>(Accelerator accelerator, TValue[] rows, int[] status)
        where TValue : unmanaged where TReal : struct, IGpuReal<TValue>
    {
        var launch = accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<TValue>, ArrayView<int>, ArrayView<TValue>>(
            ParameterGradientBlocksKernel.Run<TValue, TReal>);
        int blocks = ParameterGradientSum.BlockCount(B) * M;
        using MemoryBuffer1D<TValue, Stride1D.Dense> rowsOnDevice = accelerator.Allocate1D(rows);
        using MemoryBuffer1D<int, Stride1D.Dense> statusOnDevice = accelerator.Allocate1D(status);
        using MemoryBuffer1D<TValue, Stride1D.Dense> sums = accelerator.Allocate1D<TValue>(blocks);
        launch(blocks, B, M, rowsOnDevice.View, statusOnDevice.View, sums.View);
        accelerator.Synchronize();
        return sums.GetAsArray1D();
    }

    private static (double[] Rows, int[] Status, SolveResult[] Results) Inputs()
    {
        var random = new Random(2500);
        var rows = new double[B * M];
        var status = new int[B * TrajectoryStatus.IntCount];
        var results = new SolveResult[B];
        for (int b = 0; b < B; b++)
        {
            OdeStatus code = b % 11 == 4 ? OdeStatus.NonFiniteState : OdeStatus.Success;
            status[b * TrajectoryStatus.IntCount + TrajectoryStatus.Status] = (int)code;
            results[b] = new SolveResult(code, 1.0, 10, -1, default);
            for (int j = 0; j < M; j++)
                rows[b * M + j] = code != OdeStatus.Success ? (j % 2 == 0 ? double.NaN : double.NegativeInfinity)
                    : (random.Next(2) * 2 - 1) * (0.5 + random.NextDouble()) * Math.Pow(10, random.Next(-3, 4));
        }
        return (rows, status, results);
    }
}
