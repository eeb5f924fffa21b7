using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// atan x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Atan</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, for the reason it lowers Sin and Cos
/// (OdeMath.SinCos.cs): the C runtime's atan takes one value at a time, so a lane kernel called it lane by lane.
/// </summary>
/// <remarks>
/// fdlibm's argument reduction, written so that it vectorises: with a = |x|, four compares against fdlibm's
/// breakpoints 7/16, 11/16, 19/16 and 39/16 pick a range, and the reduced argument is ONE division t = n/d whose
/// numerator and denominator are picked per range:
/// <list type="bullet">
/// <item>a &lt; 7/16: t = a/1 = a, atan a = t − t·z·P(z);</item>
/// <item>7/16 ≤ a &lt; 11/16: t = (2a − 1)/(2 + a), atan a = atan ½ + atan t;</item>
/// <item>11/16 ≤ a &lt; 19/16: t = (a − 1)/(a + 1), atan a = atan 1 + atan t;</item>
/// <item>19/16 ≤ a &lt; 39/16: t = (a − 1.5)/(1 + 1.5a), atan a = atan 1.5 + atan t (1 + 1.5a rounded once, by an FMA);</item>
/// <item>a ≥ 39/16: t = −1/a, atan a = π/2 + atan t.</item>
/// </list>
/// The numerators are exact (Sterbenz), so t carries two roundings at most, and |t| ≤ 7/16 in every range. Then
/// atan a = hi + (t − (t·z·P(z) − lo)) with z = t², hi + lo the range's constant atan ½, atan 1, atan 1.5 or π/2 as a
/// double-double (0 + 0 in the first range), picked by the same compares rather than read from a table (ILGPU kernels
/// cannot read static arrays), and P the degree-10 minimax polynomial published with fdlibm (s_atan.c, coefficients
/// aT[0..10] as numbers), evaluated as its even and odd halves in z² by FMAs. The hi + lo constants are atan's values
/// rounded to double and the rounded rest (checked in 300-bit arithmetic; they equal fdlibm's atanhi/atanlo). The
/// sign of x is put back by a bit xor, so atan is odd bit for bit and atan(−0) = −0; a tiny or subnormal a gives
/// t·z·P ≪ ½ ulp of a, so exactly a.
/// <para>Measured against 200-bit atan at 30 000 points (most of them where it differs from Math.Atan): at most
/// 0.84 ulp, the worst just above a breakpoint, where |t| is largest. Against Math.Atan (glibc's, at most 0.52 ulp
/// from the exact atan at those points) over dense sweeps of [−8, 8], every magnitude of either sign and the bit
/// neighbourhoods of the breakpoints: at most 1 ulp apart (tests hold it; 5–9 % of the results in [−4, 4] differ, by
/// that 1 ulp).</para>
/// <para>For ±∞ and NaN the scalar form returns Math.Atan (±π/2 rounded, NaN); the vector forms compute every lane,
/// and where a lane needs the fallback (a compare over the vector, false on the fast path) they patch those lanes
/// with Math.Atan, so each form gives the same bits everywhere. The FMAs go through <see cref="IFusedMultiplyAdd"/>,
/// so the GPU form (<c>AcaKernels.Gpu.Kernels.GpuMath.Atan</c>) runs the same algorithm over ILGPU's FMA.</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>atan x, within 1 ulp of <see cref="Math.Atan"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Atan(double x) => Atan<SystemFusedMultiplyAdd>(x);

    /// <summary>atan x in float: <see cref="Atan(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Atan(float x) => (float)Atan((double)x);

    /// <summary>The scalar atan over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Atan(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Atan<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (!(a <= double.MaxValue)) return Math.Atan(x);
        double n, d, hi, lo;
        // The range by a branch (the vector forms compute every numerator and denominator and select): an argument's
        // range mostly repeats from step to step.
        if (a < AtanBreak1) (n, d, hi, lo) = (a, 1.0, 0.0, 0.0);
        else if (a < AtanBreak2) (n, d, hi, lo) = (2.0 * a - 1.0, 2.0 + a, AtanHalfHi, AtanHalfLo);
        else if (a < AtanBreak3) (n, d, hi, lo) = (a - 1.0, a + 1.0, AtanOneHi, AtanOneLo);
        else if (a < AtanBreak4) (n, d, hi, lo) = (a - 1.5, TFma.Fma(1.5, a, 1.0), AtanThreeHalvesHi, AtanThreeHalvesLo);
        else (n, d, hi, lo) = (-1.0, a, PiOver2A, PiOver2B);
        double y = AtanOfReduced<TFma>(n / d, hi, lo);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    /// <summary>atan x of each lane, bit-identical to <see cref="Atan(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Atan(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> in1 = Vector512.GreaterThanOrEqual(a, Vector512.Create(AtanBreak1));
        Vector512<double> in2 = Vector512.GreaterThanOrEqual(a, Vector512.Create(AtanBreak2));
        Vector512<double> in3 = Vector512.GreaterThanOrEqual(a, Vector512.Create(AtanBreak3));
        Vector512<double> in4 = Vector512.GreaterThanOrEqual(a, Vector512.Create(AtanBreak4));
        Vector512<double> n = Vector512.ConditionalSelect(in4, -one, Vector512.ConditionalSelect(in3, a - Vector512.Create(1.5),
            Vector512.ConditionalSelect(in2, a - one, Vector512.ConditionalSelect(in1, Vector512.Create(2.0) * a - one, a))));
        Vector512<double> d = Vector512.ConditionalSelect(in4, a,
            Vector512.ConditionalSelect(in3, Vector512.FusedMultiplyAdd(Vector512.Create(1.5), a, one),
                Vector512.ConditionalSelect(in2, a + one, Vector512.ConditionalSelect(in1, Vector512.Create(2.0) + a, one))));
        Vector512<double> hi = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2A),
            Vector512.ConditionalSelect(in3, Vector512.Create(AtanThreeHalvesHi), Vector512.ConditionalSelect(in2, Vector512.Create(AtanOneHi),
                Vector512.ConditionalSelect(in1, Vector512.Create(AtanHalfHi), Vector512<double>.Zero))));
        Vector512<double> lo = Vector512.ConditionalSelect(in4, Vector512.Create(PiOver2B),
            Vector512.ConditionalSelect(in3, Vector512.Create(AtanThreeHalvesLo), Vector512.ConditionalSelect(in2, Vector512.Create(AtanOneLo),
                Vector512.ConditionalSelect(in1, Vector512.Create(AtanHalfLo), Vector512<double>.Zero))));
        Vector512<double> y = AtanOfReduced(n / d, hi, lo);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        return Vector512.LessThanOrEqualAll(a, Vector512.Create(double.MaxValue)) ? y : AtanFallback(x, y);
    }

    /// <summary><paramref name="fast"/> with the ±∞ and NaN lanes replaced by Math.Atan, as the scalar form returns
    /// there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> AtanFallback(Vector512<double> x, Vector512<double> fast)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= double.MaxValue)) fast = fast.WithElement(i, Math.Atan(xi));
        }
        return fast;
    }

    /// <summary>atan x of each lane, bit-identical to <see cref="Atan(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Atan(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> in1 = Vector256.GreaterThanOrEqual(a, Vector256.Create(AtanBreak1));
        Vector256<double> in2 = Vector256.GreaterThanOrEqual(a, Vector256.Create(AtanBreak2));
        Vector256<double> in3 = Vector256.GreaterThanOrEqual(a, Vector256.Create(AtanBreak3));
        Vector256<double> in4 = Vector256.GreaterThanOrEqual(a, Vector256.Create(AtanBreak4));
        Vector256<double> n = Vector256.ConditionalSelect(in4, -one, Vector256.ConditionalSelect(in3, a - Vector256.Create(1.5),
            Vector256.ConditionalSelect(in2, a - one, Vector256.ConditionalSelect(in1, Vector256.Create(2.0) * a - one, a))));
        Vector256<double> d = Vector256.ConditionalSelect(in4, a,
            Vector256.ConditionalSelect(in3, Vector256.FusedMultiplyAdd(Vector256.Create(1.5), a, one),
                Vector256.ConditionalSelect(in2, a + one, Vector256.ConditionalSelect(in1, Vector256.Create(2.0) + a, one))));
        Vector256<double> hi = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2A),
            Vector256.ConditionalSelect(in3, Vector256.Create(AtanThreeHalvesHi), Vector256.ConditionalSelect(in2, Vector256.Create(AtanOneHi),
                Vector256.ConditionalSelect(in1, Vector256.Create(AtanHalfHi), Vector256<double>.Zero))));
        Vector256<double> lo = Vector256.ConditionalSelect(in4, Vector256.Create(PiOver2B),
            Vector256.ConditionalSelect(in3, Vector256.Create(AtanThreeHalvesLo), Vector256.ConditionalSelect(in2, Vector256.Create(AtanOneLo),
                Vector256.ConditionalSelect(in1, Vector256.Create(AtanHalfLo), Vector256<double>.Zero))));
        Vector256<double> y = AtanOfReduced(n / d, hi, lo);
        y = (y.AsInt64() ^ (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        return Vector256.LessThanOrEqualAll(a, Vector256.Create(double.MaxValue)) ? y : AtanFallback(x, y);
    }

    /// <summary><paramref name="fast"/> with the ±∞ and NaN lanes replaced by Math.Atan, as the scalar form returns
    /// there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> AtanFallback(Vector256<double> x, Vector256<double> fast)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= double.MaxValue)) fast = fast.WithElement(i, Math.Atan(xi));
        }
        return fast;
    }
}
