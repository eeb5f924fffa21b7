using System.Runtime.CompilerServices;

namespace AcaKernels.Numerics;

/// <summary>
/// Math functions that generated kernels call instead of <see cref="Math"/>'s, each written once as a fixed sequence
/// of IEEE-754 operations (add, subtract, multiply, divide, compare-and-select, integer bit moves) in a scalar form,
/// a <see cref="System.Runtime.Intrinsics.Vector256{T}"/> form and a <see cref="System.Runtime.Intrinsics.Vector512{T}"/>
/// form that are bit-identical lane by lane. <c>Math.Tanh</c>, <c>Math.Exp</c> (OdeMath.Exp.cs), <c>Math.Log</c> (OdeMath.Log.cs) and
/// <c>Math.Sin</c>/<c>Math.Cos</c> (OdeMath.SinCos.cs), <c>Math.Tan</c> (OdeMath.Tan.cs), <c>Math.Atan</c> (OdeMath.Atan.cs), <c>Math.Sinh</c>/<c>Math.Cosh</c> (OdeMath.SinhCosh.cs), <c>Math.Asinh</c>/<c>Math.Acosh</c>/<c>Math.Atanh</c> (OdeMath.InverseHyperbolic.cs), <c>Math.Log10</c> (OdeMath.Log10.cs) and <c>Math.Cbrt</c> (OdeMath.Cbrt.cs) call the C runtime one value at a time, and no vector function rounds like it; with these, an ensemble's SIMD lane computes
/// exactly what the single-trajectory kernels compute, and the lane kernels stay vector code end to end.
/// </summary>
/// <remarks>
/// <para>Tanh: no fused multiply-add and no table, so the scalar form is itself the GPU form (Exp and Log use FMAs
/// and have GPU twins, see OdeMath.Exp.cs and OdeMath.Log.cs). ILGPU compiles it for every
/// backend (its <c>Math.FusedMultiplyAdd</c> does not build on OpenCL and PTX), so a trajectory on ILGPU's CPU
/// accelerator takes the CPU engine's steps bit for bit. No allocation, no exception: NaN in gives NaN out.</para>
/// <para>The generator lowers <c>Math.Tanh</c> and <c>MathF.Tanh</c> in <c>[OdeDynamics]</c> bodies to
/// <see cref="Tanh(double)"/> and <see cref="Tanh(float)"/> (float arithmetic, OdeMath.TanhSingle.cs), and differentiates them as 1 − t² = (1 − t)(1 + t)
/// from the value t itself (no cosh).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>tanh(x) with at most ~1.3 ulp of error (measured ≤ 2 ulp from Math.Tanh over a dense sweep).</summary>
    /// <remarks>
    /// With a = |x| clamped to 20 (tanh rounds to 1 from 19.06 on; +∞ included, NaN kept), tanh a = b + n/d:
    /// <list type="bullet">
    /// <item>a &lt; 0.9 (and NaN): b = a, n = a·s·P(s), d = Q(s) with s = a² and P/Q the [3/4] Padé approximant of
    /// (tanh √s − √s)/s^{3/2} at s = 0 (from tanh's Taylor series in 60-digit arithmetic; 1.3e-17 relative at
    /// a = 0.9, 4e-18 below 0.625). A tiny or subnormal a gives a·s = 0 and so exactly a.</item>
    /// <item>a ≥ 0.9: u = e^{−2a}, b = 1, n = −2u, d = 1 + u, i.e. 1 − 2u/(1 + u) with the correction ≤ 0.29 of the
    /// result, so its rounding errors count for a third. u = 2^k·e^r with k = round(−2a/ln 2) (the 1.5·2^52 trick),
    /// r = −2a − k·ln 2 in two exact-then-rounded steps (Cody–Waite: ln 2 split in a 42-bit head, so k·head is exact
    /// and −2a − k·head too), e^r = 1 + r + r²·E(r) with E of degree 9 (Chebyshev interpolation of
    /// (e^r − 1 − r)/r² on |r| ≤ 0.35, 2e-17 relative including the rounding of its coefficients), 2^k from the
    /// exponent bits.</item>
    /// </list>
    /// The sign of x is put back by a bit or, so tanh(−0) = −0 and tanh is odd bit for bit. Measured against
    /// 40-digit tanh at 10⁵ points: ≤ 1.22 ulp, worst just above the switch at 0.9 (one rounding of the result, and
    /// ≤ 0.29 of the correction's ~2 roundings).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tanh(double x)
    {
        double a = Math.Abs(x);
        a = a > TanhSaturation ? TanhSaturation : a;
        double b, n, d;
        if (a >= TanhSwitch)
        {
            double u = ExpOfMinusTwice(a);
            b = 1.0;
            n = -2.0 * u;
            d = 1.0 + u;
        }
        else
        {
            double s = a * a;
            double p = ((P3 * s + P2) * s + P1) * s + P0;
            double q = (((Q4 * s + Q3) * s + Q2) * s + Q1) * s + Q0;
            b = a;
            n = a * s * p;
            d = q;
        }
        double y = b + n / d;
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) | (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    /// <summary>d tanh(x)/dx = sech²x = 1 − tanh²x, given <paramref name="tanhX"/> = <see cref="Tanh(double)"/>(x), with
    /// a few ulp of relative error everywhere, also where tanh rounds near ±1 (there 1 − t² would keep only its
    /// absolute accuracy: 0 instead of 2e-17 at x = 20, 5e-10 relative at x = 8).</summary>
    /// <remarks>(1 − |t|)/(1 + |t|) = e^{−2|x|} exactly, so 1 − t² = e^{−2|x|}·(1 + |t|)²: no cancellation, and the
    /// exponential is Tanh's own (no table, no FMA: the GPU form too). 1 + |t| ≥ 1 carries t's rounding as a relative
    /// error of at most t's; the product adds ~3 roundings. Beyond |x| = 350 (sech²x &lt; 1e-303) it returns 0. NaN in x
    /// gives that NaN.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TanhDerivative(double x, double tanhX)
    {
        double a = Math.Abs(x);
        double u = ExpOfMinusTwice(a > DerivativeCutoff ? DerivativeCutoff : a);
        double w = 1.0 + Math.Abs(tanhX);
        double d = u * (w * w);
        d = a > DerivativeCutoff ? 0.0 : d;
        return double.IsNaN(x) ? x : d;
    }

    /// <summary>e^{−2a} for 0 ≤ a ≤ 350 (NaN in: unspecified out), ≤ ~0.7 ulp: k = round(−2a/ln 2) by the 1.5·2^52
    /// trick, r = −2a − k·ln 2 in two steps (Cody–Waite: ln 2's 42-bit head makes k·head and −2a − k·head exact for
    /// |−2a| ≥ 1), e^r = 1 + r + r²·E(r), 2^k from the exponent bits (k ≥ −1010: a normal number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExpOfMinusTwice(double a)
    {
        double v = -2.0 * a;
        double shifted = v * InverseLn2 + RoundMagic;
        double k = shifted - RoundMagic;
        double r = v - k * Ln2Head - k * Ln2Tail;
        double e = ((((((((E9 * r + E8) * r + E7) * r + E6) * r + E5) * r + E4) * r + E3) * r + E2) * r + E1) * r + E0;
        double er = 1.0 + (r + r * r * e);
        long kBits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic);
        return er * BitConverter.Int64BitsToDouble((kBits + ExponentBias) << MantissaBits);
    }
}
