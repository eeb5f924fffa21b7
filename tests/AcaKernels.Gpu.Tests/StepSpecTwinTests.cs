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
            double actual = GpuStepRule.ShrunkStep(gains, t, h, error, 1e-12, out bool actualShrink);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedShrink, actualShrink);
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

    private static void ExpLogKernel(Index1D i, ArrayView<double> x, ArrayView<double> logs, ArrayView<double> exps)
    {
        double log = GpuStepMath.Log(x[i]);
        logs[i] = log;
        exps[i] = GpuStepMath.Exp(log * 0.999);
    }
}
