using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// ln x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Log</c> and <c>MathF.Log</c> (one argument) in <c>[OdeDynamics]</c> bodies to these, for the reason it
/// lowers Math.Exp (OdeMath.Exp.cs): Math.Log is the C runtime's log, one value at a time, and no vector function
/// rounds like it, so a lane kernel used to call it lane by lane.
/// </summary>
/// <remarks>
/// x = 2^k·m with m in [√½, √2), read from the bits (the exponent of x/√½; subnormals are first scaled by 2^52, and
/// k less 52), f = m − 1 (exact by Sterbenz's lemma), s = f/(2 + f), so that ln m = 2·atanh s = 2s + s·R with
/// R = s²·P(s²), |s| ≤ 3 − 2√2 = 0.1716 (P of degree 7 in s², Chebyshev interpolation of 2(atanh √z/√z − 1)/z on
/// z ≤ 0.02944, rounded to double: its error is 0.005 ulp of the result). 2s is not formed (s is rounded): with
/// h = f²/2, 2s = f − h − s·h exactly, so ln m = f − (h − s·(h + R)), the large term f exact (the classic
/// arrangement). h's own rounding error (one FMA gives it exactly) is folded into the small terms, with k times the
/// tail of ln 2; k·ln 2's 42-bit head is exact for |k| &lt; 2^11 and is added last. The sum of the small terms is
/// one FMA, s·R = (s·s²)·P, so the chain after s² is Estrin's three FMAs, that one and three additions.
/// <para>Measured against Math.Log (glibc's, correctly rounded in practice) over a dense sweep of the whole positive
/// range, subnormals included: at most 1 ulp apart (tests hold it). ln 1 = +0 exactly; ln ±0 = −∞, ln of a negative
/// number (−∞ included) is NaN, ln +∞ = +∞, NaN gives NaN (the same NaN).</para>
/// <para>No table (ILGPU kernels cannot read static arrays), one division. The C runtime's table-driven log has less
/// latency (12.3 against 16.3 ns in a dependent chain, 3.3 against 5.1 ns in throughput; benchmarks/RESULTS.md
/// §46), so the scalar engine of a log-bound system is up to 1.1× slower, and its lanes 2–4× faster. The GPU form is
/// the same algorithm over ILGPU's FMA (<c>AcaKernels.Gpu.Kernels.GpuMath.Log</c>, through
/// <see cref="Log{TFma}(double)"/>).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>ln x, within 1 ulp of <see cref="Math.Log(double)"/>; see the type's remarks.</summary>
    /// <remarks>Not inlined, as <see cref="Exp(double)"/>: a fused step calls it once per stage and use, and with
    /// every copy inlined the scalar engine of a two-log system ran 1.26× slower (forward and forward + ACA).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Log(double x) => Log<SystemFusedMultiplyAdd>(x);

    /// <summary>ln x in float: <see cref="Log(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x) => (float)Log((double)x);

    /// <summary>The scalar algorithm over a fused multiply-add <typeparamref name="TFma"/>: System.Math's on the CPU
    /// (<see cref="Log(double)"/>), ILGPU's in the GPU form; both round once, so both give the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        bool tiny = x < SmallestNormal;
        long bits = BitConverter.DoubleToInt64Bits(tiny ? x * TwoTo52 : x);
        long e = (bits - SqrtHalfBits) >> MantissaBits;
        double m = BitConverter.Int64BitsToDouble(bits - (e << MantissaBits));
        double k = BitConverter.Int64BitsToDouble(e + (tiny ? -52L : 0L) + RoundMagicBits) - RoundMagic;
        double f = m - 1.0;
        double s = f / (2.0 + f);
        double z = s * s, z2 = z * z, z4 = z2 * z2;
        // P(z) by Estrin's scheme.
        double a0 = TFma.Fma(L1, z, L0), a1 = TFma.Fma(L3, z, L2), a2 = TFma.Fma(L5, z, L4), a3 = TFma.Fma(L7, z, L6);
        double p = TFma.Fma(TFma.Fma(a3, z2, a2), z4, TFma.Fma(a1, z2, a0));
        double halfF = 0.5 * f, h = halfF * f;
        // k·tail less h's rounding error (f²/2 − h, exact), plus s·h: all that the chain after P adds to s·R.
        double small = TFma.Fma(s, h, TFma.Fma(k, Ln2Tail, -TFma.Fma(halfF, f, -h)));
        double t = TFma.Fma(s * z, p, small);
        // k·head + f − h as hi2 + (two exact errors) by two Fast2Sums (each first term the larger), then + t.
        double kh = k * Ln2Head, hi = kh + f, hi2 = hi - h;
        double errors = (f - (hi - kh)) + ((hi - hi2) - h);
        double y = hi2 + (errors + t);
        return x > 0.0 && x < double.PositiveInfinity ? y : x == 0.0 ? double.NegativeInfinity : x < 0.0 ? double.NaN : x;
    }

    /// <summary>ln x of each lane, bit-identical to <see cref="Log(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        Vector512<double> tiny = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        Vector512<long> bits = Vector512.ConditionalSelect(tiny, x * Vector512.Create(TwoTo52), x).AsInt64();
        Vector512<long> e = Vector512.ShiftRightArithmetic(bits - Vector512.Create(SqrtHalfBits), MantissaBits);
        Vector512<double> m = (bits - Vector512.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector512<long> kBits = e + (tiny.AsInt64() & Vector512.Create(-52L)) + Vector512.Create(RoundMagicBits);
        Vector512<double> k = kBits.AsDouble() - Vector512.Create(RoundMagic);
        Vector512<double> f = m - Vector512<double>.One;
        Vector512<double> s = f / (Vector512.Create(2.0) + f);
        Vector512<double> z = s * s, z2 = z * z, z4 = z2 * z2;
        Vector512<double> a0 = Vector512.FusedMultiplyAdd(Vector512.Create(L1), z, Vector512.Create(L0));
        Vector512<double> a1 = Vector512.FusedMultiplyAdd(Vector512.Create(L3), z, Vector512.Create(L2));
        Vector512<double> a2 = Vector512.FusedMultiplyAdd(Vector512.Create(L5), z, Vector512.Create(L4));
        Vector512<double> a3 = Vector512.FusedMultiplyAdd(Vector512.Create(L7), z, Vector512.Create(L6));
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(a3, z2, a2), z4, Vector512.FusedMultiplyAdd(a1, z2, a0));
        Vector512<double> halfF = Vector512.Create(0.5) * f, h = halfF * f;
        Vector512<double> small = Vector512.FusedMultiplyAdd(s, h,
            Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Tail), -Vector512.FusedMultiplyAdd(halfF, f, -h)));
        Vector512<double> t = Vector512.FusedMultiplyAdd(s * z, p, small);
        Vector512<double> kh = k * Vector512.Create(Ln2Head), hi = kh + f, hi2 = hi - h;
        Vector512<double> errors = (f - (hi - kh)) + ((hi - hi2) - h);
        Vector512<double> y = hi2 + (errors + t);
        Vector512<double> special = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero),
            Vector512.Create(double.NegativeInfinity),
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), Vector512.Create(double.NaN), x));
        Vector512<double> regular = Vector512.GreaterThan(x, Vector512<double>.Zero)
            & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity));
        return Vector512.ConditionalSelect(regular, y, special);
    }

    /// <summary>ln x of each lane, bit-identical to <see cref="Log(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        Vector256<double> tiny = Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        Vector256<long> bits = Vector256.ConditionalSelect(tiny, x * Vector256.Create(TwoTo52), x).AsInt64();
        Vector256<long> e = Vector256.ShiftRightArithmetic(bits - Vector256.Create(SqrtHalfBits), MantissaBits);
        Vector256<double> m = (bits - Vector256.ShiftLeft(e, MantissaBits)).AsDouble();
        Vector256<long> kBits = e + (tiny.AsInt64() & Vector256.Create(-52L)) + Vector256.Create(RoundMagicBits);
        Vector256<double> k = kBits.AsDouble() - Vector256.Create(RoundMagic);
        Vector256<double> f = m - Vector256<double>.One;
        Vector256<double> s = f / (Vector256.Create(2.0) + f);
        Vector256<double> z = s * s, z2 = z * z, z4 = z2 * z2;
        Vector256<double> a0 = Vector256.FusedMultiplyAdd(Vector256.Create(L1), z, Vector256.Create(L0));
        Vector256<double> a1 = Vector256.FusedMultiplyAdd(Vector256.Create(L3), z, Vector256.Create(L2));
        Vector256<double> a2 = Vector256.FusedMultiplyAdd(Vector256.Create(L5), z, Vector256.Create(L4));
        Vector256<double> a3 = Vector256.FusedMultiplyAdd(Vector256.Create(L7), z, Vector256.Create(L6));
        Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(a3, z2, a2), z4, Vector256.FusedMultiplyAdd(a1, z2, a0));
        Vector256<double> halfF = Vector256.Create(0.5) * f, h = halfF * f;
        Vector256<double> small = Vector256.FusedMultiplyAdd(s, h,
            Vector256.FusedMultiplyAdd(k, Vector256.Create(Ln2Tail), -Vector256.FusedMultiplyAdd(halfF, f, -h)));
        Vector256<double> t = Vector256.FusedMultiplyAdd(s * z, p, small);
        Vector256<double> kh = k * Vector256.Create(Ln2Head), hi = kh + f, hi2 = hi - h;
        Vector256<double> errors = (f - (hi - kh)) + ((hi - hi2) - h);
        Vector256<double> y = hi2 + (errors + t);
        Vector256<double> special = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero),
            Vector256.Create(double.NegativeInfinity),
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), Vector256.Create(double.NaN), x));
        Vector256<double> regular = Vector256.GreaterThan(x, Vector256<double>.Zero)
            & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
        return Vector256.ConditionalSelect(regular, y, special);
    }
}
