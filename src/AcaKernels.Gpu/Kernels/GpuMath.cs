using ILGPU.IR.Intrinsics;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// Fused multiply-add that every backend compiles to one correctly rounded instruction: .NET's
/// <see cref="Math.FusedMultiplyAdd(double, double, double)"/> on the CPU accelerator, <c>fma</c> in OpenCL C and
/// <c>fma.rn.f64</c> / <c>fma.rn.f32</c> in PTX (see <see cref="Backends.GpuIntrinsics"/>).
/// </summary>
/// <remarks>ILGPU 1.5.3 emits a call to an undefined function <c>FusedMultiplyAdd</c> for
/// <see cref="Math.FusedMultiplyAdd(double, double, double)"/> on OpenCL and PTX (the kernel then fails to build), and
/// it consults registered intrinsics only for methods marked <see cref="IntrinsicImplementationAttribute"/>; hence
/// this method, which the step spec's twin (<see cref="GpuStepMath"/>) calls instead. Public because the generated GPU
/// form (in the user's assembly) prints the step sums of the spec on <c>ButcherTableau</c> and user calls of
/// <c>Math.FusedMultiplyAdd</c> through it; on ILGPU's CPU accelerator it is Math.FusedMultiplyAdd itself, so that
/// accelerator computes the CPU engine's bits.</remarks>
public static class GpuMath
{
    /// <summary>a·b + c with one rounding.</summary>
    [IntrinsicImplementation]
    public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    /// <summary>a·b + c with one rounding.</summary>
    [IntrinsicImplementation]
    public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>e^x: <see cref="AcaKernels.Numerics.OdeMath.Exp(double)"/>'s algorithm over <see cref="Fma(double, double, double)"/>,
    /// so the same bits on every backend that rounds FMA and IEEE operations correctly (the generated GPU form calls
    /// it for Math.Exp).</summary>
    public static double Exp(double x) => AcaKernels.Numerics.OdeMath.Exp<Fused>(x);

    /// <summary>e^x in float: <see cref="Exp(double)"/> of x, rounded once to float, as
    /// <see cref="AcaKernels.Numerics.OdeMath.Exp(float)"/>.</summary>
    public static float Exp(float x) => (float)Exp((double)x);

    /// <summary>ln x: <see cref="AcaKernels.Numerics.OdeMath.Log(double)"/>'s algorithm over <see cref="Fma(double, double, double)"/>,
    /// as <see cref="Exp(double)"/> is Exp's (the generated GPU form calls it for Math.Log).</summary>
    public static double Log(double x) => AcaKernels.Numerics.OdeMath.Log<Fused>(x);

    /// <summary>ln x in float: <see cref="Log(double)"/> of x, rounded once to float, as
    /// <see cref="AcaKernels.Numerics.OdeMath.Log(float)"/>.</summary>
    public static float Log(float x) => (float)Log((double)x);

    /// <summary>x^y: <see cref="AcaKernels.Numerics.OdeMath.Pow(double, double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Pow, and Pow's derivative
    /// rules call it and <see cref="Log(double)"/>); a negative x with an integer y is on the fast path too. Outside it
    /// (x = ±0, a negative x with a non-integer y, ±∞, NaN, infinite y, results off the normal range) the algorithm's
    /// fallback is Math.Pow, which ILGPU compiles to its own pow: there the GPU's bits
    /// may differ from the CPU's (GPU results are compared within a tolerance).</summary>
    public static double Pow(double x, double y) => AcaKernels.Numerics.OdeMath.Pow<Fused>(x, y);

    /// <summary>x^y in float: <see cref="Pow(double, double)"/> of x and y, rounded once to float, as
    /// <see cref="AcaKernels.Numerics.OdeMath.Pow(float, float)"/>.</summary>
    public static float Pow(float x, float y) => (float)Pow((double)x, (double)y);

    /// <summary>b·a^(b−1) from r = a^b: <see cref="AcaKernels.Numerics.OdeMath.PowBaseDerivative(double, double, double)"/>'s
    /// rule over <see cref="Pow(double, double)"/> (the generated GPU form calls it for Math.Pow's base derivative; the
    /// CPU form's own pow may read a table, which a kernel cannot).</summary>
    public static double PowBaseDerivative(double a, double b, double r) =>
        Math.Abs(r) >= SmallestNormal && Math.Abs(r) <= double.MaxValue ? b * (r / a) : b * Pow(a, b - 1.0);

    /// <summary>b·a^(b−1) from r = a^b in float, as
    /// <see cref="AcaKernels.Numerics.OdeMath.PowBaseDerivative(float, float, float)"/>.</summary>
    public static float PowBaseDerivative(float a, float b, float r) =>
        MathF.Abs(r) >= SmallestNormalSingle && MathF.Abs(r) <= float.MaxValue ? b * (r / a) : b * Pow(a, b - 1f);

    private const double SmallestNormal = 2.2250738585072014e-308; // 2^−1022
    private const float SmallestNormalSingle = 1.17549435E-38f;     // 2^−126

    /// <summary>sin x: <see cref="AcaKernels.Numerics.OdeMath.Sin(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Sin, and for Math.Cos's
    /// derivative), every finite x included: beyond |x| = 2^26 its Payne–Hanek reduction, in integers, with no array
    /// and no call of ILGPU's own sin (whose CORDIC fallback put ~1 KB of local memory in every kernel that called it,
    /// RESULTS.md §54). ±∞ and NaN give NaN.</summary>
    public static double Sin(double x) => AcaKernels.Numerics.OdeMath.Sin<Fused>(x);

    /// <summary>sin x in float: <see cref="Sin(double)"/> of x, rounded once to float.</summary>
    public static float Sin(float x) => (float)Sin((double)x);

    /// <summary>cos x: <see cref="AcaKernels.Numerics.OdeMath.Cos(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/>, every finite x included (see <see cref="Sin(double)"/>).</summary>
    public static double Cos(double x) => AcaKernels.Numerics.OdeMath.Cos<Fused>(x);

    /// <summary>cos x in float: <see cref="Cos(double)"/> of x, rounded once to float.</summary>
    public static float Cos(float x) => (float)Cos((double)x);

    /// <summary>atan x: <see cref="AcaKernels.Numerics.OdeMath.Atan(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Atan). For ±∞ and NaN the
    /// algorithm's fallback is Math.Atan, which ILGPU compiles to its own atan.</summary>
    public static double Atan(double x) => AcaKernels.Numerics.OdeMath.Atan<Fused>(x);

    /// <summary>atan x in float: <see cref="Atan(double)"/> of x, rounded once to float.</summary>
    public static float Atan(float x) => (float)Atan((double)x);

    /// <summary>atan2(y, x): <see cref="AcaKernels.Numerics.OdeMath.Atan2(double, double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Atan2). Off the fast path
    /// (both zero, ±∞, NaN, magnitudes beyond 2^±1000) the algorithm's fallback is Math.Atan2, which ILGPU compiles to
    /// its own atan2.</summary>
    public static double Atan2(double y, double x) => AcaKernels.Numerics.OdeMath.Atan2<Fused>(y, x);

    /// <summary>atan2(y, x) in float: <see cref="Atan2(double, double)"/> of y and x, rounded once to float.</summary>
    public static float Atan2(float y, float x) => (float)Atan2((double)y, (double)x);

    /// <summary>asin x: <see cref="AcaKernels.Numerics.OdeMath.Asin(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Asin). For |x| ≥ 1 and NaN the
    /// algorithm's fallback is Math.Asin, which ILGPU compiles to its own asin.</summary>
    public static double Asin(double x) => AcaKernels.Numerics.OdeMath.Asin<Fused>(x);

    /// <summary>asin x in float: <see cref="Asin(double)"/> of x, rounded once to float.</summary>
    public static float Asin(float x) => (float)Asin((double)x);

    /// <summary>acos x: <see cref="AcaKernels.Numerics.OdeMath.Acos(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Acos). For |x| ≥ 1 and NaN the
    /// algorithm's fallback is Math.Acos, which ILGPU compiles to its own acos.</summary>
    public static double Acos(double x) => AcaKernels.Numerics.OdeMath.Acos<Fused>(x);

    /// <summary>acos x in float: <see cref="Acos(double)"/> of x, rounded once to float.</summary>
    public static float Acos(float x) => (float)Acos((double)x);

    /// <summary>log10 x: <see cref="AcaKernels.Numerics.OdeMath.Log10(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Log10). The special values
    /// (x ≤ 0, +∞, NaN) are selected inside the algorithm; it has no fallback call.</summary>
    public static double Log10(double x) => AcaKernels.Numerics.OdeMath.Log10<Fused>(x);

    /// <summary>log10 x in float: <see cref="Log10(double)"/> of x, rounded once to float.</summary>
    public static float Log10(float x) => (float)Log10((double)x);

    /// <summary>∛x: <see cref="AcaKernels.Numerics.OdeMath.Cbrt(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Cbrt). Subnormals are scaled
    /// and ±0, ±∞ and NaN selected inside the algorithm; it has no fallback call.</summary>
    public static double Cbrt(double x) => AcaKernels.Numerics.OdeMath.Cbrt<Fused>(x);

    /// <summary>∛x in float: <see cref="Cbrt(double)"/> of x, rounded once to float.</summary>
    public static float Cbrt(float x) => (float)Cbrt((double)x);

    /// <summary>asinh x: <see cref="AcaKernels.Numerics.OdeMath.Asinh(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Asinh). ±∞ and NaN are
    /// selected inside the algorithm; it calls no System.Math function that ILGPU lacks.</summary>
    public static double Asinh(double x) => AcaKernels.Numerics.OdeMath.Asinh<Fused>(x);

    /// <summary>asinh x in float: <see cref="Asinh(double)"/> of x, rounded once to float.</summary>
    public static float Asinh(float x) => (float)Asinh((double)x);

    /// <summary>acosh x: <see cref="AcaKernels.Numerics.OdeMath.Acosh(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Acosh). x ≤ 1, +∞ and
    /// NaN are selected inside the algorithm; it calls no System.Math function that ILGPU lacks.</summary>
    public static double Acosh(double x) => AcaKernels.Numerics.OdeMath.Acosh<Fused>(x);

    /// <summary>acosh x in float: <see cref="Acosh(double)"/> of x, rounded once to float.</summary>
    public static float Acosh(float x) => (float)Acosh((double)x);

    /// <summary>atanh x: <see cref="AcaKernels.Numerics.OdeMath.Atanh(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Atanh). |x| ≥ 1 and NaN are
    /// selected inside the algorithm; it calls no System.Math function that ILGPU lacks.</summary>
    public static double Atanh(double x) => AcaKernels.Numerics.OdeMath.Atanh<Fused>(x);

    /// <summary>atanh x in float: <see cref="Atanh(double)"/> of x, rounded once to float.</summary>
    public static float Atanh(float x) => (float)Atanh((double)x);

    /// <summary>tan x: <see cref="AcaKernels.Numerics.OdeMath.Tan(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Tan), every finite x
    /// included (see <see cref="Sin(double)"/>).</summary>
    public static double Tan(double x) => AcaKernels.Numerics.OdeMath.Tan<Fused>(x);

    /// <summary>tan x in float: <see cref="Tan(double)"/> of x, rounded once to float.</summary>
    public static float Tan(float x) => (float)Tan((double)x);

    /// <summary>sinh x: <see cref="AcaKernels.Numerics.OdeMath.Sinh(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Sinh, and for Math.Cosh's
    /// derivative). The algorithm has no fallback: ±∞, NaN and the overflow band take the same path, so the GPU's bits
    /// are the CPU's for every input.</summary>
    public static double Sinh(double x) => AcaKernels.Numerics.OdeMath.Sinh<Fused>(x);

    /// <summary>sinh x in float: <see cref="Sinh(double)"/> of x, rounded once to float.</summary>
    public static float Sinh(float x) => (float)Sinh((double)x);

    /// <summary>cosh x: <see cref="AcaKernels.Numerics.OdeMath.Cosh(double)"/>'s algorithm over
    /// <see cref="Fma(double, double, double)"/> (the generated GPU form calls it for Math.Cosh, and for Math.Sinh's
    /// derivative; see <see cref="Sinh(double)"/>).</summary>
    public static double Cosh(double x) => AcaKernels.Numerics.OdeMath.Cosh<Fused>(x);

    /// <summary>cosh x in float: <see cref="Cosh(double)"/> of x, rounded once to float.</summary>
    public static float Cosh(float x) => (float)Cosh((double)x);

    private readonly struct Fused : AcaKernels.Numerics.IFusedMultiplyAdd
    {
        public static double Fma(double a, double b, double c) => GpuMath.Fma(a, b, c);
    }
}
