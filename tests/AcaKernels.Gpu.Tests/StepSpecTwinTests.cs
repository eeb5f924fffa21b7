using AcaKernels.Control;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The kernel-safe twins of the step spec give the spec's bits: <see cref="GpuStepMath"/> against StepMath,
/// <see cref="GpuStepRule"/> against StepRule, on the CPU directly and inside a kernel on the CPU accelerator and on
/// OpenCL (where the twin's fused multiply-adds are the device's fma, correctly rounded like .NET's).
/// </summary>
public sealed class StepSpecTwinTests
{
    private static double[] Inputs()
    {
        var random = new Random(2024);
        var values = new List<double> { 1e-300, 5e-324, double.Epsilon * 3, 1e-20, 1e-4, 0.5, 1, 1.0000000000000002, Math.Sqrt(2), 2, 10, 1e10, 1e300 };
        for (int i = 0; i < 20000; i++) values.Add(Math.Exp(random.NextDouble() * 1400 - 700)); // log-uniform over the double range
        return [.. values];
    }

    [Fact]
    public void ExpAndLog_MatchStepMath_Bitwise()
    {
        foreach (double x in Inputs())
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Log(x)), BitConverter.DoubleToInt64Bits(GpuStepMath.Log(x)));
            double y = Math.Log(x) * 0.999; // exp's whole clamped domain [−708, 709] and beyond
            Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Exp(y)), BitConverter.DoubleToInt64Bits(GpuStepMath.Exp(y)));
        }
    }

    /// <summary>Every entry of the three 16-entry tables, at and between its ends: log at the edges and the centre of
    /// each sixteenth of [1, 2) (scaled by 2^±40 and into the subnormals), exp at each j/16 of an octave and half-way.</summary>
    [Fact]
    public void ExpAndLog_EveryTableEntry_MatchStepMath_Bitwise()
    {
        for (int j = 0; j < 16; j++)
        {
            double low = 1 + j / 16.0, centre = 1 + (j + 0.5) / 16.0, high = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1 + (j + 1) / 16.0) - 1);
            foreach (double m in new[] { low, centre, high })
                foreach (double scale in new[] { 1.0, Math.Pow(2, 40), Math.Pow(2, -40), Math.Pow(2, -1060) })
                {
                    double x = m * scale;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Log(x)), BitConverter.DoubleToInt64Bits(GpuStepMath.Log(x)));
                }
            foreach (double octave in new[] { -700.0, -3.0, 0.0, 5.0, 700.0 })
                foreach (double y in new[] { (octave + j / 16.0) * Math.Log(2), (octave + (j + 0.5) / 16.0) * Math.Log(2) })
                    Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Exp(y)), BitConverter.DoubleToInt64Bits(GpuStepMath.Exp(y)));
        }
    }

    [Fact]
    public void StepRuleDecisions_MatchStepRule_Bitwise()
    {
        var gains = ControllerGains.Of(StepSizeController.ProportionalIntegral, 5);
        var random = new Random(5);
        for (int i = 0; i < 20000; i++)
        {
            double error = Math.Exp(random.NextDouble() * 40 - 30), previous = Math.Log(Math.Exp(random.NextDouble() * 20 - 15));
            Assert.Equal(StepRule.AcceptFactor(gains, error, StepMath.Log(error), previous),
                GpuStepRule.AcceptFactor(gains, error, GpuStepMath.Log(error), previous));
            Assert.Equal(StepRule.RejectFactor(gains, error), GpuStepRule.RejectFactor(gains, error));
            double t = random.NextDouble() * 10, h = random.NextDouble();
            double expected = StepRule.ShrunkStep(gains, t, h, error, 1e-12, out bool expectedShrink);
            (double actual, bool actualShrink) = GpuStepRule.ShrunkStep(gains, t, h, error, 1e-12);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedShrink, actualShrink);
            // The step to try, clipped to an output time ahead by up to 1.5 steps (either direction), or not.
            double tOut = t + h * (random.NextDouble() * 1.5), direction = i % 2 == 0 ? 1 : -1;
            if (direction < 0) tOut = t - (tOut - t);
            double hSigned = direction * h;
            double expectedTry = StepRule.StepToTry(t, hSigned, tOut, direction, out bool expectedClip);
            (double actualTry, bool actualClip) = GpuStepRule.StepToTry(t, hSigned, tOut, direction);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedTry), BitConverter.DoubleToInt64Bits(actualTry));
            Assert.Equal(expectedClip, actualClip);
        }
        Assert.Equal(StepRule.RejectFactor(gains, double.PositiveInfinity), GpuStepRule.RejectFactor(gains, double.PositiveInfinity));
        Assert.Equal(StepRule.AcceptFactor(gains, 0, StepMath.Log(0), 0), GpuStepRule.AcceptFactor(gains, 0, GpuStepMath.Log(0), 0));
    }

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void ExpAndLog_InsideKernel_MatchStepMath_Bitwise(GpuBackend backend)
    {
        Accelerator accelerator = TestBackends.Device(backend).Accelerator;
        double[] inputs = Inputs();
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ExpLogKernel);
        using var x = accelerator.Allocate1D(inputs);
        using var logs = accelerator.Allocate1D<double>(inputs.Length);
        using var exps = accelerator.Allocate1D<double>(inputs.Length);
        kernel(inputs.Length, x.View, logs.View, exps.View);
        accelerator.Synchronize();
        double[] logValues = logs.GetAsArray1D(), expValues = exps.GetAsArray1D();
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Log(inputs[i])), BitConverter.DoubleToInt64Bits(logValues[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(StepMath.Exp(StepMath.Log(inputs[i]) * 0.999)), BitConverter.DoubleToInt64Bits(expValues[i]));
        }
    }

    /// <summary>The RMS norm with its log from the sum of squares (the forward kernel's accept path) against
    /// ErrorNorm.RmsAndLog, bit for bit, for rows of n = 1 … 9 components (−½·ln n differs per n) and errors from 1e-12
    /// to 1e4 scaled (both sides of acceptance).</summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void RmsAndLog_InsideKernel_MatchesErrorNorm_Bitwise(GpuBackend backend)
    {
        const int rows = 900, width = 9;
        var random = new Random(31);
        double[] error = new double[rows * width], z = new double[rows * width], zNew = new double[rows * width];
        for (int i = 0; i < error.Length; i++)
        {
            error[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.NextDouble() * 16 - 12);
            z[i] = (random.NextDouble() - 0.5) * 20;
            zNew[i] = z[i] + (random.NextDouble() - 0.5);
        }
        double[] atol = new double[width], rtol = new double[width];
        for (int j = 0; j < width; j++) (atol[j], rtol[j]) = (1e-8 * (j + 1), 1e-6 / (j + 1));
        int[] lengths = Enumerable.Range(0, rows).Select(row => 1 + row % width).ToArray();

        Accelerator accelerator = TestBackends.Device(backend).Accelerator;
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<double>, ArrayView<int>, ArrayView<double>>(RmsAndLogKernel);
        using var e = accelerator.Allocate1D(error);
        using var a = accelerator.Allocate1D(z);
        using var b = accelerator.Allocate1D(zNew);
        using var tolerances = accelerator.Allocate1D(Enumerable.Range(0, width).SelectMany(j => new[] { atol[j], rtol[j] }).ToArray());
        using var n = accelerator.Allocate1D(lengths);
        using var results = accelerator.Allocate1D<double>(2 * rows);
        kernel(rows, e.View, a.View, b.View, tolerances.View, n.View, results.View);
        accelerator.Synchronize();
        double[] got = results.GetAsArray1D();
        for (int row = 0; row < rows; row++)
        {
            int count = lengths[row];
            ReadOnlySpan<double> Row(double[] values) => values.AsSpan(row * width, count);
            double norm = ErrorNorm.RmsAndLog<double>(Row(error), Row(z), Row(zNew), atol.AsSpan(0, count), rtol.AsSpan(0, count), out double log);
            Assert.Equal(BitConverter.DoubleToInt64Bits(norm), BitConverter.DoubleToInt64Bits(got[2 * row]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(log), BitConverter.DoubleToInt64Bits(got[2 * row + 1]));
        }
    }

    // Tolerances arrive interleaved (atol_j, rtol_j); the kernel's norm wants one view of atol then rtol per row.
    private static void RmsAndLogKernel(Index1D index, ArrayView<double> error, ArrayView<double> z, ArrayView<double> zNew,
        ArrayView<double> tolerances, ArrayView<int> lengths, ArrayView<double> results)
    {
        int row = index, n = lengths[row], width = (int)tolerances.Length / 2;
        ArrayView<double> rowTolerances = LocalMemory.Allocate<double>(18);
        for (int j = 0; j < n; j++)
        {
            rowTolerances[j] = tolerances[2 * j];
            rowTolerances[n + j] = tolerances[2 * j + 1];
        }
        long start = (long)row * width;
        results[2 * row] = GpuErrorNorm.RmsAndLog<double, GpuFloat64>(error.SubView(start, n), z.SubView(start, n), zNew.SubView(start, n),
            rowTolerances, n, GpuErrorNorm.MinusHalfLogLength(n), out double log);
        results[2 * row + 1] = log;
    }

    private static void ExpLogKernel(Index1D i, ArrayView<double> x, ArrayView<double> logs, ArrayView<double> exps)
    {
        double log = GpuStepMath.Log(x[i]);
        logs[i] = log;
        exps[i] = GpuStepMath.Exp(log * 0.999);
    }
}
