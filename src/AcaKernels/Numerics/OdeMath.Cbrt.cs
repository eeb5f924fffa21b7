using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// ∛x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane, for the reason Log exists
/// (OdeMath.Log.cs): <c>Math.Cbrt</c> is the C runtime's cbrt, one value at a time, and no vector function rounds
/// like it.
/// </summary>
/// <remarks>
/// With a = |x| (a subnormal a first scaled by 2^54 = (2^18)³, the result then by 2^−18), a = 2^e·m, m in [1, 2), from
/// the bits; e = 3q + r with r in {0, 1, 2}, q = round((e − 1)/3) by the 1.5·2^52 trick (one FMA with 1/3: the quotient
/// is always a third away from a half), so t = 2^r·m in [1, 8) is a's bits less 3q in the exponent, and
/// ∛a = 2^q·∛t exactly. Then, without a division:
/// <list type="bullet">
/// <item>r0 = P(m)·2^(−r/3) ≈ t^(−1/3), P of degree 6 (Chebyshev interpolation of m^(−1/3) on [1, 2], rounded to double,
/// Estrin's scheme: 1.1e-6 relative); 2^(−r/3) one of three constants, selected;</item>
/// <item>one Newton step for the inverse cube root, r1 = r0 + r0·(1 − t·r0³)/3 (quadratic: 2.3e-12 relative);</item>
/// <item>y = t·r1² ≈ ∛t, then one Newton step for y³ = t with the residual t − y³ computed exactly where it matters
/// (y² and y²·y as double-doubles by FMA; t − y³'s head difference is exact by Sterbenz) and 1/(3y²) taken as r1²/3:
/// ∛t = y + (t − y³)·r1²/3, one FMA, rounded once. The step's own error is ~1e-22 relative, so the result is
/// correctly rounded except within ~1e-6 ulp of a midpoint (∛ of a double is never a midpoint itself).</item>
/// </list>
/// 2^q is applied as one normal power of two (exact), and the sign of x put back by a bit or: cbrt is odd bit for bit,
/// and exact cubes (∛27 = 3, ∛−8 = −2, ∛2^(3k) = 2^k) come out exact.
/// <para>Measured against an exact reference (BigInteger integer cube roots with 64 extra bits, in the tests) at 8 350
/// fixed-seed points (every magnitude, subnormals, [1, 8], the bit neighbourhoods of 2^−3 … 2^3): at most 0.4998 ulp,
/// i.e. correctly rounded there (glibc 2.36's Math.Cbrt at the same points: up to 3.02 ulp, at 3.999999999999999).
/// Against Math.Cbrt over 3.35 million fixed-seed points of either sign (every binade, subnormals included, a dense
/// grid of [−10, 10], the bit neighbourhoods of 2^(3k), 2^(3k+1), 2^(3k+2), of cubes and of the ends of the range):
/// 53 % differ, at most 3 ulp apart, 195 107 points by more than 1 ulp, and at the 20 000 of those checked OdeMath's
/// is the correctly rounded value (tests hold it; ∛2^−1074 = 2^−358 exactly, where Math.Cbrt is 1 ulp low).</para>
/// <para>Special values as Math.Cbrt: ∛±0 = ±0, ∛±∞ = ±∞, NaN gives NaN (x + x, as glibc); they are selected, not
/// branched to, and subnormals take the scaled fast path, so no lane needs a fallback. No table, no division. The GPU
/// form is the same algorithm over ILGPU's FMA (<c>AcaKernels.Gpu.Kernels.GpuMath.Cbrt</c>, through
/// <see cref="Cbrt{TFma}(double)"/>).</para>
/// </remarks>
public static partial class OdeMath
{
    // m^(−1/3) ≈ R0 + R1·m + … + R6·m⁶ on [1, 2]: Chebyshev interpolation at 7 nodes (300-bit arithmetic), rounded to
    // double (1.1e-6 relative); 2^(−1/3) and 2^(−2/3) rounded; 1/3 rounded; 2^54 (a subnormal's scaling, a cube).
    private const double CbrtR0 = 1.8766297241212762, CbrtR1 = -1.9720591905396232, CbrtR2 = 1.9538182209261572,
        CbrtR3 = -1.2521242275997846, CbrtR4 = 0.49117031566066666, CbrtR5 = -0.10750263607045218,
        CbrtR6 = 0.010066718649569128;
    private const double InverseCbrt2 = 0.7937005259840998, InverseCbrt4 = 0.6299605249474366;
    private const double OneThird = 1.0 / 3.0;
    private const double TwoTo54 = 18014398509481984.0;

    /// <summary>∛x, correctly rounded in all measured cases (≤ 0.5 + ~1e-6 ulp by construction); within 3 ulp of
    /// <see cref="Math.Cbrt(double)"/> as measured (the tests allow 4), whose own error reaches 3 ulp; see the type's
    /// remarks.</summary>
    /// <remarks>Not inlined, as <see cref="Log(double)"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Cbrt(double x) => Cbrt<SystemFusedMultiplyAdd>(x);

    /// <summary>∛x in float: <see cref="Cbrt(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cbrt(float x) => (float)Cbrt((double)x);

    /// <summary>The scalar algorithm over a fused multiply-add <typeparamref name="TFma"/>: System.Math's on the CPU
    /// (<see cref="Cbrt(double)"/>), ILGPU's in the GPU form; both round once, so both give the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cbrt<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        bool tiny = a < SmallestNormal;
        long bits = BitConverter.DoubleToInt64Bits(tiny ? a * TwoTo54 : a);
        long e = (bits >> MantissaBits) - ExponentBias;
        double ed = BitConverter.Int64BitsToDouble(e + RoundMagicBits) - RoundMagic;
        // q = round((e − 1)/3) = floor(e/3), r = e − 3q; t = 2^r·m in [1, 8), m in [1, 2).
        long q = BitConverter.DoubleToInt64Bits(TFma.Fma(ed - 1.0, OneThird, RoundMagic)) - RoundMagicBits;
        long q3 = q + q + q, r = e - q3;
        double t = BitConverter.Int64BitsToDouble(bits - (q3 << MantissaBits));
        double m = BitConverter.Int64BitsToDouble(bits - (e << MantissaBits));
        // r0 ≈ t^(−1/3) = P(m)·2^(−r/3), P by Estrin's scheme; one Newton step for the inverse cube root.
        double m2 = m * m, m4 = m2 * m2;
        double c0 = TFma.Fma(CbrtR1, m, CbrtR0), c1 = TFma.Fma(CbrtR3, m, CbrtR2), c2 = TFma.Fma(CbrtR5, m, CbrtR4);
        double p = TFma.Fma(TFma.Fma(CbrtR6, m2, c2), m4, TFma.Fma(c1, m2, c0));
        double r0 = p * (r == 0 ? 1.0 : r == 1 ? InverseCbrt2 : InverseCbrt4);
        double d = TFma.Fma(-(t * r0), r0 * r0, 1.0);
        double r1 = TFma.Fma(r0 * d, OneThird, r0);
        double r1sq = r1 * r1;
        // y ≈ ∛t, then y + (t − y³)/(3y²) with y³ = y2 + y2l times y as y3 + y3l + y2l·y, and 1/y² as r1².
        double y = t * r1sq;
        double y2 = y * y, y2l = TFma.Fma(y, y, -y2);
        double y3 = y2 * y, y3l = TFma.Fma(y2, y, -y3);
        double residual = (t - y3) - TFma.Fma(y2l, y, y3l);
        double c = TFma.Fma(residual, r1sq * OneThird, y);
        double result = c * BitConverter.Int64BitsToDouble((q + (tiny ? -18L : 0L) + ExponentBias) << MantissaBits);
        result = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(result) | (BitConverter.DoubleToInt64Bits(x) & SignBit));
        return a > 0.0 && a < double.PositiveInfinity ? result : x + x;
    }

    /// <summary>∛x of each lane, bit-identical to <see cref="Cbrt(double)"/> lane by lane (no fallback: ±0, ±∞ and NaN
    /// lanes are selected, as the scalar form returns them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cbrt(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> tiny = Vector512.LessThan(a, Vector512.Create(SmallestNormal));
        Vector512<long> bits = Vector512.ConditionalSelect(tiny, a * Vector512.Create(TwoTo54), a).AsInt64();
        Vector512<long> e = Vector512.ShiftRightArithmetic(bits, MantissaBits) - Vector512.Create(ExponentBias);
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> ed = (e + Vector512.Create(RoundMagicBits)).AsDouble() - magic;
        Vector512<double> third = Vector512.Create(OneThird);
        Vector512<long> q = Vector512.FusedMultiplyAdd(ed - Vector512<double>.One, third, magic).AsInt64() - Vector512.Create(RoundMagicBits);
        Vector512<long> q3 = q + q + q, r = e - q3;
        Vector512<double> t = (bits - Vector512.ShiftLeft(q3, MantissaBits)).AsDouble();
        Vector512<double> m = (bits - Vector512.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector512<double> m2 = m * m, m4 = m2 * m2;
        Vector512<double> c0 = Vector512.FusedMultiplyAdd(Vector512.Create(CbrtR1), m, Vector512.Create(CbrtR0));
        Vector512<double> c1 = Vector512.FusedMultiplyAdd(Vector512.Create(CbrtR3), m, Vector512.Create(CbrtR2));
        Vector512<double> c2 = Vector512.FusedMultiplyAdd(Vector512.Create(CbrtR5), m, Vector512.Create(CbrtR4));
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(CbrtR6), m2, c2), m4,
            Vector512.FusedMultiplyAdd(c1, m2, c0));
        Vector512<double> scale = Vector512.ConditionalSelect(Vector512.Equals(r, Vector512<long>.Zero).AsDouble(), Vector512<double>.One,
            Vector512.ConditionalSelect(Vector512.Equals(r, Vector512<long>.One).AsDouble(), Vector512.Create(InverseCbrt2), Vector512.Create(InverseCbrt4)));
        Vector512<double> r0 = p * scale;
        Vector512<double> d = Vector512.FusedMultiplyAdd(-(t * r0), r0 * r0, Vector512<double>.One);
        Vector512<double> r1 = Vector512.FusedMultiplyAdd(r0 * d, third, r0);
        Vector512<double> r1sq = r1 * r1;
        Vector512<double> y = t * r1sq;
        Vector512<double> y2 = y * y, y2l = Vector512.FusedMultiplyAdd(y, y, -y2);
        Vector512<double> y3 = y2 * y, y3l = Vector512.FusedMultiplyAdd(y2, y, -y3);
        Vector512<double> residual = (t - y3) - Vector512.FusedMultiplyAdd(y2l, y, y3l);
        Vector512<double> c = Vector512.FusedMultiplyAdd(residual, r1sq * third, y);
        Vector512<long> qFinal = q + (tiny.AsInt64() & Vector512.Create(-18L));
        Vector512<double> result = c * Vector512.ShiftLeft(qFinal + Vector512.Create(ExponentBias), MantissaBits).AsDouble();
        result = (result.AsInt64() | (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        Vector512<double> regular = Vector512.GreaterThan(a, Vector512<double>.Zero) & Vector512.LessThan(a, Vector512.Create(double.PositiveInfinity));
        return Vector512.ConditionalSelect(regular, result, x + x);
    }

    /// <summary>∛x of each lane, bit-identical to <see cref="Cbrt(double)"/> lane by lane (no fallback: ±0, ±∞ and NaN
    /// lanes are selected, as the scalar form returns them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cbrt(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> tiny = Vector256.LessThan(a, Vector256.Create(SmallestNormal));
        Vector256<long> bits = Vector256.ConditionalSelect(tiny, a * Vector256.Create(TwoTo54), a).AsInt64();
        Vector256<long> e = Vector256.ShiftRightArithmetic(bits, MantissaBits) - Vector256.Create(ExponentBias);
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> ed = (e + Vector256.Create(RoundMagicBits)).AsDouble() - magic;
        Vector256<double> third = Vector256.Create(OneThird);
        Vector256<long> q = Vector256.FusedMultiplyAdd(ed - Vector256<double>.One, third, magic).AsInt64() - Vector256.Create(RoundMagicBits);
        Vector256<long> q3 = q + q + q, r = e - q3;
        Vector256<double> t = (bits - Vector256.ShiftLeft(q3, MantissaBits)).AsDouble();
        Vector256<double> m = (bits - Vector256.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector256<double> m2 = m * m, m4 = m2 * m2;
        Vector256<double> c0 = Vector256.FusedMultiplyAdd(Vector256.Create(CbrtR1), m, Vector256.Create(CbrtR0));
        Vector256<double> c1 = Vector256.FusedMultiplyAdd(Vector256.Create(CbrtR3), m, Vector256.Create(CbrtR2));
        Vector256<double> c2 = Vector256.FusedMultiplyAdd(Vector256.Create(CbrtR5), m, Vector256.Create(CbrtR4));
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(CbrtR6), m2, c2), m4,
            Vector256.FusedMultiplyAdd(c1, m2, c0));
        Vector256<double> scale = Vector256.ConditionalSelect(Vector256.Equals(r, Vector256<long>.Zero).AsDouble(), Vector256<double>.One,
            Vector256.ConditionalSelect(Vector256.Equals(r, Vector256<long>.One).AsDouble(), Vector256.Create(InverseCbrt2), Vector256.Create(InverseCbrt4)));
        Vector256<double> r0 = p * scale;
        Vector256<double> d = Vector256.FusedMultiplyAdd(-(t * r0), r0 * r0, Vector256<double>.One);
        Vector256<double> r1 = Vector256.FusedMultiplyAdd(r0 * d, third, r0);
        Vector256<double> r1sq = r1 * r1;
        Vector256<double> y = t * r1sq;
        Vector256<double> y2 = y * y, y2l = Vector256.FusedMultiplyAdd(y, y, -y2);
        Vector256<double> y3 = y2 * y, y3l = Vector256.FusedMultiplyAdd(y2, y, -y3);
        Vector256<double> residual = (t - y3) - Vector256.FusedMultiplyAdd(y2l, y, y3l);
        Vector256<double> c = Vector256.FusedMultiplyAdd(residual, r1sq * third, y);
        Vector256<long> qFinal = q + (tiny.AsInt64() & Vector256.Create(-18L));
        Vector256<double> result = c * Vector256.ShiftLeft(qFinal + Vector256.Create(ExponentBias), MantissaBits).AsDouble();
        result = (result.AsInt64() | (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        Vector256<double> regular = Vector256.GreaterThan(a, Vector256<double>.Zero) & Vector256.LessThan(a, Vector256.Create(double.PositiveInfinity));
        return Vector256.ConditionalSelect(regular, result, x + x);
    }
}
