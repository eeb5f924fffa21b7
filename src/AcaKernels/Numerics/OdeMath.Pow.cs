using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// x^y in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Pow</c> and <c>MathF.Pow</c> in <c>[OdeDynamics]</c> bodies to these, for the reason it lowers Math.Exp
/// (OdeMath.Exp.cs): Math.Pow is the C runtime's pow, one value at a time, and no vector function rounds like it, so a
/// lane kernel used to call it lane by lane (Hill functions x^n/(K^n + x^n) with n a parameter).
/// </summary>
/// <remarks>
/// e^(y·ln x) with ln x carried as a double-double lh + ll (relative error ≲ 2^−66, so that even at |y·ln x| ≈ 709
/// the exponent's error stays below 2^−56): x = 2^k·m, m in [√½, √2) as in <see cref="Log(double)"/>, f = m − 1
/// (exact), s = f/(2 + f) as sh + sl (2 + f split exactly by a Fast2Sum, the remainder f − sh·(2 + f) by two FMAs),
/// ln m = 2s + s³·P(s²) with P = 2/3 + s²·Q(s²): 2/3 as a double-double, s², s³, s²·Q and s³·P as double-doubles by
/// FMA (exact product errors), Q of degree 7 by Estrin's scheme (Chebyshev interpolation of (P − 2/3)/z on
/// z ≤ 0.0295 at 8 nodes, 2^−53.8 relative after rounding its coefficients: s²·Q is below 1.8 % of P, s³·P below 1 %
/// of ln m). k·ln 2's 42-bit head, 2sh and the s³·P head are summed by two Fast2Sums, the small terms (their errors,
/// 2sl, k·tail, the low parts) added, and the whole renormalized to lh + ll. y·ln x = ph + pl by one FMA (y·lh's
/// exact error) plus y·ll. Then <see cref="Exp(double)"/>'s reduction with the tail folded in: n = round(ph/ln 2),
/// r = (ph − n·head) − n·tail + pl as rh + rl (the first difference exact), e^r = (1 + rh) + (rh²·E(rh) + rl·(1 + rh))
/// with 1 + rh split exactly and rh²'s rounding error kept, so the result is rounded about once, and 2^n applied as
/// one normal power of two.
/// <para>The fast path: |x| positive and finite (subnormals included), −708 ≤ ph ≤ 709 (so y is finite and the result
/// a normal number), and x &gt; 0 or y an integer: a negative x with an integer y is (−1)^y·|x|^y, IEEE pow's value,
/// so <c>Math.Pow(z, p)</c> with a negative z and a run-time integer p stays off the C runtime's (and, on a GPU,
/// ILGPU's software) pow. Every other case, x = ±0, a negative x with a non-integer y (NaN), ±∞, NaN in either argument, y
/// infinite, results that overflow or fall towards the subnormals, is Math.Pow's: the scalar form returns Math.Pow(x, y)
/// there. The vector forms run the fast path for x &gt; 0 in every lane and patch the other lanes with the scalar form
/// (a compare over the vector, false on the fast path), so each form gives the same bits everywhere and special values
/// equal Math.Pow's exactly. x = 1 and y = 0 give exactly 1 on the fast path too (ln 1 = 0, e^0 = 1).</para>
/// <para>Measured against Math.Pow (glibc's, correctly rounded in practice) over a fixed-seed sweep of millions of
/// (x, y): at most 1 ulp apart (tests hold it). No table (ILGPU kernels cannot read static arrays), one division; the
/// GPU form is the same algorithm over ILGPU's FMA (through <see cref="Pow{TFma}(double, double)"/>).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>x^y, within 1 ulp of <see cref="Math.Pow(double, double)"/> (and equal to it outside the fast path);
    /// see the type's remarks.</summary>
    /// <remarks>Not inlined, as <see cref="Exp(double)"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Pow(double x, double y) => Pow<SystemFusedMultiplyAdd>(x, y);

    /// <summary>x^y in float: <see cref="Pow(double, double)"/> of x and y, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Pow(float x, float y) => (float)Pow((double)x, (double)y);

    /// <summary>The scalar algorithm over a fused multiply-add <typeparamref name="TFma"/>: System.Math's on the CPU
    /// (<see cref="Pow(double, double)"/>), ILGPU's in the GPU form; both round once, so both give the same bits
    /// (outside the fast path the GPU form's Math.Pow is ILGPU's own pow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Pow<TFma>(double x, double y) where TFma : IFusedMultiplyAdd
    {
        (double result, double ph) = PowOfPositive<TFma>(x, y);
        // Non-short-circuit &: with &&, each test is a branch on the negated comparison, which ILGPU 1.5.3 turns into
        // the inverse comparison flagged unordered, and its OpenCL C generator drops the flag (RESULTS.md §4), so on
        // OpenCL a NaN x took the fast path and returned a finite number (GpuMathKernelTests, PoCL). Same bits on the CPU.
        bool regular = (x > 0.0) & (x < double.PositiveInfinity) & (ph >= PowLow) & (ph <= PowHigh);
        return regular ? result : PowOffTheFastPath<TFma>(x, y);
    }

    /// <summary>x^y where <see cref="Pow{TFma}(double, double)"/>'s fast path does not hold: a negative finite x with an
    /// integer y is (−1)^y·|x|^y by the fast path's algorithm on |x| (IEEE pow's sign rule: odd y, negative result),
    /// where that is regular; everything else is Math.Pow's. Not inlined, so the fast path's code stays as it was; on
    /// the GPU the second copy of the algorithm is compiled in (a kernel cannot recurse).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double PowOffTheFastPath<TFma>(double x, double y) where TFma : IFusedMultiplyAdd
    {
        // Floor maps to the devices' floor instruction; y·½ is exact, and every |y| ≥ 2^53 is even. (& as above.)
        if ((x < 0.0) & (x > double.NegativeInfinity) & (y == Math.Floor(y)))
        {
            (double magnitude, double ph) = PowOfPositive<TFma>(-x, y);
            if ((ph >= PowLow) & (ph <= PowHigh))
            {
                double half = 0.5 * y;
                return half != Math.Floor(half) ? -magnitude : magnitude;
            }
        }
        return Math.Pow(x, y);
    }

    /// <summary>The fast path's algorithm for x &gt; 0 (any other x gives a meaningless result): x^y and ph, y·ln x's
    /// head, whose range decides whether the result is a normal number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Result, double Ph) PowOfPositive<TFma>(double x, double y) where TFma : IFusedMultiplyAdd
    {
        bool tiny = x < SmallestNormal;
        long bits = BitConverter.DoubleToInt64Bits(tiny ? x * TwoTo52 : x);
        long e = (bits - SqrtHalfBits) >> MantissaBits;
        double m = BitConverter.Int64BitsToDouble(bits - (e << MantissaBits));
        double k = BitConverter.Int64BitsToDouble(e + (tiny ? -52L : 0L) + RoundMagicBits) - RoundMagic;
        double f = m - 1.0;
        // s = f/(2 + f) as sh + sl: 2 + f as dh + dl exactly (Fast2Sum), sh faithful, the remainder by two FMAs.
        double dh = 2.0 + f, dl = f - (dh - 2.0);
        double inv = 1.0 / dh;
        double sh = f * inv;
        double sl = TFma.Fma(-sh, dl, TFma.Fma(-sh, dh, f)) * inv;
        // s² = z + zl and s³ = th + tl.
        double z = sh * sh;
        double zl = TFma.Fma(2.0 * sh, sl, TFma.Fma(sh, sh, -z));
        double th = sh * z;
        double tl = TFma.Fma(sh, zl, TFma.Fma(sl, z, TFma.Fma(sh, z, -th)));
        // P(s²) = 2/3 + s²·Q(s²) as pH + pL, Q by Estrin's scheme.
        double z2 = z * z, z4 = z2 * z2;
        double a0 = TFma.Fma(PowQ1, z, PowQ0), a1 = TFma.Fma(PowQ3, z, PowQ2), a2 = TFma.Fma(PowQ5, z, PowQ4), a3 = TFma.Fma(PowQ7, z, PowQ6);
        double q = TFma.Fma(TFma.Fma(a3, z2, a2), z4, TFma.Fma(a1, z2, a0));
        double w = z * q;
        double wl = TFma.Fma(zl, q, TFma.Fma(z, q, -w));
        double pH = TwoThirds + w;
        double pL = ((TwoThirds - pH) + w) + (TwoThirdsTail + wl);
        // s³·P = t2h + t2l.
        double t2h = th * pH;
        double t2l = TFma.Fma(th, pL, TFma.Fma(tl, pH, TFma.Fma(th, pH, -t2h)));
        // ln x = k·head + 2sh + t2h (two Fast2Sums) + the small terms, renormalized to lh + ll.
        double kh = k * Ln2Head, b = 2.0 * sh;
        double s1 = kh + b, e1 = b - (s1 - kh);
        double s2 = s1 + t2h, e2 = t2h - (s2 - s1);
        double low = (e1 + e2) + (TFma.Fma(k, Ln2Tail, 2.0 * sl) + t2l);
        double lh = s2 + low, ll = low - (lh - s2);
        // y·ln x = ph + pl.
        double ph = y * lh;
        double pl = TFma.Fma(y, ll, TFma.Fma(y, lh, -ph));
        // e^(ph + pl): n = round(ph/ln 2), r = ph − n·ln 2 + pl as rh + rl.
        double shifted = TFma.Fma(ph, InverseLn2, RoundMagic);
        double n = shifted - RoundMagic;
        double ra = TFma.Fma(n, -Ln2Head, ph);
        double rb = TFma.Fma(n, -Ln2Tail, pl);
        double rh = ra + rb, rl = rb - (rh - ra);
        double r2 = rh * rh, r4 = r2 * r2;
        double c0 = TFma.Fma(E1, rh, E0), c1 = TFma.Fma(E3, rh, E2), c2 = TFma.Fma(E5, rh, E4), c3 = TFma.Fma(E7, rh, E6), c4 = TFma.Fma(E9, rh, E8);
        double ep = TFma.Fma(c4, r4 * r4, TFma.Fma(TFma.Fma(c3, r2, c2), r4, TFma.Fma(c1, r2, c0)));
        // e^r ≈ (1 + rh) + (rh²·E(rh) + rl·(1 + rh)), 1 + rh as v + ve exactly (Fast2Sum), rh²'s rounding error kept.
        double v = 1.0 + rh, ve = (1.0 - v) + rh;
        double r2l = TFma.Fma(rh, rh, -r2);
        double er = v + (TFma.Fma(r2, ep, TFma.Fma(r2l, 0.5, TFma.Fma(rl, rh, rl))) + ve);
        long nBits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic);
        double result = er * BitConverter.Int64BitsToDouble((nBits + ExponentBias) << MantissaBits);
        return (result, ph);
    }

    /// <summary>x^y of each lane, bit-identical to <see cref="Pow(double, double)"/> lane by lane: the fast path (x &gt; 0)
    /// in every lane, then the lanes outside it (the compare is false on the fast path) patched with the scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Pow(Vector512<double> x, Vector512<double> y)
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
        Vector512<double> ph = y * lh;
        Vector512<double> pl = Vector512.FusedMultiplyAdd(y, ll, Vector512.FusedMultiplyAdd(y, lh, -ph));
        Vector512<double> shifted = Vector512.FusedMultiplyAdd(ph, Vector512.Create(InverseLn2), magic);
        Vector512<double> n = shifted - magic;
        Vector512<double> ra = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Head), ph);
        Vector512<double> rb = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Tail), pl);
        Vector512<double> rh = ra + rb, rl = rb - (rh - ra);
        Vector512<double> r2 = rh * rh, r4 = r2 * r2;
        Vector512<double> c0 = Vector512.FusedMultiplyAdd(Vector512.Create(E1), rh, Vector512.Create(E0));
        Vector512<double> c1 = Vector512.FusedMultiplyAdd(Vector512.Create(E3), rh, Vector512.Create(E2));
        Vector512<double> c2 = Vector512.FusedMultiplyAdd(Vector512.Create(E5), rh, Vector512.Create(E4));
        Vector512<double> c3 = Vector512.FusedMultiplyAdd(Vector512.Create(E7), rh, Vector512.Create(E6));
        Vector512<double> c4 = Vector512.FusedMultiplyAdd(Vector512.Create(E9), rh, Vector512.Create(E8));
        Vector512<double> ep = Vector512.FusedMultiplyAdd(c4, r4 * r4,
            Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(c3, r2, c2), r4, Vector512.FusedMultiplyAdd(c1, r2, c0)));
        Vector512<double> v = one + rh, ve = (one - v) + rh;
        Vector512<double> r2l = Vector512.FusedMultiplyAdd(rh, rh, -r2);
        Vector512<double> er = v + (Vector512.FusedMultiplyAdd(r2, ep,
            Vector512.FusedMultiplyAdd(r2l, Vector512.Create(0.5), Vector512.FusedMultiplyAdd(rl, rh, rl))) + ve);
        Vector512<long> nBits = shifted.AsInt64() - magic.AsInt64();
        Vector512<double> result = er * Vector512.ShiftLeft(nBits + Vector512.Create(ExponentBias), MantissaBits).AsDouble();
        Vector512<double> regular = Vector512.GreaterThan(x, Vector512<double>.Zero)
            & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity))
            & Vector512.GreaterThanOrEqual(ph, Vector512.Create(PowLow)) & Vector512.LessThanOrEqual(ph, Vector512.Create(PowHigh));
        return Vector512.ExtractMostSignificantBits(regular) == 0xFFul ? result : PowFallback(x, y, result, regular);
    }

    /// <summary><paramref name="fast"/> with the lanes outside the vector fast path (<paramref name="regular"/> clear:
    /// x ≤ 0 among them) replaced by the scalar form's results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> PowFallback(Vector512<double> x, Vector512<double> y, Vector512<double> fast, Vector512<double> regular)
    {
        ulong mask = Vector512.ExtractMostSignificantBits(regular);
        for (int i = 0; i < Vector512<double>.Count; i++)
            if ((mask & (1ul << i)) == 0) fast = fast.WithElement(i, Pow(x.GetElement(i), y.GetElement(i)));
        return fast;
    }

    /// <summary>x^y of each lane, bit-identical to <see cref="Pow(double, double)"/> lane by lane: the fast path (x &gt; 0)
    /// in every lane, then the lanes outside it (the compare is false on the fast path) patched with the scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pow(Vector256<double> x, Vector256<double> y)
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
        Vector256<double> ph = y * lh;
        Vector256<double> pl = Vector256.FusedMultiplyAdd(y, ll, Vector256.FusedMultiplyAdd(y, lh, -ph));
        Vector256<double> shifted = Vector256.FusedMultiplyAdd(ph, Vector256.Create(InverseLn2), magic);
        Vector256<double> n = shifted - magic;
        Vector256<double> ra = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Head), ph);
        Vector256<double> rb = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Tail), pl);
        Vector256<double> rh = ra + rb, rl = rb - (rh - ra);
        Vector256<double> r2 = rh * rh, r4 = r2 * r2;
        Vector256<double> c0 = Vector256.FusedMultiplyAdd(Vector256.Create(E1), rh, Vector256.Create(E0));
        Vector256<double> c1 = Vector256.FusedMultiplyAdd(Vector256.Create(E3), rh, Vector256.Create(E2));
        Vector256<double> c2 = Vector256.FusedMultiplyAdd(Vector256.Create(E5), rh, Vector256.Create(E4));
        Vector256<double> c3 = Vector256.FusedMultiplyAdd(Vector256.Create(E7), rh, Vector256.Create(E6));
        Vector256<double> c4 = Vector256.FusedMultiplyAdd(Vector256.Create(E9), rh, Vector256.Create(E8));
        Vector256<double> ep = Vector256.FusedMultiplyAdd(c4, r4 * r4,
            Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(c3, r2, c2), r4, Vector256.FusedMultiplyAdd(c1, r2, c0)));
        Vector256<double> v = one + rh, ve = (one - v) + rh;
        Vector256<double> r2l = Vector256.FusedMultiplyAdd(rh, rh, -r2);
        Vector256<double> er = v + (Vector256.FusedMultiplyAdd(r2, ep,
            Vector256.FusedMultiplyAdd(r2l, Vector256.Create(0.5), Vector256.FusedMultiplyAdd(rl, rh, rl))) + ve);
        Vector256<long> nBits = shifted.AsInt64() - magic.AsInt64();
        Vector256<double> result = er * Vector256.ShiftLeft(nBits + Vector256.Create(ExponentBias), MantissaBits).AsDouble();
        Vector256<double> regular = Vector256.GreaterThan(x, Vector256<double>.Zero)
            & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity))
            & Vector256.GreaterThanOrEqual(ph, Vector256.Create(PowLow)) & Vector256.LessThanOrEqual(ph, Vector256.Create(PowHigh));
        return Vector256.ExtractMostSignificantBits(regular) == 0xFul ? result : PowFallback(x, y, result, regular);
    }

    /// <summary><paramref name="fast"/> with the lanes outside the vector fast path (<paramref name="regular"/> clear:
    /// x ≤ 0 among them) replaced by the scalar form's results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> PowFallback(Vector256<double> x, Vector256<double> y, Vector256<double> fast, Vector256<double> regular)
    {
        ulong mask = Vector256.ExtractMostSignificantBits(regular);
        for (int i = 0; i < Vector256<double>.Count; i++)
            if ((mask & (1ul << i)) == 0) fast = fast.WithElement(i, Pow(x.GetElement(i), y.GetElement(i)));
        return fast;
    }
}
