using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// ln w + j·ln 2 for w ≥ 1 given as a double-double wh + wl, to about 2^−66 relative before the last rounding: the
/// shared core of <see cref="Asinh(double)"/>, <see cref="Acosh(double)"/> and <see cref="Atanh(double)"/>
/// (OdeMath.InverseHyperbolic.cs), in the three forms, bit-identical lane by lane.
/// </summary>
/// <remarks>
/// <see cref="Pow(double, double)"/>'s ln x as a double-double, with the input's low part folded in: wh = 2^k·m with m
/// in [√½, √2) (wh is normal, at least 1: no subnormal scaling), f = m − 1 exact, and the low part enters as
/// f_l = wl·2^−k (exact: 2^−k is a normal power of two for 1 ≤ wh &lt; 2^1022), so that
/// s = (f + f_l)/(2 + f + f_l) = sh + sl, sh = f·(1/(2 + f)) and sl the remainder f + f_l − sh·(2 + f + f_l) (two
/// FMAs, the first exact) over 2 + f. Then, as in Pow, ln m = 2s + s³·(2/3 + s²·Q(s²)) with s², s³ and the products
/// carried as double-doubles, (k + j)·ln 2's 42-bit head, 2sh and the s³ term summed by two Fast2Sums and the small
/// terms added; the result is that sum rounded once. The caller passes j (0, or 3 with wh = |x|/4 for the huge
/// arguments, so that ln(2|x|) = ln(|x|/4) + 3 ln 2 never forms 2|x|, and 2^−k stays normal).
/// </remarks>
public static partial class OdeMath
{
    /// <summary>ln(wh + wl) + j·ln 2 for 1 ≤ wh &lt; 2^1022 and |wl| ≲ ulp(wh), wh + wl ≥ 1; the FMAs through
    /// <typeparamref name="TFma"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LnOfDoubleDouble<TFma>(double wh, double wl, double j) where TFma : IFusedMultiplyAdd
    {
        long bits = BitConverter.DoubleToInt64Bits(wh);
        long e = (bits - SqrtHalfBits) >> MantissaBits;
        double m = BitConverter.Int64BitsToDouble(bits - (e << MantissaBits));
        double scale = BitConverter.Int64BitsToDouble((ExponentBias - e) << MantissaBits);
        double k = (BitConverter.Int64BitsToDouble(e + RoundMagicBits) - RoundMagic) + j;
        double f = m - 1.0, fl = wl * scale;
        // s = (f + fl)/(2 + f + fl) as sh + sl: 2 + f as dh + (its exact error + fl), sh faithful, the rest by FMAs.
        double dh = 2.0 + f, dl = (f - (dh - 2.0)) + fl;
        double inv = 1.0 / dh;
        double sh = f * inv;
        double sl = TFma.Fma(-sh, dl, TFma.Fma(-sh, dh, f) + fl) * inv;
        // From here Pow's ln: s² = z + zl, s³ = th + tl, P(s²) = 2/3 + s²·Q(s²) = pH + pL, s³·P = t2h + t2l.
        double z = sh * sh;
        double zl = TFma.Fma(2.0 * sh, sl, TFma.Fma(sh, sh, -z));
        double th = sh * z;
        double tl = TFma.Fma(sh, zl, TFma.Fma(sl, z, TFma.Fma(sh, z, -th)));
        double z2 = z * z, z4 = z2 * z2;
        double a0 = TFma.Fma(PowQ1, z, PowQ0), a1 = TFma.Fma(PowQ3, z, PowQ2), a2 = TFma.Fma(PowQ5, z, PowQ4), a3 = TFma.Fma(PowQ7, z, PowQ6);
        double q = TFma.Fma(TFma.Fma(a3, z2, a2), z4, TFma.Fma(a1, z2, a0));
        double w = z * q;
        double wql = TFma.Fma(zl, q, TFma.Fma(z, q, -w));
        double pH = TwoThirds + w;
        double pL = ((TwoThirds - pH) + w) + (TwoThirdsTail + wql);
        double t2h = th * pH;
        double t2l = TFma.Fma(th, pL, TFma.Fma(tl, pH, TFma.Fma(th, pH, -t2h)));
        // k·head + 2sh + t2h (two Fast2Sums) + the small terms, rounded once.
        double kh = k * Ln2Head, b = 2.0 * sh;
        double s1 = kh + b, e1 = b - (s1 - kh);
        double s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        double low = (e1 + e2) + (TFma.Fma(k, Ln2Tail, 2.0 * sl) + t2l);
        return s2 + low;
    }

    /// <summary><see cref="LnOfDoubleDouble{TFma}"/> of each lane, bit-identical lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LnOfDoubleDouble(Vector512<double> wh, Vector512<double> wl, Vector512<double> j)
    {
        Vector512<long> bits = wh.AsInt64();
        Vector512<long> e = Vector512.ShiftRightArithmetic(bits - Vector512.Create(SqrtHalfBits), MantissaBits);
        Vector512<double> m = (bits - Vector512.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector512<double> scale = Vector512.ShiftLeft(Vector512.Create(ExponentBias) - e, MantissaBits).AsDouble();
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = ((e + Vector512.Create(RoundMagicBits)).AsDouble() - magic) + j;
        Vector512<double> one = Vector512<double>.One, two = Vector512.Create(2.0);
        Vector512<double> f = m - one, fl = wl * scale;
        Vector512<double> dh = two + f, dl = (f - (dh - two)) + fl;
        Vector512<double> inv = one / dh;
        Vector512<double> sh = f * inv;
        Vector512<double> sl = Vector512.FusedMultiplyAdd(-sh, dl, Vector512.FusedMultiplyAdd(-sh, dh, f) + fl) * inv;
        Vector512<double> z = sh * sh;
        Vector512<double> zl = Vector512.FusedMultiplyAdd(two * sh, sl, Vector512.FusedMultiplyAdd(sh, sh, -z));
        Vector512<double> th = sh * z;
        Vector512<double> tl = Vector512.FusedMultiplyAdd(sh, zl, Vector512.FusedMultiplyAdd(sl, z, Vector512.FusedMultiplyAdd(sh, z, -th)));
        Vector512<double> z2 = z * z, z4 = z2 * z2;
        Vector512<double> a0 = Vector512.FusedMultiplyAdd(Vector512.Create(PowQ1), z, Vector512.Create(PowQ0));
        Vector512<double> a1 = Vector512.FusedMultiplyAdd(Vector512.Create(PowQ3), z, Vector512.Create(PowQ2));
        Vector512<double> a2 = Vector512.FusedMultiplyAdd(Vector512.Create(PowQ5), z, Vector512.Create(PowQ4));
        Vector512<double> a3 = Vector512.FusedMultiplyAdd(Vector512.Create(PowQ7), z, Vector512.Create(PowQ6));
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(a3, z2, a2), z4, Vector512.FusedMultiplyAdd(a1, z2, a0));
        Vector512<double> w = z * q;
        Vector512<double> wql = Vector512.FusedMultiplyAdd(zl, q, Vector512.FusedMultiplyAdd(z, q, -w));
        Vector512<double> twoThirds = Vector512.Create(TwoThirds);
        Vector512<double> pH = twoThirds + w;
        Vector512<double> pL = ((twoThirds - pH) + w) + (Vector512.Create(TwoThirdsTail) + wql);
        Vector512<double> t2h = th * pH;
        Vector512<double> t2l = Vector512.FusedMultiplyAdd(th, pL, Vector512.FusedMultiplyAdd(tl, pH, Vector512.FusedMultiplyAdd(th, pH, -t2h)));
        Vector512<double> kh = k * Vector512.Create(Ln2Head), b = two * sh;
        Vector512<double> s1 = kh + b, e1 = b - (s1 - kh);
        Vector512<double> s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        Vector512<double> low = (e1 + e2) + (Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Tail), two * sl) + t2l);
        return s2 + low;
    }

    /// <summary><see cref="LnOfDoubleDouble{TFma}"/> of each lane, bit-identical lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LnOfDoubleDouble(Vector256<double> wh, Vector256<double> wl, Vector256<double> j)
    {
        Vector256<long> bits = wh.AsInt64();
        Vector256<long> e = Vector256.ShiftRightArithmetic(bits - Vector256.Create(SqrtHalfBits), MantissaBits);
        Vector256<double> m = (bits - Vector256.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector256<double> scale = Vector256.ShiftLeft(Vector256.Create(ExponentBias) - e, MantissaBits).AsDouble();
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = ((e + Vector256.Create(RoundMagicBits)).AsDouble() - magic) + j;
        Vector256<double> one = Vector256<double>.One, two = Vector256.Create(2.0);
        Vector256<double> f = m - one, fl = wl * scale;
        Vector256<double> dh = two + f, dl = (f - (dh - two)) + fl;
        Vector256<double> inv = one / dh;
        Vector256<double> sh = f * inv;
        Vector256<double> sl = Vector256.FusedMultiplyAdd(-sh, dl, Vector256.FusedMultiplyAdd(-sh, dh, f) + fl) * inv;
        Vector256<double> z = sh * sh;
        Vector256<double> zl = Vector256.FusedMultiplyAdd(two * sh, sl, Vector256.FusedMultiplyAdd(sh, sh, -z));
        Vector256<double> th = sh * z;
        Vector256<double> tl = Vector256.FusedMultiplyAdd(sh, zl, Vector256.FusedMultiplyAdd(sl, z, Vector256.FusedMultiplyAdd(sh, z, -th)));
        Vector256<double> z2 = z * z, z4 = z2 * z2;
        Vector256<double> a0 = Vector256.FusedMultiplyAdd(Vector256.Create(PowQ1), z, Vector256.Create(PowQ0));
        Vector256<double> a1 = Vector256.FusedMultiplyAdd(Vector256.Create(PowQ3), z, Vector256.Create(PowQ2));
        Vector256<double> a2 = Vector256.FusedMultiplyAdd(Vector256.Create(PowQ5), z, Vector256.Create(PowQ4));
        Vector256<double> a3 = Vector256.FusedMultiplyAdd(Vector256.Create(PowQ7), z, Vector256.Create(PowQ6));
        Vector256<double> q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(a3, z2, a2), z4, Vector256.FusedMultiplyAdd(a1, z2, a0));
        Vector256<double> w = z * q;
        Vector256<double> wql = Vector256.FusedMultiplyAdd(zl, q, Vector256.FusedMultiplyAdd(z, q, -w));
        Vector256<double> twoThirds = Vector256.Create(TwoThirds);
        Vector256<double> pH = twoThirds + w;
        Vector256<double> pL = ((twoThirds - pH) + w) + (Vector256.Create(TwoThirdsTail) + wql);
        Vector256<double> t2h = th * pH;
        Vector256<double> t2l = Vector256.FusedMultiplyAdd(th, pL, Vector256.FusedMultiplyAdd(tl, pH, Vector256.FusedMultiplyAdd(th, pH, -t2h)));
        Vector256<double> kh = k * Vector256.Create(Ln2Head), b = two * sh;
        Vector256<double> s1 = kh + b, e1 = b - (s1 - kh);
        Vector256<double> s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        Vector256<double> low = (e1 + e2) + (Vector256.FusedMultiplyAdd(k, Vector256.Create(Ln2Tail), two * sl) + t2l);
        return s2 + low;
    }
}
