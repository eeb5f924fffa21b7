using AcaKernels.Numerics;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// A float tanh and its derivative on the CPU, scalar: OdeMath's float-arithmetic form (what a float32 system's
/// kernels call, OdeMath.TanhSingle.cs) against the float64 algorithm rounded to float (what they called before) and
/// MathF.Tanh (the C runtime's tanhf). 4096 values in [−6, 6], results summed; time per call / 4096 is the cost per value.
/// The GPU is where the float form matters (float64 at 1/2 to 1/64 of float rate); this measures what it costs or
/// saves the CPU engine, whose float32 systems call the same method.
/// </summary>
[BenchmarkCategory("OdeMath")]
public class Perf_OdeMathSingle
{
    private const int Count = 4096;
    private readonly float[] _x = new float[Count];
    private readonly float[] _t = new float[Count];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(58);
        for (int i = 0; i < Count; i++)
        {
            _x[i] = (float)(12 * random.NextDouble() - 6);
            _t[i] = OdeMath.Tanh(_x[i]);
        }
    }

    [Benchmark(Baseline = true, Description = "tanh: OdeMath float")]
    public float TanhSingle()
    {
        float sum = 0;
        foreach (float x in _x) sum += OdeMath.Tanh(x);
        return sum;
    }

    [Benchmark(Description = "tanh: OdeMath float64, rounded")]
    public float TanhThroughDouble()
    {
        float sum = 0;
        foreach (float x in _x) sum += (float)OdeMath.Tanh((double)x);
        return sum;
    }

    [Benchmark(Description = "tanh: MathF.Tanh")]
    public float TanhRuntime()
    {
        float sum = 0;
        foreach (float x in _x) sum += MathF.Tanh(x);
        return sum;
    }

    [Benchmark(Description = "sech²: OdeMath float")]
    public float DerivativeSingle()
    {
        float sum = 0;
        for (int i = 0; i < Count; i++) sum += OdeMath.TanhDerivative(_x[i], _t[i]);
        return sum;
    }

    [Benchmark(Description = "sech²: OdeMath float64, rounded")]
    public float DerivativeThroughDouble()
    {
        float sum = 0;
        for (int i = 0; i < Count; i++) sum += (float)OdeMath.TanhDerivative((double)_x[i], (double)_t[i]);
        return sum;
    }
}
