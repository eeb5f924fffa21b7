using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// sinh x and cosh x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator
/// lowers <c>Math.Sinh</c>/<c>Math.Cosh</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, and sinh's
/// derivative cosh and cosh's sinh go through the same lowering, for the reason it lowers Exp (<see cref="OdeMath"/>):
/// the C runtime's sinh and cosh take one value at a time, so a lane kernel called them lane by lane.
/// </summary>
/// <remarks>
/// One path for every a = |x| (clamped to 711, past the overflow threshold; NaN passes, the comparison being false):
/// write a = k·ln 2 + r with k = round(a/ln 2) by the 1.5·2^52 trick and r a double-double r + r_lo (Cody–Waite as in
/// Exp: k·head exact and a − k·head exact by Sterbenz's lemma, k·tail split exactly by an FMA and subtracted by a
/// two-sum), |r| ≤ ln 2/2. Then, with c = cosh r and s = sinh r,
/// <code>
/// sinh a = 2^(k−1)·[(1 − 2^(−2k))·c + (1 + 2^(−2k))·s],   cosh a = 2^(k−1)·[(1 + 2^(−2k))·c + (1 − 2^(−2k))·s]
/// </code>
/// (sinh and cosh of k·ln 2 are (2^k ∓ 2^(−k))/2): no second exponential and no division. c and s are double-doubles,
/// s = r + (r_lo·(1 + r²/2) + r³·S(r²)) and c = (1 + r²/2) + (exact rounding error of that sum + r·r_lo + r²'s
/// rounding error/2 + r⁴·C(r²)), with S and C the Taylor polynomials Σ r^(2j)/(2j+3)! and Σ r^(2j)/(2j+4)!, j ≤ 5
/// (coefficients 1/n! rounded to double; n! is exact in double up to 18!), truncated at 2^−61.6 (s) and 2^−68 (c)
/// relative on r² ≤ 0.1201; in s, r³ carries its rounding error and 1/6 its tail (the r³/6 term is 2 % of s, and
/// without them s's error reached 2^−57, 0.58 ulp in all at the cancellation below). The factors
/// 1 ∓ 2^(−2k) are split exactly into a double and its rounding error (exact as doubles for k ≤ 26; 2^(−2k) is held at
/// 2^−1022 from k = 511 on, a normal number: held or not, the term lies some 2^−969 below the bracket's last bit). The
/// bracket is formed as a double-double
/// (its two products split exactly by FMAs, their sum by a fast two-sum: the c term is the larger) and rounded once;
/// then 2^(k−1) is applied as two normal powers of two, the first product exact, the second rounding once, so
/// results past the largest double give ∞ at the threshold of a correctly rounded sinh (|x| = 710.4758…).
/// For k = 0 (a &lt; ln 2/2) the bracket is 2·s (sinh) or 2·c (cosh) exactly: there is no cancellation, sinh x = x for
/// tiny and subnormal x, cosh x = 1 + x²/2 rounded once. The cancellation at k = 1 (a just above ln 2/2) is at most
/// 2.3-fold, on the bracket's low part only. The sign of x is put back by a bit or: sinh is odd and cosh even bit for
/// bit, sinh(±0) = ±0, sinh(±∞) = ±∞, cosh(±∞) = +∞, NaN gives NaN. No fallback: every input takes this path.
/// <para>Measured against 200-bit mpmath values at 410 000 points per function (250 000 random: 100 000 in
/// [0.34, 1.1] where k = 1, 50 000 below ln 2/2, 50 000 in [1, 30], 50 000 in [0, 711]; and 160 000 from a sweep like
/// the tests', every point where it differs from Math up to 100 000 among them): sinh at most 0.537 ulp from the true
/// value (worst just above ln 2/2, where the bracket cancels 2.3-fold), cosh at most 0.518 ulp. Math.Sinh/Math.Cosh
/// (glibc 2.36's, through expm1 and exp, not correctly rounded) are up to 1.87 ulp off at the same points (worst in
/// the overflow band 709.78 … 710.48), so the two differ by up to 2 ulp (at 0.07 % of the tests' sweep; by 1 ulp at
/// 7.5 % (cosh) and 10.7 % (sinh)): that bound, held by the tests, is glibc's error, not this algorithm's.</para>
/// <para>No table (ILGPU kernels cannot read static arrays), no branch but the scalar form's choice of one or two
/// products for the final scaling (the same bits either way); the FMAs go through <see cref="IFusedMultiplyAdd"/>,
/// so the GPU form (<c>AcaKernels.Gpu.Kernels.GpuMath.Sinh</c>/<c>Cosh</c>) runs the same algorithm over ILGPU's FMA
/// and gives the same bits everywhere, special values included.</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>sinh x, at most 0.54 ulp from the true value and 2 ulp from <see cref="Math.Sinh"/> (measured; see the
    /// type's remarks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Sinh(double x) => Sinh<SystemFusedMultiplyAdd>(x);

    /// <summary>cosh x, at most 0.52 ulp from the true value and 2 ulp from <see cref="Math.Cosh"/> (measured; see the
    /// type's remarks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Cosh(double x) => Cosh<SystemFusedMultiplyAdd>(x);

    /// <summary>sinh x in float: <see cref="Sinh(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sinh(float x) => (float)Sinh((double)x);

    /// <summary>cosh x in float: <see cref="Cosh(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cosh(float x) => (float)Cosh((double)x);

    /// <summary>The scalar sinh over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Sinh(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sinh<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double y = SinhOrCosh<TFma>(Math.Abs(x), cosh: false);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) | (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    /// <summary>The scalar cosh over a fused multiply-add <typeparamref name="TFma"/>; see <see cref="Sinh{TFma}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cosh<TFma>(double x) where TFma : IFusedMultiplyAdd => SinhOrCosh<TFma>(Math.Abs(x), cosh: true);

    /// <summary>sinh a or cosh a for a ≥ 0 (or NaN), as the type's remarks describe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinhOrCosh<TFma>(double a, bool cosh) where TFma : IFusedMultiplyAdd
    {
        a = a > HyperbolicClamp ? HyperbolicClamp : a;
        // a = k·ln 2 + r + r_lo.
        double shifted = TFma.Fma(a, InverseLn2, RoundMagic);
        double k = shifted - RoundMagic;
        double r0 = TFma.Fma(k, -Ln2Head, a);
        double t = k * Ln2Tail;
        double tLow = TFma.Fma(k, Ln2Tail, -t);
        double r = r0 - t;
        double back = r - r0;
        double rLow = ((r0 - (r - back)) + (-t - back)) - tLow;
        // s = sinh r and c = cosh r as double-doubles; S and C by Estrin's scheme in z = r².
        double z = r * r, z2 = z * z, z4 = z2 * z2;
        double zLow = TFma.Fma(r, r, -z);
        double sPoly = TFma.Fma(z4, TFma.Fma(z, InverseFactorial13, InverseFactorial11),
            TFma.Fma(z2, TFma.Fma(z, InverseFactorial9, InverseFactorial7), TFma.Fma(z, InverseFactorial5, InverseFactorial3)));
        double cPoly = TFma.Fma(z4, TFma.Fma(z, InverseFactorial14, InverseFactorial12),
            TFma.Fma(z2, TFma.Fma(z, InverseFactorial10, InverseFactorial8), TFma.Fma(z, InverseFactorial6, InverseFactorial4)));
        double sHigh = r;
        double halfZ = 0.5 * z;
        double rz = r * z;
        double rzLow = TFma.Fma(r, zLow, TFma.Fma(r, z, -rz));
        double sLow = TFma.Fma(rz, sPoly,
            TFma.Fma(rz, InverseFactorial3Tail, TFma.Fma(rzLow, InverseFactorial3, TFma.Fma(rLow, halfZ, rLow))));
        double cHigh = 1.0 + halfZ;
        double cLow = ((1.0 - cHigh) + halfZ) + TFma.Fma(z2, cPoly, TFma.Fma(r, rLow, 0.5 * zLow));
        // 1 ∓ 2^(−2k) as double + exact rounding error.
        long kBits = BitConverter.DoubleToInt64Bits(shifted) - RoundMagicBits;
        long kHeld = kBits > MaxHalfExponentK ? MaxHalfExponentK : kBits;
        double m = BitConverter.Int64BitsToDouble((ExponentBias - 2 * kHeld) << MantissaBits);
        double minusHigh = 1.0 - m, minusLow = SplitDifference<TFma>(1.0, minusHigh) - m;
        double plusHigh = 1.0 + m, plusLow = (1.0 - plusHigh) + m;
        // The bracket: (c factor)·c + (s factor)·s, the c product the larger.
        double cFactorHigh = cosh ? plusHigh : minusHigh, cFactorLow = cosh ? plusLow : minusLow;
        double sFactorHigh = cosh ? minusHigh : plusHigh, sFactorLow = cosh ? minusLow : plusLow;
        double p = cFactorHigh * cHigh;
        double pLow = TFma.Fma(cFactorHigh, cHigh, -p);
        double q = sFactorHigh * sHigh;
        double qLow = TFma.Fma(sFactorHigh, sHigh, -q);
        double high = p + q;
        double sumLow = q - (high - p);
        double low = TFma.Fma(cFactorHigh, cLow, TFma.Fma(sFactorHigh, sLow,
            TFma.Fma(cFactorLow, cHigh, TFma.Fma(sFactorLow, sHigh, sumLow + (pLow + qLow)))));
        double bracket = high + low;
        // × 2^(k−1) as first·second, both normal.
        long half = (kBits - 1) >> 1;
        double first = BitConverter.Int64BitsToDouble((half + ExponentBias) << MantissaBits);
        double second = BitConverter.Int64BitsToDouble((kBits - 1 - half + ExponentBias) << MantissaBits);
        // For k ≤ 1024, 2^(k−1) = first·second is a double and bracket·2^(k−1) rounds once as (bracket·first)·second
        // does (bracket·first is exact): the same bits with one product on the chain (the vector forms keep the two).
        return kBits <= 1024 ? bracket * (first * second) : bracket * first * second;
    }

    /// <summary>sinh x of each lane, bit-identical to <see cref="Sinh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sinh(Vector512<double> x)
    {
        Vector512<double> y = SinhOrCosh(Vector512.Abs(x), cosh: false);
        return (y.AsInt64() | (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
    }

    /// <summary>cosh x of each lane, bit-identical to <see cref="Cosh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cosh(Vector512<double> x) => SinhOrCosh(Vector512.Abs(x), cosh: true);

    /// <summary><see cref="SinhOrCosh{TFma}(double, bool)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SinhOrCosh(Vector512<double> a, bool cosh)
    {
        Vector512<double> clamp = Vector512.Create(HyperbolicClamp);
        a = Vector512.ConditionalSelect(Vector512.GreaterThan(a, clamp), clamp, a);
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> shifted = Vector512.FusedMultiplyAdd(a, Vector512.Create(InverseLn2), magic);
        Vector512<double> k = shifted - magic;
        Vector512<double> r0 = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Head), a);
        Vector512<double> tail = Vector512.Create(Ln2Tail);
        Vector512<double> t = k * tail;
        Vector512<double> tLow = Vector512.FusedMultiplyAdd(k, tail, -t);
        Vector512<double> r = r0 - t;
        Vector512<double> back = r - r0;
        Vector512<double> rLow = ((r0 - (r - back)) + (-t - back)) - tLow;
        Vector512<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector512<double> zLow = Vector512.FusedMultiplyAdd(r, r, -z);
        Vector512<double> sPoly = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial13), Vector512.Create(InverseFactorial11)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial9), Vector512.Create(InverseFactorial7)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial5), Vector512.Create(InverseFactorial3))));
        Vector512<double> cPoly = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial14), Vector512.Create(InverseFactorial12)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial10), Vector512.Create(InverseFactorial8)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(InverseFactorial6), Vector512.Create(InverseFactorial4))));
        Vector512<double> one = Vector512<double>.One, halfOf = Vector512.Create(0.5);
        Vector512<double> sHigh = r;
        Vector512<double> halfZ = halfOf * z;
        Vector512<double> rz = r * z;
        Vector512<double> rzLow = Vector512.FusedMultiplyAdd(r, zLow, Vector512.FusedMultiplyAdd(r, z, -rz));
        Vector512<double> sLow = Vector512.FusedMultiplyAdd(rz, sPoly, Vector512.FusedMultiplyAdd(rz, Vector512.Create(InverseFactorial3Tail),
            Vector512.FusedMultiplyAdd(rzLow, Vector512.Create(InverseFactorial3), Vector512.FusedMultiplyAdd(rLow, halfZ, rLow))));
        Vector512<double> cHigh = one + halfZ;
        Vector512<double> cLow = ((one - cHigh) + halfZ) + Vector512.FusedMultiplyAdd(z2, cPoly, Vector512.FusedMultiplyAdd(r, rLow, halfOf * zLow));
        Vector512<long> kBits = shifted.AsInt64() - Vector512.Create(RoundMagicBits);
        Vector512<long> kHeld = Vector512.Min(kBits, Vector512.Create(MaxHalfExponentK));
        Vector512<long> bias = Vector512.Create(ExponentBias);
        Vector512<double> m = Vector512.ShiftLeft(bias - (kHeld + kHeld), MantissaBits).AsDouble();
        Vector512<double> minusHigh = one - m, minusLow = (one - minusHigh) - m;
        Vector512<double> plusHigh = one + m, plusLow = (one - plusHigh) + m;
        Vector512<double> cFactorHigh = cosh ? plusHigh : minusHigh, cFactorLow = cosh ? plusLow : minusLow;
        Vector512<double> sFactorHigh = cosh ? minusHigh : plusHigh, sFactorLow = cosh ? minusLow : plusLow;
        Vector512<double> p = cFactorHigh * cHigh;
        Vector512<double> pLow = Vector512.FusedMultiplyAdd(cFactorHigh, cHigh, -p);
        Vector512<double> q = sFactorHigh * sHigh;
        Vector512<double> qLow = Vector512.FusedMultiplyAdd(sFactorHigh, sHigh, -q);
        Vector512<double> high = p + q;
        Vector512<double> sumLow = q - (high - p);
        Vector512<double> low = Vector512.FusedMultiplyAdd(cFactorHigh, cLow, Vector512.FusedMultiplyAdd(sFactorHigh, sLow,
            Vector512.FusedMultiplyAdd(cFactorLow, cHigh, Vector512.FusedMultiplyAdd(sFactorLow, sHigh, sumLow + (pLow + qLow)))));
        Vector512<double> bracket = high + low;
        Vector512<long> kMinusOne = kBits - Vector512<long>.One;
        Vector512<long> half = Vector512.ShiftRightArithmetic(kMinusOne, 1);
        Vector512<double> first = Vector512.ShiftLeft(half + bias, MantissaBits).AsDouble();
        Vector512<double> second = Vector512.ShiftLeft(kMinusOne - half + bias, MantissaBits).AsDouble();
        return bracket * first * second;
    }

    /// <summary>sinh x of each lane, bit-identical to <see cref="Sinh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sinh(Vector256<double> x)
    {
        Vector256<double> y = SinhOrCosh(Vector256.Abs(x), cosh: false);
        return (y.AsInt64() | (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
    }

    /// <summary>cosh x of each lane, bit-identical to <see cref="Cosh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cosh(Vector256<double> x) => SinhOrCosh(Vector256.Abs(x), cosh: true);

    /// <summary><see cref="SinhOrCosh{TFma}(double, bool)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> SinhOrCosh(Vector256<double> a, bool cosh)
    {
        Vector256<double> clamp = Vector256.Create(HyperbolicClamp);
        a = Vector256.ConditionalSelect(Vector256.GreaterThan(a, clamp), clamp, a);
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> shifted = Vector256.FusedMultiplyAdd(a, Vector256.Create(InverseLn2), magic);
        Vector256<double> k = shifted - magic;
        Vector256<double> r0 = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Head), a);
        Vector256<double> tail = Vector256.Create(Ln2Tail);
        Vector256<double> t = k * tail;
        Vector256<double> tLow = Vector256.FusedMultiplyAdd(k, tail, -t);
        Vector256<double> r = r0 - t;
        Vector256<double> back = r - r0;
        Vector256<double> rLow = ((r0 - (r - back)) + (-t - back)) - tLow;
        Vector256<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector256<double> zLow = Vector256.FusedMultiplyAdd(r, r, -z);
        Vector256<double> sPoly = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial13), Vector256.Create(InverseFactorial11)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial9), Vector256.Create(InverseFactorial7)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial5), Vector256.Create(InverseFactorial3))));
        Vector256<double> cPoly = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial14), Vector256.Create(InverseFactorial12)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial10), Vector256.Create(InverseFactorial8)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(InverseFactorial6), Vector256.Create(InverseFactorial4))));
        Vector256<double> one = Vector256<double>.One, halfOf = Vector256.Create(0.5);
        Vector256<double> sHigh = r;
        Vector256<double> halfZ = halfOf * z;
        Vector256<double> rz = r * z;
        Vector256<double> rzLow = Vector256.FusedMultiplyAdd(r, zLow, Vector256.FusedMultiplyAdd(r, z, -rz));
        Vector256<double> sLow = Vector256.FusedMultiplyAdd(rz, sPoly, Vector256.FusedMultiplyAdd(rz, Vector256.Create(InverseFactorial3Tail),
            Vector256.FusedMultiplyAdd(rzLow, Vector256.Create(InverseFactorial3), Vector256.FusedMultiplyAdd(rLow, halfZ, rLow))));
        Vector256<double> cHigh = one + halfZ;
        Vector256<double> cLow = ((one - cHigh) + halfZ) + Vector256.FusedMultiplyAdd(z2, cPoly, Vector256.FusedMultiplyAdd(r, rLow, halfOf * zLow));
        Vector256<long> kBits = shifted.AsInt64() - Vector256.Create(RoundMagicBits);
        Vector256<long> kHeld = Vector256.Min(kBits, Vector256.Create(MaxHalfExponentK));
        Vector256<long> bias = Vector256.Create(ExponentBias);
        Vector256<double> m = Vector256.ShiftLeft(bias - (kHeld + kHeld), MantissaBits).AsDouble();
        Vector256<double> minusHigh = one - m, minusLow = (one - minusHigh) - m;
        Vector256<double> plusHigh = one + m, plusLow = (one - plusHigh) + m;
        Vector256<double> cFactorHigh = cosh ? plusHigh : minusHigh, cFactorLow = cosh ? plusLow : minusLow;
        Vector256<double> sFactorHigh = cosh ? minusHigh : plusHigh, sFactorLow = cosh ? minusLow : plusLow;
        Vector256<double> p = cFactorHigh * cHigh;
        Vector256<double> pLow = Vector256.FusedMultiplyAdd(cFactorHigh, cHigh, -p);
        Vector256<double> q = sFactorHigh * sHigh;
        Vector256<double> qLow = Vector256.FusedMultiplyAdd(sFactorHigh, sHigh, -q);
        Vector256<double> high = p + q;
        Vector256<double> sumLow = q - (high - p);
        Vector256<double> low = Vector256.FusedMultiplyAdd(cFactorHigh, cLow, Vector256.FusedMultiplyAdd(sFactorHigh, sLow,
            Vector256.FusedMultiplyAdd(cFactorLow, cHigh, Vector256.FusedMultiplyAdd(sFactorLow, sHigh, sumLow + (pLow + qLow)))));
        Vector256<double> bracket = high + low;
        Vector256<long> kMinusOne = kBits - Vector256<long>.One;
        Vector256<long> half = Vector256.ShiftRightArithmetic(kMinusOne, 1);
        Vector256<double> first = Vector256.ShiftLeft(half + bias, MantissaBits).AsDouble();
        Vector256<double> second = Vector256.ShiftLeft(kMinusOne - half + bias, MantissaBits).AsDouble();
        return bracket * first * second;
    }
}
