using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// atan2(y, x), the angle of the vector (x, y), in the three forms (scalar, Vector256, Vector512), bit-identical lane
/// by lane. The generator lowers <c>Math.Atan2</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, for the
/// reason it lowers Atan (OdeMath.Atan.cs): the C runtime's atan2 takes one pair at a time.
/// </summary>
/// <remarks>
/// Atan's reduction (OdeMath.Atan.cs) applied to a = |y|/|x| without forming a: with ax = |x|, ay = |y|, four compares
/// ay ≥ c·ax against the breakpoints c = 7/16, 11/16, 19/16, 39/16 pick a range, and t = n/d with
/// <list type="bullet">
/// <item>ay &lt; 7/16·ax: t = ay/ax, constant 0;</item>
/// <item>then t = (2ay − ax)/(2ax + ay), constant atan ½; t = (ay − ax)/(ay + ax), constant atan 1;</item>
/// <item>t = (ay − 1.5ax)/(ax + 1.5ay) (each an FMA), constant atan 1.5; beyond 39/16: t = −ax/ay, constant π/2.</item>
/// </list>
/// so atan(ay/ax) is never rounded on the way. The numerators of the middle ranges are exact (Sterbenz), and the first
/// and last ranges divide the inputs themselves; as the quotient t carries the largest share of the error where |t| is
/// largest (those two ranges), the division's own rounding is corrected: δ = fma(−t, d, n)/d (the remainder is exact),
/// and atan(t + δ) ≈ atan t + δ(1 − t²) is folded into the constant's low part. For x &lt; 0 the angle is
/// π − atan(ay/ax): the numerator is negated (t → −t, δ → −δ) and the constant is π − c as a double-double (π, π − atan ½,
/// 3π/4, π − atan 1.5, π/2), so no ulp is lost on the subtraction. Atan's kernel (<see cref="AtanOfReduced{TFma}"/>,
/// fdlibm's polynomial) then gives hi + (t − (t·z·P(z) − lo)) in [0, π], and the sign of y is put back by a bit xor:
/// atan2(−y, x) = −atan2(y, x) bit for bit, atan2(±0, x &gt; 0) = ±0 and atan2(±0, x &lt; 0) = ±π.
/// <para>The fast path needs the larger of ax, ay in [2^−1000, 2^1000] (so the sums and the compares' products stay
/// finite and normal; the smaller may be anything down to 0, the quotient of the first and last ranges then rounds as
/// the true angle does). Elsewhere (both zero, ±∞, NaN, magnitudes beyond) the scalar form returns Math.Atan2, which
/// has IEEE's special cases; the vector forms compute every lane and patch the lanes off the fast path with
/// Math.Atan2, so each form gives the same bits everywhere.</para>
/// <para>Measured against 300-bit atan2 (mpmath) at 19 000 points, most of them where it differs from Math.Atan2: at
/// most 0.77 ulp (glibc's at most 0.52 there). Against Math.Atan2 (glibc's) over 1.1 million fixed-seed points (angles
/// all round the circle at radii 10^±20, uniform squares, each coordinate of any magnitude and sign, the breakpoints'
/// bit neighbourhoods in every quadrant, the fast path's ends): at most 1 ulp apart (tests hold it; about 2 % of the
/// results differ, by that 1 ulp).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>atan2(y, x), within 1 ulp of <see cref="Math.Atan2"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Atan2(double y, double x) => Atan2<SystemFusedMultiplyAdd>(y, x);

    /// <summary>atan2(y, x) in float: <see cref="Atan2(double, double)"/> of y and x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Atan2(float y, float x) => (float)Atan2((double)y, (double)x);

    /// <summary>The scalar atan2 over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Atan2(double, double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Atan2<TFma>(double y, double x) where TFma : IFusedMultiplyAdd
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        if (!(ax <= Atan2Large && ay <= Atan2Large && (ax >= Atan2Small || ay >= Atan2Small))) return Math.Atan2(y, x);
        // The range by a branch (the vector forms compute every range's numerator, denominator and constants and
        // select); hiLeft + loLeft is π minus the range's constant hi + lo.
        double n, d, hi, lo, hiLeft, loLeft;
        if (ay < AtanBreak1 * ax) (n, d, hi, lo, hiLeft, loLeft) = (ay, ax, 0.0, 0.0, PiHi, PiLo);
        else if (ay < AtanBreak2 * ax)
            (n, d, hi, lo, hiLeft, loLeft) = (2.0 * ay - ax, 2.0 * ax + ay, AtanHalfHi, AtanHalfLo, PiMinusAtanHalfHi, PiMinusAtanHalfLo);
        else if (ay < AtanBreak3 * ax)
            (n, d, hi, lo, hiLeft, loLeft) = (ay - ax, ay + ax, AtanOneHi, AtanOneLo, ThreeQuartersPiHi, ThreeQuartersPiLo);
        else if (ay < AtanBreak4 * ax)
            (n, d, hi, lo, hiLeft, loLeft) = (TFma.Fma(-1.5, ax, ay), TFma.Fma(1.5, ay, ax), AtanThreeHalvesHi, AtanThreeHalvesLo,
                PiMinusAtanThreeHalvesHi, PiMinusAtanThreeHalvesLo);
        else (n, d, hi, lo, hiLeft, loLeft) = (-ax, ay, PiOver2A, PiOver2B, PiOver2A, PiOver2B);
        if (x < 0.0) (n, hi, lo) = (-n, hiLeft, loLeft);
        double t = n / d;
        double delta = TFma.Fma(-t, d, n) / d;
        double angle = AtanOfReduced<TFma>(t, hi, lo + TFma.Fma(-(t * t), delta, delta));
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(angle) ^ (BitConverter.DoubleToInt64Bits(y) & SignBit));
    }

    /// <summary>atan2(y, x) of each lane, bit-identical to <see cref="Atan2(double, double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Atan2(Vector512<double> y, Vector512<double> x)
    {
        Vector512<double> ax = Vector512.Abs(x), ay = Vector512.Abs(y);
        Vector512<double> in1 = Vector512.GreaterThanOrEqual(ay, Vector512.Create(AtanBreak1) * ax);
        Vector512<double> in2 = Vector512.GreaterThanOrEqual(ay, Vector512.Create(AtanBreak2) * ax);
        Vector512<double> in3 = Vector512.GreaterThanOrEqual(ay, Vector512.Create(AtanBreak3) * ax);
        Vector512<double> in4 = Vector512.GreaterThanOrEqual(ay, Vector512.Create(AtanBreak4) * ax);
        Vector512<double> left = Vector512.LessThan(x, Vector512<double>.Zero);
        Vector512<double> n = Vector512.ConditionalSelect(in4, -ax, Vector512.ConditionalSelect(in3, Vector512.FusedMultiplyAdd(Vector512.Create(-1.5), ax, ay),
            Vector512.ConditionalSelect(in2, ay - ax, Vector512.ConditionalSelect(in1, Vector512.Create(2.0) * ay - ax, ay))));
        Vector512<double> d = Vector512.ConditionalSelect(in4, ay, Vector512.ConditionalSelect(in3, Vector512.FusedMultiplyAdd(Vector512.Create(1.5), ay, ax),
            Vector512.ConditionalSelect(in2, ay + ax, Vector512.ConditionalSelect(in1, Vector512.Create(2.0) * ax + ay, ax))));
        Vector512<double> hiRight = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2A),
            Vector512.ConditionalSelect(in3, Vector512.Create(AtanThreeHalvesHi), Vector512.ConditionalSelect(in2, Vector512.Create(AtanOneHi),
                Vector512.ConditionalSelect(in1, Vector512.Create(AtanHalfHi), Vector512<double>.Zero))));
        Vector512<double> loRight = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2B),
            Vector512.ConditionalSelect(in3, Vector512.Create(AtanThreeHalvesLo), Vector512.ConditionalSelect(in2, Vector512.Create(AtanOneLo),
                Vector512.ConditionalSelect(in1, Vector512.Create(AtanHalfLo), Vector512<double>.Zero))));
        Vector512<double> hiLeft = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2A),
            Vector512.ConditionalSelect(in3, Vector512.Create(PiMinusAtanThreeHalvesHi), Vector512.ConditionalSelect(in2, Vector512.Create(ThreeQuartersPiHi),
                Vector512.ConditionalSelect(in1, Vector512.Create(PiMinusAtanHalfHi), Vector512.Create(PiHi)))));
        Vector512<double> loLeft = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2B),
            Vector512.ConditionalSelect(in3, Vector512.Create(PiMinusAtanThreeHalvesLo), Vector512.ConditionalSelect(in2, Vector512.Create(ThreeQuartersPiLo),
                Vector512.ConditionalSelect(in1, Vector512.Create(PiMinusAtanHalfLo), Vector512.Create(PiLo)))));
        n = Vector512.ConditionalSelect(left, -n, n);
        Vector512<double> hi = Vector512.ConditionalSelect(left, hiLeft, hiRight), lo = Vector512.ConditionalSelect(left, loLeft, loRight);
        Vector512<double> t = n / d;
        Vector512<double> delta = Vector512.FusedMultiplyAdd(-t, d, n) / d;
        Vector512<double> angle = AtanOfReduced(t, hi, lo + Vector512.FusedMultiplyAdd(-(t * t), delta, delta));
        angle = (angle.AsInt64() ^ (y.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        Vector512<double> large = Vector512.Create(Atan2Large), small = Vector512.Create(Atan2Small);
        Vector512<double> fast = Vector512.LessThanOrEqual(ax, large) & Vector512.LessThanOrEqual(ay, large)
            & (Vector512.GreaterThanOrEqual(ax, small) | Vector512.GreaterThanOrEqual(ay, small));
        return Vector512.EqualsAll(fast.AsInt64(), Vector512<long>.AllBitsSet) ? angle : Atan2Fallback(y, x, angle);
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path (both zero, ±∞, NaN, magnitudes beyond
    /// 2^±1000) replaced by Math.Atan2, as the scalar form returns there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Atan2Fallback(Vector512<double> y, Vector512<double> x, Vector512<double> fast)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double ax = Math.Abs(x.GetElement(i)), ay = Math.Abs(y.GetElement(i));
            if (!(ax <= Atan2Large && ay <= Atan2Large && (ax >= Atan2Small || ay >= Atan2Small)))
                fast = fast.WithElement(i, Math.Atan2(y.GetElement(i), x.GetElement(i)));
        }
        return fast;
    }

    /// <summary>atan2(y, x) of each lane, bit-identical to <see cref="Atan2(double, double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Atan2(Vector256<double> y, Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x), ay = Vector256.Abs(y);
        Vector256<double> in1 = Vector256.GreaterThanOrEqual(ay, Vector256.Create(AtanBreak1) * ax);
        Vector256<double> in2 = Vector256.GreaterThanOrEqual(ay, Vector256.Create(AtanBreak2) * ax);
        Vector256<double> in3 = Vector256.GreaterThanOrEqual(ay, Vector256.Create(AtanBreak3) * ax);
        Vector256<double> in4 = Vector256.GreaterThanOrEqual(ay, Vector256.Create(AtanBreak4) * ax);
        Vector256<double> left = Vector256.LessThan(x, Vector256<double>.Zero);
        Vector256<double> n = Vector256.ConditionalSelect(in4, -ax, Vector256.ConditionalSelect(in3, Vector256.FusedMultiplyAdd(Vector256.Create(-1.5), ax, ay),
            Vector256.ConditionalSelect(in2, ay - ax, Vector256.ConditionalSelect(in1, Vector256.Create(2.0) * ay - ax, ay))));
        Vector256<double> d = Vector256.ConditionalSelect(in4, ay, Vector256.ConditionalSelect(in3, Vector256.FusedMultiplyAdd(Vector256.Create(1.5), ay, ax),
            Vector256.ConditionalSelect(in2, ay + ax, Vector256.ConditionalSelect(in1, Vector256.Create(2.0) * ax + ay, ax))));
        Vector256<double> hiRight = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2A),
            Vector256.ConditionalSelect(in3, Vector256.Create(AtanThreeHalvesHi), Vector256.ConditionalSelect(in2, Vector256.Create(AtanOneHi),
                Vector256.ConditionalSelect(in1, Vector256.Create(AtanHalfHi), Vector256<double>.Zero))));
        Vector256<double> loRight = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2B),
            Vector256.ConditionalSelect(in3, Vector256.Create(AtanThreeHalvesLo), Vector256.ConditionalSelect(in2, Vector256.Create(AtanOneLo),
                Vector256.ConditionalSelect(in1, Vector256.Create(AtanHalfLo), Vector256<double>.Zero))));
        Vector256<double> hiLeft = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2A),
            Vector256.ConditionalSelect(in3, Vector256.Create(PiMinusAtanThreeHalvesHi), Vector256.ConditionalSelect(in2, Vector256.Create(ThreeQuartersPiHi),
                Vector256.ConditionalSelect(in1, Vector256.Create(PiMinusAtanHalfHi), Vector256.Create(PiHi)))));
        Vector256<double> loLeft = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2B),
            Vector256.ConditionalSelect(in3, Vector256.Create(PiMinusAtanThreeHalvesLo), Vector256.ConditionalSelect(in2, Vector256.Create(ThreeQuartersPiLo),
                Vector256.ConditionalSelect(in1, Vector256.Create(PiMinusAtanHalfLo), Vector256.Create(PiLo)))));
        n = Vector256.ConditionalSelect(left, -n, n);
        Vector256<double> hi = Vector256.ConditionalSelect(left, hiLeft, hiRight), lo = Vector256.ConditionalSelect(left, loLeft, loRight);
        Vector256<double> t = n / d;
        Vector256<double> delta = Vector256.FusedMultiplyAdd(-t, d, n) / d;
        Vector256<double> angle = AtanOfReduced(t, hi, lo + Vector256.FusedMultiplyAdd(-(t * t), delta, delta));
        angle = (angle.AsInt64() ^ (y.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        Vector256<double> large = Vector256.Create(Atan2Large), small = Vector256.Create(Atan2Small);
        Vector256<double> fast = Vector256.LessThanOrEqual(ax, large) & Vector256.LessThanOrEqual(ay, large)
            & (Vector256.GreaterThanOrEqual(ax, small) | Vector256.GreaterThanOrEqual(ay, small));
        return Vector256.EqualsAll(fast.AsInt64(), Vector256<long>.AllBitsSet) ? angle : Atan2Fallback(y, x, angle);
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path (both zero, ±∞, NaN, magnitudes beyond
    /// 2^±1000) replaced by Math.Atan2, as the scalar form returns there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> Atan2Fallback(Vector256<double> y, Vector256<double> x, Vector256<double> fast)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double ax = Math.Abs(x.GetElement(i)), ay = Math.Abs(y.GetElement(i));
            if (!(ax <= Atan2Large && ay <= Atan2Large && (ax >= Atan2Small || ay >= Atan2Small)))
                fast = fast.WithElement(i, Math.Atan2(y.GetElement(i), x.GetElement(i)));
        }
        return fast;
    }
}
