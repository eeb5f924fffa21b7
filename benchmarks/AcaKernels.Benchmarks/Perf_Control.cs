using AcaKernels.Control;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>The per-step costs of error control besides the stages: the scaled norm and the PI factor.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Control")]
public class Perf_Control
{
    private readonly double[] _error = [1e-7, -3e-8, 2e-7], _z = [1.0, 2.0, 20.0], _zNew = [1.01, 2.02, 19.9];
    private readonly double[] _atol = [1e-8, 1e-8, 1e-8], _rtol = [1e-6, 1e-6, 1e-6];
    private readonly StepSizeController _controller = StepSizeController.ProportionalIntegral;

    [Benchmark]
    public double RmsNorm() => ErrorNorm.Rms<double>(_error, _z, _zNew, _atol, _rtol);

    [Benchmark]
    public double AcceptFactor() => _controller.AcceptFactorFromLogs(Math.Log(0.37), -0.5, 5);
}
