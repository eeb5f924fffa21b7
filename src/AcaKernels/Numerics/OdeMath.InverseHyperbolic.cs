using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// asinh x, acosh x and atanh x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane, for the
/// reason Asin and Acos have them (OdeMath.AsinAcos.cs): the C runtime's functions take one value at a time.
/// </summary>
/// <remarks>
/// Each is one logarithm of a double-double w = wh + wl ≥ 1, ln w to ≈ 2^−66 relative before its last rounding
/// (<c>LnOfDoubleDouble</c>, OdeMath.LnDoubleDouble.cs: Pow's double-double ln with the low part of w folded into
/// f = m − 1), so the result is rounded about once:
/// <list type="bullet">
/// <item>asinh: a = |x|, w = a + √(1 + a²): a² split exactly by an FMA, 1 + a² by a two-sum, its square root as
/// rh + (1 + a² − rh²)/(2rh) (the FMA gives th − rh² exactly), a + rh by a Fast2Sum (rh ≥ a). For a ≥ 2^28,
/// asinh a = ln 2a + 1/(4a²) − …, the second term below 2^−10 ulp: ln(a/4) + 3 ln 2 (a/4 exact; 2a is never formed,
/// so a up to the largest double is on the fast path). For a &lt; 2^−27 the result is x itself (asinh x = x − x³/6…,
/// so x is the correctly rounded value; ±0 and the subnormals included). The sign of x goes back by a bit xor: asinh
/// is odd bit for bit.</item>
/// <item>acosh (x &gt; 1): w = x + √(x² − 1), x² split exactly by an FMA, x² − 1 by a Fast2Sum (exact by Sterbenz's
/// lemma near 1, so no cancellation: acosh(1 + d) ≈ √(2d) keeps its relative accuracy down to x = 1 + 2^−52) and
/// renormalized (near 1 the difference is short and x²'s low part large beside it: without that step the square
/// root's neglected second-order term reached 2^−58 relative, 0.515 ulp in all), the square root and x + √ as in
/// asinh. For x ≥ 2^28, ln(x/4) + 3 ln 2 (the neglected −1/(4x²) below 2^−10 ulp).</item>
/// <item>atanh: a = |x| &lt; 1, w = (1 + a)/(1 − a): numerator and denominator as double-doubles (Fast2Sums; 1 − a is
/// exact for a ≥ ½), the quotient as wh = nh/dh and wl = (nh − wh·dh (exact, by an FMA) + nl − wh·dl)/dh;
/// atanh a = ½·ln w. For a &lt; 2^−27 the result is x (atanh x = x + x³/3…, correctly rounded); odd bit for bit.</item>
/// </list>
/// Fallbacks: asinh(±∞) and NaN; acosh of x ≤ 1 (NaN below 1, acosh 1 = +0), +∞ and NaN; atanh of |x| ≥ 1
/// (±1 → ±∞, beyond → NaN) and NaN: the scalar form returns Math's special values there, written out (AsinhSpecial,
/// …; ILGPU has no device asinh, acosh or atanh to fall back on), and the vector forms compute every lane and patch
/// those lanes with the same functions, so each form gives the same bits everywhere. No table, no array (ILGPU kernels cannot
/// read static arrays); the FMAs go through <see cref="IFusedMultiplyAdd"/>, so the GPU forms
/// (<c>AcaKernels.Gpu.Kernels.GpuMath.Asinh</c>, <c>.Acosh</c>, <c>.Atanh</c>) run the same algorithm over ILGPU's FMA.
/// <para>Measured against exact values (300-bit fixed-point BigInteger arithmetic, in the tests too) at 100 000
/// fixed-seed points per function over every binade of its domain (and some 4 500 more in the tests: the switches'
/// and 1's neighbourhoods, and the points where OdeMath and Math differ most): at most 0.5003 ulp (asinh), 0.5005 ulp
/// (acosh) and 0.5000 ulp (atanh), the worst beyond the switch to ln(|x|/4) + 3 ln 2, where ∓1/(4x²) is dropped:
/// the results are correctly rounded but where the true value lies within a few thousandths of an ulp of a midpoint.
/// glibc's asinh, acosh and atanh (Math's) are not: up to 1.41, 2.05 and 1.65 ulp off at the same points. So against Math.Asinh/Acosh/Atanh over 1.9, 2.0 and 2.8 million
/// fixed-seed points (dense grids, every magnitude, the neighbourhoods of 0, ±1 and the switches) the two differ by
/// at most 2 ulp (tests hold it; by 1 ulp at 12.6 %, 17.3 % and 14.4 % of the points, by 2 at 5, 201 and 97 of
/// them): that is glibc's error. Rough speed (2 cores at load average 13, best of 40 runs): the Vector512 form
/// 2.9 (asinh), 3.1 (acosh) and 5.1 ns (atanh) per value against 21, 18 and 18 ns for Math's
/// function lane by lane; the scalar form 16–21 ns.</para>
/// </remarks>
public static partial class OdeMath
{
    // asinh/acosh/atanh: below 2^−27 asinh x and atanh x round to x; from 2^28 on asinh and acosh are ln(2|x|) to
    // within 2^−10 ulp (computed as ln(|x|/4) + 3 ln 2).
    private const double InverseHyperbolicTiny = 7.450580596923828e-09;  // 2^−27
    private const double InverseHyperbolicHuge = 268435456.0;            // 2^28

    /// <summary>asinh x, at most 0.51 ulp from the true value and 2 ulp from <see cref="Math.Asinh"/> (measured; see the
    /// type's remarks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Asinh(double x) => Asinh<SystemFusedMultiplyAdd>(x);

    /// <summary>asinh x in float: <see cref="Asinh(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Asinh(float x) => (float)Asinh((double)x);

    /// <summary>acosh x, at most 0.51 ulp from the true value and 2 ulp from <see cref="Math.Acosh"/> (measured; see the
    /// type's remarks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Acosh(double x) => Acosh<SystemFusedMultiplyAdd>(x);

    /// <summary>acosh x in float: <see cref="Acosh(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Acosh(float x) => (float)Acosh((double)x);

    /// <summary>atanh x, at most 0.51 ulp from the true value and 2 ulp from <see cref="Math.Atanh"/> (measured; see the
    /// type's remarks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Atanh(double x) => Atanh<SystemFusedMultiplyAdd>(x);

    /// <summary>atanh x in float: <see cref="Atanh(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Atanh(float x) => (float)Atanh((double)x);

    /// <summary>The scalar asinh over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Asinh(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Asinh<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (!(a < double.PositiveInfinity)) return AsinhSpecial(x);
        if (a < InverseHyperbolicTiny) return x;
        double wh, wl, j;
        if (a < InverseHyperbolicHuge)
        {
            // 1 + a² = th + tl (a² exact by an FMA, then a two-sum), √ = rh + rl, w = a + √ by a Fast2Sum (rh ≥ a).
            double q = a * a, ql = TFma.Fma(a, a, -q);
            double th = 1.0 + q, tv = th - q, tl = ((1.0 - tv) + (q - (th - tv))) + ql;
            double rh = Math.Sqrt(th), rl = (TFma.Fma(-rh, rh, th) + tl) / (2.0 * rh);
            wh = rh + a;
            wl = ((rh - wh) + a) + rl;
            j = 0.0;
        }
        else
        {
            wh = a * 0.25;
            wl = 0.0;
            j = 3.0;
        }
        double y = LnOfDoubleDouble<TFma>(wh, wl, j);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    /// <summary>The scalar acosh over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Acosh(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Acosh<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        // & and a branch on the bool, not &&: ILGPU's OpenCL C drops the unordered flag of a branch on a negated
        // comparison, and a NaN then took the fast path (RESULTS.md §4; GpuMathKernelTests).
        bool regular = (x > 1.0) & (x < double.PositiveInfinity);
        if (!regular) return AcoshSpecial(x);
        double wh, wl, j;
        if (x < InverseHyperbolicHuge)
        {
            // x² − 1 = sh + sl (x² exact by an FMA, − 1 by a Fast2Sum), √ = rh + rl, w = x + √ by a Fast2Sum.
            double q = x * x, ql = TFma.Fma(x, x, -q);
            double d = q - 1.0, dl = ((q - d) - 1.0) + ql;
            // Renormalized (near 1, d is exact but short and dl up to ulp(q)/2: √ of d alone loses 2^−58).
            double sh = d + dl, sl = dl - (sh - d);
            double rh = Math.Sqrt(sh), rl = (TFma.Fma(-rh, rh, sh) + sl) / (2.0 * rh);
            wh = x + rh;
            wl = ((x - wh) + rh) + rl;
            j = 0.0;
        }
        else
        {
            wh = x * 0.25;
            wl = 0.0;
            j = 3.0;
        }
        return LnOfDoubleDouble<TFma>(wh, wl, j);
    }

    /// <summary>The scalar atanh over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Atanh(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Atanh<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (!(a < 1.0)) return AtanhSpecial(x);
        if (a < InverseHyperbolicTiny) return x;
        // (1 + a)/(1 − a) = wh + wl: numerator and denominator by Fast2Sums, the quotient's remainder by an FMA.
        double nh = 1.0 + a, nl = (1.0 - nh) + a;
        double dh = 1.0 - a, dl = SplitDifference<TFma>(1.0, dh) - a;
        double wh = nh / dh;
        double wl = (TFma.Fma(-wh, dh, nh) + (nl - wh * dl)) / dh;
        double y = 0.5 * LnOfDoubleDouble<TFma>(wh, wl, 0.0);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    // The special values, written out rather than Math.Asinh/Acosh/Atanh: ILGPU 1.5.3 has no device form of those
    // (a call of an undefined function, the module then fails to load), and these are all they return off the fast path.

    /// <summary>asinh of ±∞ (±∞) and NaN (NaN): x + x.</summary>
    private static double AsinhSpecial(double x) => x + x;

    /// <summary>acosh off x ∈ (1, ∞): 1 → +0, +∞ → +∞, NaN → NaN, below 1 → NaN.</summary>
    private static double AcoshSpecial(double x) => x == 1.0 ? 0.0 : x >= 1.0 ? x + x : x < 1.0 ? double.NaN : x + x;

    /// <summary>atanh off |x| &lt; 1: ±1 → ±∞, |x| &gt; 1 → NaN, NaN → NaN.</summary>
    private static double AtanhSpecial(double x) =>
        x == 1.0 ? double.PositiveInfinity : x == -1.0 ? double.NegativeInfinity : Math.Abs(x) > 1.0 ? double.NaN : x + x;

    /// <summary>asinh x of each lane, bit-identical to <see cref="Asinh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Asinh(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x), one = Vector512<double>.One;
        Vector512<double> q = a * a, ql = Vector512.FusedMultiplyAdd(a, a, -q);
        Vector512<double> th = one + q, tv = th - q, tl = ((one - tv) + (q - (th - tv))) + ql;
        Vector512<double> rh = Vector512.Sqrt(th), rl = (Vector512.FusedMultiplyAdd(-rh, rh, th) + tl) / (Vector512.Create(2.0) * rh);
        Vector512<double> wh = rh + a, wl = ((rh - wh) + a) + rl;
        Vector512<double> huge = Vector512.GreaterThanOrEqual(a, Vector512.Create(InverseHyperbolicHuge));
        Vector512<double> y = LnOfDoubleDouble(Vector512.ConditionalSelect(huge, a * Vector512.Create(0.25), wh),
            Vector512.ConditionalSelect(huge, Vector512<double>.Zero, wl), Vector512.Create(3.0) & huge);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        y = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(InverseHyperbolicTiny)), x, y);
        return Vector512.LessThanAll(a, Vector512.Create(double.PositiveInfinity)) ? y : InverseHyperbolicFallback(x, y, 0);
    }

    /// <summary>acosh x of each lane, bit-identical to <see cref="Acosh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Acosh(Vector512<double> x)
    {
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> q = x * x, ql = Vector512.FusedMultiplyAdd(x, x, -q);
        Vector512<double> d = q - one, dl = ((q - d) - one) + ql;
        Vector512<double> sh = d + dl, sl = dl - (sh - d);
        Vector512<double> rh = Vector512.Sqrt(sh), rl = (Vector512.FusedMultiplyAdd(-rh, rh, sh) + sl) / (Vector512.Create(2.0) * rh);
        Vector512<double> wh = x + rh, wl = ((x - wh) + rh) + rl;
        Vector512<double> huge = Vector512.GreaterThanOrEqual(x, Vector512.Create(InverseHyperbolicHuge));
        Vector512<double> y = LnOfDoubleDouble(Vector512.ConditionalSelect(huge, x * Vector512.Create(0.25), wh),
            Vector512.ConditionalSelect(huge, Vector512<double>.Zero, wl), Vector512.Create(3.0) & huge);
        return Vector512.GreaterThanAll(x, one) && Vector512.LessThanAll(x, Vector512.Create(double.PositiveInfinity))
            ? y : InverseHyperbolicFallback(x, y, 1);
    }

    /// <summary>atanh x of each lane, bit-identical to <see cref="Atanh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Atanh(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x), one = Vector512<double>.One;
        Vector512<double> nh = one + a, nl = (one - nh) + a;
        Vector512<double> dh = one - a, dl = (one - dh) - a;
        Vector512<double> wh = nh / dh;
        Vector512<double> wl = (Vector512.FusedMultiplyAdd(-wh, dh, nh) + (nl - wh * dl)) / dh;
        Vector512<double> y = Vector512.Create(0.5) * LnOfDoubleDouble(wh, wl, Vector512<double>.Zero);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        y = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(InverseHyperbolicTiny)), x, y);
        return Vector512.LessThanAll(a, one) ? y : InverseHyperbolicFallback(x, y, 2);
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path replaced by asinh's (<paramref name="which"/>
    /// 0: |x| not finite), acosh's (1: x ≤ 1, +∞, NaN) or atanh's (2: |x| ≥ 1, NaN) special values, as the scalar
    /// forms return there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> InverseHyperbolicFallback(Vector512<double> x, Vector512<double> fast, int which)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (which == 0 && !(Math.Abs(xi) < double.PositiveInfinity)) fast = fast.WithElement(i, AsinhSpecial(xi));
            else if (which == 1 && !(xi > 1.0 && xi < double.PositiveInfinity)) fast = fast.WithElement(i, AcoshSpecial(xi));
            else if (which == 2 && !(Math.Abs(xi) < 1.0)) fast = fast.WithElement(i, AtanhSpecial(xi));
        }
        return fast;
    }

    /// <summary>asinh x of each lane, bit-identical to <see cref="Asinh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Asinh(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x), one = Vector256<double>.One;
        Vector256<double> q = a * a, ql = Vector256.FusedMultiplyAdd(a, a, -q);
        Vector256<double> th = one + q, tv = th - q, tl = ((one - tv) + (q - (th - tv))) + ql;
        Vector256<double> rh = Vector256.Sqrt(th), rl = (Vector256.FusedMultiplyAdd(-rh, rh, th) + tl) / (Vector256.Create(2.0) * rh);
        Vector256<double> wh = rh + a, wl = ((rh - wh) + a) + rl;
        Vector256<double> huge = Vector256.GreaterThanOrEqual(a, Vector256.Create(InverseHyperbolicHuge));
        Vector256<double> y = LnOfDoubleDouble(Vector256.ConditionalSelect(huge, a * Vector256.Create(0.25), wh),
            Vector256.ConditionalSelect(huge, Vector256<double>.Zero, wl), Vector256.Create(3.0) & huge);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        y = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(InverseHyperbolicTiny)), x, y);
        return Vector256.LessThanAll(a, Vector256.Create(double.PositiveInfinity)) ? y : InverseHyperbolicFallback(x, y, 0);
    }

    /// <summary>acosh x of each lane, bit-identical to <see cref="Acosh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Acosh(Vector256<double> x)
    {
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> q = x * x, ql = Vector256.FusedMultiplyAdd(x, x, -q);
        Vector256<double> d = q - one, dl = ((q - d) - one) + ql;
        Vector256<double> sh = d + dl, sl = dl - (sh - d);
        Vector256<double> rh = Vector256.Sqrt(sh), rl = (Vector256.FusedMultiplyAdd(-rh, rh, sh) + sl) / (Vector256.Create(2.0) * rh);
        Vector256<double> wh = x + rh, wl = ((x - wh) + rh) + rl;
        Vector256<double> huge = Vector256.GreaterThanOrEqual(x, Vector256.Create(InverseHyperbolicHuge));
        Vector256<double> y = LnOfDoubleDouble(Vector256.ConditionalSelect(huge, x * Vector256.Create(0.25), wh),
            Vector256.ConditionalSelect(huge, Vector256<double>.Zero, wl), Vector256.Create(3.0) & huge);
        return Vector256.GreaterThanAll(x, one) && Vector256.LessThanAll(x, Vector256.Create(double.PositiveInfinity))
            ? y : InverseHyperbolicFallback(x, y, 1);
    }

    /// <summary>atanh x of each lane, bit-identical to <see cref="Atanh(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Atanh(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x), one = Vector256<double>.One;
        Vector256<double> nh = one + a, nl = (one - nh) + a;
        Vector256<double> dh = one - a, dl = (one - dh) - a;
        Vector256<double> wh = nh / dh;
        Vector256<double> wl = (Vector256.FusedMultiplyAdd(-wh, dh, nh) + (nl - wh * dl)) / dh;
        Vector256<double> y = Vector256.Create(0.5) * LnOfDoubleDouble(wh, wl, Vector256<double>.Zero);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        y = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(InverseHyperbolicTiny)), x, y);
        return Vector256.LessThanAll(a, one) ? y : InverseHyperbolicFallback(x, y, 2);
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path replaced by asinh's (<paramref name="which"/>
    /// 0: |x| not finite), acosh's (1: x ≤ 1, +∞, NaN) or atanh's (2: |x| ≥ 1, NaN) special values, as the scalar
    /// forms return there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> InverseHyperbolicFallback(Vector256<double> x, Vector256<double> fast, int which)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (which == 0 && !(Math.Abs(xi) < double.PositiveInfinity)) fast = fast.WithElement(i, AsinhSpecial(xi));
            else if (which == 1 && !(xi > 1.0 && xi < double.PositiveInfinity)) fast = fast.WithElement(i, AcoshSpecial(xi));
            else if (which == 2 && !(Math.Abs(xi) < 1.0)) fast = fast.WithElement(i, AtanhSpecial(xi));
        }
        return fast;
    }
}
