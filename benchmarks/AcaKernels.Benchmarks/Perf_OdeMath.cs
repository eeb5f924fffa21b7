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
    public enum Function { Log10, Cbrt, Asinh, Acosh, Atanh, Exp, Sin }

    private enum Form { Vector512, MathPerLane, Scalar, MathScalar }

    private const int Count = 4096;
    private readonly double[] _x = new double[Count];

    [ParamsAllValues]
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
                Function.Log10 => Math.ScaleB(1 + u, random.Next(-40, 40)),
                Function.Acosh => 1 + Math.ScaleB(1 + u, random.Next(-20, 20)),
                Function.Atanh => 2 * u - 1,
                Function.Exp => 40 * u - 20,
                _ => 20 * u - 10,
            };
        }
    }

    [Benchmark(Baseline = true, Description = "OdeMath Vector512")]
    public double Vector512Form() => Run(Form.Vector512);

    [Benchmark(Description = "Math lane by lane")]
    public double MathPerLane() => Run(Form.MathPerLane);

    [Benchmark(Description = "OdeMath scalar")]
    public double ScalarForm() => Run(Form.Scalar);

    [Benchmark(Description = "Math scalar")]
    public double MathScalar() => Run(Form.MathScalar);

    // Both choices are made once per call, outside the loop over the values.
    private double Run(Form form) => Of switch
    {
        Function.Log10 => Run<Log10F>(form), Function.Cbrt => Run<CbrtF>(form), Function.Asinh => Run<AsinhF>(form),
        Function.Acosh => Run<AcoshF>(form), Function.Atanh => Run<AtanhF>(form), Function.Exp => Run<ExpF>(form),
        _ => Run<SinF>(form),
    };

    private double Run<TF>(Form form) where TF : IMathFunction => form switch
    {
        Form.Vector512 => Lanes<TF>(),
        Form.MathPerLane => PerLane<TF>(),
        Form.Scalar => Scalar<TF>(),
        _ => SystemScalar<TF>(),
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
