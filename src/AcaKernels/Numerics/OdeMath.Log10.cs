using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// log10 x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane, for the reason Log exists
/// (OdeMath.Log.cs): <c>Math.Log10</c> is the C runtime's log10, one value at a time, and no vector function rounds
/// like it.
/// </summary>
/// <remarks>
/// ln x as the double-double lh + ll of <see cref="Pow(double, double)"/> (the same steps: x = 2^k·m, m in [√½, √2),
/// subnormals scaled by 2^52 first; s = f/(2 + f) as sh + sl; ln m = 2s + s³·(2/3 + s²·Q(s²)) with the products'
/// errors kept by FMAs; k·ln 2's 42-bit head exact; relative error ≲ 2^−66), then log10 x = (lh + ll)·(log10 e as
/// Log10EHi + Log10ELo, the rest rounded from 300-bit arithmetic): ph = lh·hi rounded, its exact error by one FMA,
/// plus ll·hi and lh·lo, and ph + that sum rounded once. The result is therefore rounded about once from a value
/// within ~2^−12 ulp of log10 x, so it is correctly rounded except within that distance of a midpoint, and the exact
/// powers of ten 10^k (k = 0 … 22) give exactly k (log10 1 = +0).
/// <para>Measured against an exact reference (256-bit fixed-point ln by atanh series, in the tests) at 6 000
/// fixed-seed points (every magnitude, [0.5, 20], 1 ± 2^−k, the bit neighbourhoods of 10^±k): at most 0.5000 ulp,
/// i.e. correctly rounded there (glibc 2.36's Math.Log10 at the same points: up to 1.47 ulp). Against Math.Log10 over
/// 4.9 million fixed-seed points (every binade, subnormals included, a dense grid of [0.5, 20], 1 ± 2^−k, the bit
/// neighbourhoods of 1, √2, the powers of ten and the ends of the range): 6.7 % differ, at most 2 ulp apart, 228 points
/// by 2 ulp, and at every one of those OdeMath's is the correctly rounded value (tests hold it).</para>
/// <para>Special values as Math.Log10: log10 ±0 = −∞, log10 of a negative number (−∞ included) is NaN, log10 +∞ = +∞,
/// NaN gives that NaN; they are selected (compare and select), not branched to, so the vector forms need no fallback
/// path. No table, one division (as Pow's ln). The GPU form is the same algorithm over ILGPU's FMA
/// (<c>AcaKernels.Gpu.Kernels.GpuMath.Log10</c>, through <see cref="Log10{TFma}(double)"/>).</para>
/// </remarks>
public static partial class OdeMath
{
    // log10 e = 1/ln 10 as a double-double: the rounded value and the rounded rest (300-bit arithmetic).
    private const double Log10EHi = 0.4342944819032518, Log10ELo = 1.098319650216765e-17;

    /// <summary>log10 x, correctly rounded in all measured cases (≤ 0.5 + ~2^−12 ulp by construction); within 2 ulp
    /// of <see cref="Math.Log10(double)"/>, whose own error reaches 1.5 ulp; see the type's remarks.</summary>
    /// <remarks>Not inlined, as <see cref="Log(double)"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Log10(double x) => Log10<SystemFusedMultiplyAdd>(x);

    /// <summary>log10 x in float: <see cref="Log10(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log10(float x) => (float)Log10((double)x);

    /// <summary>The scalar algorithm over a fused multiply-add <typeparamref name="TFma"/>: System.Math's on the CPU
    /// (<see cref="Log10(double)"/>), ILGPU's in the GPU form; both round once, so both give the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log10<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        bool tiny = x < SmallestNormal;
        long bits = BitConverter.DoubleToInt64Bits(tiny ? x * TwoTo52 : x);
        long e = (bits - SqrtHalfBits) >> MantissaBits;
        double m = BitConverter.Int64BitsToDouble(bits - (e << MantissaBits));
        double k = BitConverter.Int64BitsToDouble(e + (tiny ? -52L : 0L) + RoundMagicBits) - RoundMagic;
        double f = m - 1.0;
        // ln x = lh + ll exactly as in Pow: s = f/(2 + f) as sh + sl, s² = z + zl, s³ = th + tl, P = pH + pL, s³·P.
        double dh = 2.0 + f, dl = f - (dh - 2.0);
        double inv = 1.0 / dh;
        double sh = f * inv;
        double sl = TFma.Fma(-sh, dl, TFma.Fma(-sh, dh, f)) * inv;
        double z = sh * sh;
        double zl = TFma.Fma(2.0 * sh, sl, TFma.Fma(sh, sh, -z));
        double th = sh * z;
        double tl = TFma.Fma(sh, zl, TFma.Fma(sl, z, TFma.Fma(sh, z, -th)));
        double z2 = z * z, z4 = z2 * z2;
        double a0 = TFma.Fma(PowQ1, z, PowQ0), a1 = TFma.Fma(PowQ3, z, PowQ2), a2 = TFma.Fma(PowQ5, z, PowQ4), a3 = TFma.Fma(PowQ7, z, PowQ6);
        double q = TFma.Fma(TFma.Fma(a3, z2, a2), z4, TFma.Fma(a1, z2, a0));
        double w = z * q;
        double wl = TFma.Fma(zl, q, TFma.Fma(z, q, -w));
        double pH = TwoThirds + w;
        double pL = ((TwoThirds - pH) + w) + (TwoThirdsTail + wl);
        double t2h = th * pH;
        double t2l = TFma.Fma(th, pL, TFma.Fma(tl, pH, TFma.Fma(th, pH, -t2h)));
        double kh = k * Ln2Head, b = 2.0 * sh;
        double s1 = kh + b, e1 = b - (s1 - kh);
        double s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        double low = (e1 + e2) + (TFma.Fma(k, Ln2Tail, 2.0 * sl) + t2l);
        double lh = s2 + low, ll = low - (lh - s2);
        // (lh + ll)·(hi + lo): lh·hi = ph + its exact error, + ll·hi + lh·lo (ll·lo is below 2^−100 of the result).
        double ph = lh * Log10EHi;
        double pl = TFma.Fma(lh, Log10ELo, TFma.Fma(ll, Log10EHi, TFma.Fma(lh, Log10EHi, -ph)));
        double y = ph + pl;
        return x > 0.0 && x < double.PositiveInfinity ? y : x == 0.0 ? double.NegativeInfinity : x < 0.0 ? double.NaN : x;
    }

    /// <summary>log10 x of each lane, bit-identical to <see cref="Log10(double)"/> lane by lane (no fallback: the
    /// special lanes are selected, as the scalar form returns them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log10(Vector512<double> x)
    {
        Vector512<double> tiny = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        Vector512<long> bits = Vector512.ConditionalSelect(tiny, x * Vector512.Create(TwoTo52), x).AsInt64();
        Vector512<long> e = Vector512.ShiftRightArithmetic(bits - Vector512.Create(SqrtHalfBits), MantissaBits);
        Vector512<double> m = (bits - Vector512.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector512<long> kBits = e + (tiny.AsInt64() & Vector512.Create(-52L)) + Vector512.Create(RoundMagicBits);
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> k = kBits.AsDouble() - magic;
        Vector512<double> one = Vector512<double>.One, two = Vector512.Create(2.0);
        Vector512<double> f = m - one;
        Vector512<double> dh = two + f, dl = f - (dh - two);
        Vector512<double> inv = one / dh;
        Vector512<double> sh = f * inv;
        Vector512<double> sl = Vector512.FusedMultiplyAdd(-sh, dl, Vector512.FusedMultiplyAdd(-sh, dh, f)) * inv;
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
        Vector512<double> wl = Vector512.FusedMultiplyAdd(zl, q, Vector512.FusedMultiplyAdd(z, q, -w));
        Vector512<double> twoThirds = Vector512.Create(TwoThirds);
        Vector512<double> pH = twoThirds + w;
        Vector512<double> pL = ((twoThirds - pH) + w) + (Vector512.Create(TwoThirdsTail) + wl);
        Vector512<double> t2h = th * pH;
        Vector512<double> t2l = Vector512.FusedMultiplyAdd(th, pL, Vector512.FusedMultiplyAdd(tl, pH, Vector512.FusedMultiplyAdd(th, pH, -t2h)));
        Vector512<double> kh = k * Vector512.Create(Ln2Head), b = two * sh;
        Vector512<double> s1 = kh + b, e1 = b - (s1 - kh);
        Vector512<double> s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        Vector512<double> low = (e1 + e2) + (Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Tail), two * sl) + t2l);
        Vector512<double> lh = s2 + low, ll = low - (lh - s2);
        Vector512<double> log10eHi = Vector512.Create(Log10EHi);
        Vector512<double> ph = lh * log10eHi;
        Vector512<double> pl = Vector512.FusedMultiplyAdd(lh, Vector512.Create(Log10ELo),
            Vector512.FusedMultiplyAdd(ll, log10eHi, Vector512.FusedMultiplyAdd(lh, log10eHi, -ph)));
        Vector512<double> y = ph + pl;
        Vector512<double> special = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero),
            Vector512.Create(double.NegativeInfinity),
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), Vector512.Create(double.NaN), x));
        Vector512<double> regular = Vector512.GreaterThan(x, Vector512<double>.Zero)
            & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity));
        return Vector512.ConditionalSelect(regular, y, special);
    }

    /// <summary>log10 x of each lane, bit-identical to <see cref="Log10(double)"/> lane by lane (no fallback: the
    /// special lanes are selected, as the scalar form returns them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log10(Vector256<double> x)
    {
        Vector256<double> tiny = Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        Vector256<long> bits = Vector256.ConditionalSelect(tiny, x * Vector256.Create(TwoTo52), x).AsInt64();
        Vector256<long> e = Vector256.ShiftRightArithmetic(bits - Vector256.Create(SqrtHalfBits), MantissaBits);
        Vector256<double> m = (bits - Vector256.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector256<long> kBits = e + (tiny.AsInt64() & Vector256.Create(-52L)) + Vector256.Create(RoundMagicBits);
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> k = kBits.AsDouble() - magic;
        Vector256<double> one = Vector256<double>.One, two = Vector256.Create(2.0);
        Vector256<double> f = m - one;
        Vector256<double> dh = two + f, dl = f - (dh - two);
        Vector256<double> inv = one / dh;
        Vector256<double> sh = f * inv;
        Vector256<double> sl = Vector256.FusedMultiplyAdd(-sh, dl, Vector256.FusedMultiplyAdd(-sh, dh, f)) * inv;
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
        Vector256<double> wl = Vector256.FusedMultiplyAdd(zl, q, Vector256.FusedMultiplyAdd(z, q, -w));
        Vector256<double> twoThirds = Vector256.Create(TwoThirds);
        Vector256<double> pH = twoThirds + w;
        Vector256<double> pL = ((twoThirds - pH) + w) + (Vector256.Create(TwoThirdsTail) + wl);
        Vector256<double> t2h = th * pH;
        Vector256<double> t2l = Vector256.FusedMultiplyAdd(th, pL, Vector256.FusedMultiplyAdd(tl, pH, Vector256.FusedMultiplyAdd(th, pH, -t2h)));
        Vector256<double> kh = k * Vector256.Create(Ln2Head), b = two * sh;
        Vector256<double> s1 = kh + b, e1 = b - (s1 - kh);
        Vector256<double> s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        Vector256<double> low = (e1 + e2) + (Vector256.FusedMultiplyAdd(k, Vector256.Create(Ln2Tail), two * sl) + t2l);
        Vector256<double> lh = s2 + low, ll = low - (lh - s2);
        Vector256<double> log10eHi = Vector256.Create(Log10EHi);
        Vector256<double> ph = lh * log10eHi;
        Vector256<double> pl = Vector256.FusedMultiplyAdd(lh, Vector256.Create(Log10ELo),
            Vector256.FusedMultiplyAdd(ll, log10eHi, Vector256.FusedMultiplyAdd(lh, log10eHi, -ph)));
        Vector256<double> y = ph + pl;
        Vector256<double> special = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero),
            Vector256.Create(double.NegativeInfinity),
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), Vector256.Create(double.NaN), x));
        Vector256<double> regular = Vector256.GreaterThan(x, Vector256<double>.Zero)
            & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
        return Vector256.ConditionalSelect(regular, y, special);
    }
}
