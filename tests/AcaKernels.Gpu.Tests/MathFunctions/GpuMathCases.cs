using AcaKernels.Gpu.Kernels;
using AcaKernels.Numerics;

namespace AcaKernels.Gpu.Tests.MathFunctions;

/// <summary>Every function of <see cref="GpuMath"/> that runs OdeMath's algorithm, with OdeMath's scalar form as its reference;
/// and Tanh with its derivative, whose scalar forms (no FMA) the generated GPU form calls directly.</summary>
internal static class GpuMathCases
{
    private static readonly GpuMathCase[] All =
    [
        new GpuMathCase<ExpF>("Exp", (x, _) => OdeMath.Exp(x), (x, _) => OdeMath.Exp(x), MathDomain.Real),
        new GpuMathCase<LogF>("Log", (x, _) => OdeMath.Log(x), (x, _) => OdeMath.Log(x), MathDomain.Real),
        new GpuMathCase<PowF>("Pow", OdeMath.Pow, OdeMath.Pow, MathDomain.Binary),
        new GpuMathCase<SinF>("Sin", (x, _) => OdeMath.Sin(x), (x, _) => OdeMath.Sin(x), MathDomain.Trigonometric),
        new GpuMathCase<CosF>("Cos", (x, _) => OdeMath.Cos(x), (x, _) => OdeMath.Cos(x), MathDomain.Trigonometric),
        new GpuMathCase<TanF>("Tan", (x, _) => OdeMath.Tan(x), (x, _) => OdeMath.Tan(x), MathDomain.Trigonometric),
        new GpuMathCase<AtanF>("Atan", (x, _) => OdeMath.Atan(x), (x, _) => OdeMath.Atan(x), MathDomain.Real),
        new GpuMathCase<Atan2F>("Atan2", OdeMath.Atan2, OdeMath.Atan2, MathDomain.Binary),
        new GpuMathCase<AsinF>("Asin", (x, _) => OdeMath.Asin(x), (x, _) => OdeMath.Asin(x), MathDomain.UnitInterval),
        new GpuMathCase<AcosF>("Acos", (x, _) => OdeMath.Acos(x), (x, _) => OdeMath.Acos(x), MathDomain.UnitInterval),
        new GpuMathCase<SinhF>("Sinh", (x, _) => OdeMath.Sinh(x), (x, _) => OdeMath.Sinh(x), MathDomain.Real),
        new GpuMathCase<CoshF>("Cosh", (x, _) => OdeMath.Cosh(x), (x, _) => OdeMath.Cosh(x), MathDomain.Real),
        new GpuMathCase<Log10F>("Log10", (x, _) => OdeMath.Log10(x), (x, _) => OdeMath.Log10(x), MathDomain.Real),
        new GpuMathCase<CbrtF>("Cbrt", (x, _) => OdeMath.Cbrt(x), (x, _) => OdeMath.Cbrt(x), MathDomain.Real),
        new GpuMathCase<AsinhF>("Asinh", (x, _) => OdeMath.Asinh(x), (x, _) => OdeMath.Asinh(x), MathDomain.Real),
        new GpuMathCase<AcoshF>("Acosh", (x, _) => OdeMath.Acosh(x), (x, _) => OdeMath.Acosh(x), MathDomain.Real),
        new GpuMathCase<AtanhF>("Atanh", (x, _) => OdeMath.Atanh(x), (x, _) => OdeMath.Atanh(x), MathDomain.UnitInterval),
        new GpuMathCase<TanhF>("Tanh", (x, _) => OdeMath.Tanh(x), (x, _) => OdeMath.Tanh(x), MathDomain.Real),
        new GpuMathCase<TanhDerivativeF>("TanhDerivative", (x, _) => OdeMath.TanhDerivative(x, OdeMath.Tanh(x)),
            (x, _) => OdeMath.TanhDerivative(x, OdeMath.Tanh(x)), MathDomain.Real),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (GpuMathCase function in All) data.Add(function.Name);
        return data;
    }

    public static GpuMathCase Get(string name) => All.Single(c => c.Name == name);

    private readonly struct ExpF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Exp(x);
        public static float Apply(float x, float y) => GpuMath.Exp(x);
    }

    private readonly struct LogF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Log(x);
        public static float Apply(float x, float y) => GpuMath.Log(x);
    }

    private readonly struct PowF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Pow(x, y);
        public static float Apply(float x, float y) => GpuMath.Pow(x, y);
    }

    private readonly struct SinF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Sin(x);
        public static float Apply(float x, float y) => GpuMath.Sin(x);
    }

    private readonly struct CosF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Cos(x);
        public static float Apply(float x, float y) => GpuMath.Cos(x);
    }

    private readonly struct TanF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Tan(x);
        public static float Apply(float x, float y) => GpuMath.Tan(x);
    }

    private readonly struct AtanF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Atan(x);
        public static float Apply(float x, float y) => GpuMath.Atan(x);
    }

    private readonly struct Atan2F : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Atan2(x, y);
        public static float Apply(float x, float y) => GpuMath.Atan2(x, y);
    }

    private readonly struct AsinF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Asin(x);
        public static float Apply(float x, float y) => GpuMath.Asin(x);
    }

    private readonly struct AcosF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Acos(x);
        public static float Apply(float x, float y) => GpuMath.Acos(x);
    }

    private readonly struct SinhF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Sinh(x);
        public static float Apply(float x, float y) => GpuMath.Sinh(x);
    }

    private readonly struct CoshF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Cosh(x);
        public static float Apply(float x, float y) => GpuMath.Cosh(x);
    }

    private readonly struct Log10F : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Log10(x);
        public static float Apply(float x, float y) => GpuMath.Log10(x);
    }

    private readonly struct CbrtF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Cbrt(x);
        public static float Apply(float x, float y) => GpuMath.Cbrt(x);
    }

    private readonly struct AsinhF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Asinh(x);
        public static float Apply(float x, float y) => GpuMath.Asinh(x);
    }

    private readonly struct AcoshF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Acosh(x);
        public static float Apply(float x, float y) => GpuMath.Acosh(x);
    }

    private readonly struct AtanhF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => GpuMath.Atanh(x);
        public static float Apply(float x, float y) => GpuMath.Atanh(x);
    }

    private readonly struct TanhF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => OdeMath.Tanh(x);
        public static float Apply(float x, float y) => OdeMath.Tanh(x);
    }

    private readonly struct TanhDerivativeF : IGpuMathFunction
    {
        public static double Apply(double x, double y) => OdeMath.TanhDerivative(x, OdeMath.Tanh(x));
        public static float Apply(float x, float y) => OdeMath.TanhDerivative(x, OdeMath.Tanh(x));
    }
}
