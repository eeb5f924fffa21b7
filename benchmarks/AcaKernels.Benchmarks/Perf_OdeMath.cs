using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AcaKernels.Numerics;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// What one math call costs the lane kernels: OdeMath's Vector512 form (what they call), the same eight values through
/// System.Math one lane at a time (what they called before OdeMath had the function: the per-lane fallback), and
/// OdeMath's scalar form (what the scalar kernels call) beside System.Math's. 4096 values per call over each
/// function's domain, results summed so nothing is dropped; time per call / 4096 is the cost per value.
/// </summary>
[BenchmarkCategory("OdeMath")]
public class Perf_OdeMath
{
    public enum Function { Exp, Log, Log10, Cbrt, Sin, Tan, Atan, Asin, Sinh, Tanh, Asinh, Acosh, Atanh }

    private const int Count = 4096;
    private readonly double[] _x = new double[Count];

    [Params(Function.Log10, Function.Cbrt, Function.Asinh, Function.Acosh, Function.Atanh, Function.Exp, Function.Sin)]
    public Function Of { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(52);
        for (int i = 0; i < Count; i++)
        {
            double u = random.NextDouble();
            _x[i] = Of switch
            {
                Function.Log10 or Function.Log => Math.ScaleB(1 + u, random.Next(-40, 40)),
                Function.Acosh => 1 + Math.ScaleB(1 + u, random.Next(-20, 20)),
                Function.Atanh or Function.Asin => 2 * u - 1,
                Function.Exp or Function.Sinh => 40 * u - 20,
                _ => 20 * u - 10,
            };
        }
    }

    [Benchmark(Baseline = true, Description = "OdeMath Vector512")]
    public double Vector512Form() => Of switch
    {
        Function.Exp => Lanes<ExpF>(), Function.Log => Lanes<LogF>(), Function.Log10 => Lanes<Log10F>(), Function.Cbrt => Lanes<CbrtF>(),
        Function.Sin => Lanes<SinF>(), Function.Tan => Lanes<TanF>(), Function.Atan => Lanes<AtanF>(), Function.Asin => Lanes<AsinF>(),
        Function.Sinh => Lanes<SinhF>(), Function.Tanh => Lanes<TanhF>(), Function.Asinh => Lanes<AsinhF>(), Function.Acosh => Lanes<AcoshF>(),
        _ => Lanes<AtanhF>(),
    };

    [Benchmark(Description = "Math lane by lane")]
    public double MathPerLane() => Of switch
    {
        Function.Exp => PerLane<ExpF>(), Function.Log => PerLane<LogF>(), Function.Log10 => PerLane<Log10F>(), Function.Cbrt => PerLane<CbrtF>(),
        Function.Sin => PerLane<SinF>(), Function.Tan => PerLane<TanF>(), Function.Atan => PerLane<AtanF>(), Function.Asin => PerLane<AsinF>(),
        Function.Sinh => PerLane<SinhF>(), Function.Tanh => PerLane<TanhF>(), Function.Asinh => PerLane<AsinhF>(), Function.Acosh => PerLane<AcoshF>(),
        _ => PerLane<AtanhF>(),
    };

    [Benchmark(Description = "OdeMath scalar")]
    public double ScalarForm() => Of switch
    {
        Function.Exp => Scalar<ExpF>(), Function.Log => Scalar<LogF>(), Function.Log10 => Scalar<Log10F>(), Function.Cbrt => Scalar<CbrtF>(),
        Function.Sin => Scalar<SinF>(), Function.Tan => Scalar<TanF>(), Function.Atan => Scalar<AtanF>(), Function.Asin => Scalar<AsinF>(),
        Function.Sinh => Scalar<SinhF>(), Function.Tanh => Scalar<TanhF>(), Function.Asinh => Scalar<AsinhF>(), Function.Acosh => Scalar<AcoshF>(),
        _ => Scalar<AtanhF>(),
    };

    [Benchmark(Description = "Math scalar")]
    public double MathScalar() => Of switch
    {
        Function.Exp => SystemScalar<ExpF>(), Function.Log => SystemScalar<LogF>(), Function.Log10 => SystemScalar<Log10F>(),
        Function.Cbrt => SystemScalar<CbrtF>(), Function.Sin => SystemScalar<SinF>(), Function.Tan => SystemScalar<TanF>(),
        Function.Atan => SystemScalar<AtanF>(), Function.Asin => SystemScalar<AsinF>(), Function.Sinh => SystemScalar<SinhF>(),
        Function.Tanh => SystemScalar<TanhF>(), Function.Asinh => SystemScalar<AsinhF>(), Function.Acosh => SystemScalar<AcoshF>(),
        _ => SystemScalar<AtanhF>(),
    };

    private double Lanes<TF>() where TF : IMathFunction
    {
        Vector512<double> sum = Vector512<double>.Zero;
        ReadOnlySpan<Vector512<double>> x = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector512<double>>(_x);
        for (int i = 0; i < x.Length; i++) sum += TF.Vector(x[i]);
        return Vector512.Sum(sum);
    }

    // The generated per-lane fallback's shape: eight scalar calls into the C runtime, the results gathered into a vector.
    private double PerLane<TF>() where TF : IMathFunction
    {
        Vector512<double> sum = Vector512<double>.Zero;
        ReadOnlySpan<Vector512<double>> x = System.Runtime.InteropServices.MemoryMarshal.Cast<double, Vector512<double>>(_x);
        for (int i = 0; i < x.Length; i++) sum += PerLaneCall<TF>(x[i]);
        return Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> PerLaneCall<TF>(Vector512<double> x) where TF : IMathFunction
    {
        Span<double> r = stackalloc double[8];
        for (int i = 0; i < 8; i++) r[i] = TF.System(x[i]);
        return Vector512.Create<double>(r);
    }

    private double Scalar<TF>() where TF : IMathFunction
    {
        double sum = 0;
        foreach (double x in _x) sum += TF.Scalar(x);
        return sum;
    }

    private double SystemScalar<TF>() where TF : IMathFunction
    {
        double sum = 0;
        foreach (double x in _x) sum += TF.System(x);
        return sum;
    }

    private interface IMathFunction
    {
        static abstract Vector512<double> Vector(Vector512<double> x);
        static abstract double Scalar(double x);
        static abstract double System(double x);
    }

    private readonly struct ExpF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Exp(x);
        public static double Scalar(double x) => OdeMath.Exp(x);
        public static double System(double x) => Math.Exp(x);
    }

    private readonly struct LogF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Log(x);
        public static double Scalar(double x) => OdeMath.Log(x);
        public static double System(double x) => Math.Log(x);
    }

    private readonly struct Log10F : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Log10(x);
        public static double Scalar(double x) => OdeMath.Log10(x);
        public static double System(double x) => Math.Log10(x);
    }

    private readonly struct CbrtF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Cbrt(x);
        public static double Scalar(double x) => OdeMath.Cbrt(x);
        public static double System(double x) => Math.Cbrt(x);
    }

    private readonly struct SinF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Sin(x);
        public static double Scalar(double x) => OdeMath.Sin(x);
        public static double System(double x) => Math.Sin(x);
    }

    private readonly struct TanF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Tan(x);
        public static double Scalar(double x) => OdeMath.Tan(x);
        public static double System(double x) => Math.Tan(x);
    }

    private readonly struct AtanF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Atan(x);
        public static double Scalar(double x) => OdeMath.Atan(x);
        public static double System(double x) => Math.Atan(x);
    }

    private readonly struct AsinF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Asin(x);
        public static double Scalar(double x) => OdeMath.Asin(x);
        public static double System(double x) => Math.Asin(x);
    }

    private readonly struct SinhF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Sinh(x);
        public static double Scalar(double x) => OdeMath.Sinh(x);
        public static double System(double x) => Math.Sinh(x);
    }

    private readonly struct TanhF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Tanh(x);
        public static double Scalar(double x) => OdeMath.Tanh(x);
        public static double System(double x) => Math.Tanh(x);
    }

    private readonly struct AsinhF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Asinh(x);
        public static double Scalar(double x) => OdeMath.Asinh(x);
        public static double System(double x) => Math.Asinh(x);
    }

    private readonly struct AcoshF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Acosh(x);
        public static double Scalar(double x) => OdeMath.Acosh(x);
        public static double System(double x) => Math.Acosh(x);
    }

    private readonly struct AtanhF : IMathFunction
    {
        public static Vector512<double> Vector(Vector512<double> x) => OdeMath.Atanh(x);
        public static double Scalar(double x) => OdeMath.Atanh(x);
        public static double System(double x) => Math.Atanh(x);
    }
}
