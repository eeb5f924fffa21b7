using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>Float32 state with float64 time: solves and ACA gradients agree with float64 to float precision.</summary>
public sealed class FloatStateTests
{
    [Fact]
    public void Aca_FloatState_AgreesWithDoubleToFloatPrecision()
    {
        double[] times = [0.0, 0.5, 1.0, 2.0];
        var options = new OdeOptions { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-6 };
        int n = TanhMlp.StateSize, m = TanhMlp.ParameterSize;

        var solver64 = new OdeSolver<double, TanhMlp>(options);
        var outputs64 = new double[times.Length * n];
        var seeds64 = Enumerable.Range(0, outputs64.Length).Select(i => Math.Sin(i + 1.0)).ToArray();
        var gradZ64 = new double[n];
        var gradP64 = new double[m];
        solver64.Solve(TanhMlp.SampleState, TanhMlp.SampleParameters, times, outputs64).ThrowIfFailed();
        solver64.Gradient(seeds64, gradZ64, gradP64).ThrowIfFailed();

        var solver32 = new OdeSolver<float, TanhMlp>(options);
        var outputs32 = new float[outputs64.Length];
        var gradZ32 = new float[n];
        var gradP32 = new float[m];
        solver32.Solve(Close.ToFloat(TanhMlp.SampleState), Close.ToFloat(TanhMlp.SampleParameters), times, outputs32).ThrowIfFailed();
        solver32.Gradient(Close.ToFloat(seeds64), gradZ32, gradP32).ThrowIfFailed();

        // Float rounding (6e-8) accumulated over ~50 steps, and step sequences that may differ by a step or
        // two: both solutions are within the 1e-5 tolerance of the truth, so within ~1e-4 of each other.
        Close.Equal(outputs64, Close.ToDouble(outputs32), 1e-4, "outputs");
        Close.Equal(gradZ64, Close.ToDouble(gradZ32), 1e-4, "∂L/∂z0");
        Close.Equal(gradP64, Close.ToDouble(gradP32), 1e-4, "∂L/∂θ");
    }
}
