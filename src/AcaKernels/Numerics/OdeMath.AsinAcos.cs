using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// asin x and acos x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Asin</c> and <c>Math.Acos</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, for the reason it
/// lowers Atan (OdeMath.Atan.cs): the C runtime's functions take one value at a time.
/// </summary>
/// <remarks>
/// fdlibm's scheme (e_asin.c, e_acos.c) with FMAs. With a = |x| and u = a² (a &lt; ½) or u = (1 − a)/2 (a ≥ ½, exact by
/// Sterbenz), r = P(u)/Q(u) is fdlibm's rational approximation of asin √u/√u − 1 on u ≤ ¼ (its published pS/qS
/// coefficients as numbers, evaluated by FMAs; one division). Then
/// <list type="bullet">
/// <item>a &lt; ½: asin a = a + a·r, one FMA; acos x = π/2 − x − x·r, with π/2 − x split exactly (Fast2Sum) so only
/// the last addition rounds at the result's scale;</item>
/// <item>a ≥ ½, s = √u, with its rounding error s_lo = (u − s²)/(2s) (the FMA gives u − s² exactly):
/// asin a = π/2 − 2(s + s_lo + s·r), summed as π/4 + ((π/4 − 2s) − e) while 2s ≥ π/8 (a &lt; 59/64: the difference is
/// then exact, Sterbenz) and as π/2 − (2s + e) nearer 1, where 2s is small beside π/2 (e = 2(s·r + s_lo) − the low
/// part of π/2); acos x = 2(s + (s·r + s_lo)) for x ≥ ½ and π − (2s + (2(s·r + s_lo) − the low part of π)) for
/// x ≤ −½, u = (1 − |x|)/2 either way.</item>
/// </list>
/// asin takes the sign of x back by a bit xor: asin is odd bit for bit and asin(±0) = ±0. The fast path is |x| &lt; 1;
/// for |x| ≥ 1 (±1 included: asin ±1 = ±π/2 rounded, acos 1 = +0, acos −1 = π rounded) and NaN the scalar form returns
/// Math.Asin / Math.Acos (NaN beyond ±1); the vector forms compute every lane and patch those lanes with the same
/// functions, so each form gives the same bits everywhere. The FMAs go through <see cref="IFusedMultiplyAdd"/>, so the
/// GPU forms (<c>AcaKernels.Gpu.Kernels.GpuMath.Asin</c>, <c>.Acos</c>) run the same algorithm over ILGPU's FMA.
/// <para>Measured against 300-bit asin and acos (mpmath) at 17 000 and 18 500 points, most of them where they differ
/// from Math's: at most 0.80 ulp (asin) and 0.77 ulp (acos), the worst just above |x| = ½ (glibc's at most 0.52
/// there). Against Math.Asin and Math.Acos (glibc's) over 2.7 million fixed-seed points (a dense grid of [−1, 1], every
/// magnitude of either sign, 1 − 2^−k up to k = 53 of either sign, the bit neighbourhoods of 0, ±½, ±59/64 and ±1): at
/// most 1 ulp apart (tests hold it; 4 % of asin's results and 3 % of acos's differ, by that 1 ulp).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>asin x, within 1 ulp of <see cref="Math.Asin"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Asin(double x) => Asin<SystemFusedMultiplyAdd>(x);

    /// <summary>asin x in float: <see cref="Asin(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Asin(float x) => (float)Asin((double)x);

    /// <summary>acos x, within 1 ulp of <see cref="Math.Acos"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Acos(double x) => Acos<SystemFusedMultiplyAdd>(x);

    /// <summary>acos x in float: <see cref="Acos(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Acos(float x) => (float)Acos((double)x);

    /// <summary>The scalar asin over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Asin(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Asin<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (!(a < 1.0)) return Math.Asin(x);
        double y;
        if (a < AsinSwitch) y = TFma.Fma(a, AsinRational<TFma>(a * a), a);
        else
        {
            double u = (1.0 - a) * 0.5, r = AsinRational<TFma>(u), s = Math.Sqrt(u);
            double sLo = TFma.Fma(-s, s, u) / (2.0 * s);
            double e = 2.0 * TFma.Fma(s, r, sLo) - PiOver2B;
            y = a < AsinNearOne ? PiOver4Hi + ((PiOver4Hi - 2.0 * s) - e) : PiOver2A - (2.0 * s + e);
        }
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ (BitConverter.DoubleToInt64Bits(x) & SignBit));
    }

    /// <summary>The scalar acos over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Acos(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Acos<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (!(a < 1.0)) return Math.Acos(x);
        if (a < AsinSwitch)
        {
            double rSmall = AsinRational<TFma>(a * a);
            double h = PiOver2A - x, hLo = SplitDifference<TFma>(PiOver2A, h) - x;
            return h + (hLo - TFma.Fma(x, rSmall, -PiOver2B));
        }
        double u = (1.0 - a) * 0.5, r = AsinRational<TFma>(u), s = Math.Sqrt(u);
        double sLo = TFma.Fma(-s, s, u) / (2.0 * s);
        double tail = TFma.Fma(s, r, sLo);
        return x > 0.0 ? 2.0 * (s + tail) : PiHi - (2.0 * s + (2.0 * tail - PiLo));
    }

    /// <summary>fdlibm's P(u)/Q(u) ≈ asin √u/√u − 1 on u ≤ ¼, by FMAs (Horner).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AsinRational<TFma>(double u) where TFma : IFusedMultiplyAdd
    {
        double p = u * TFma.Fma(u, TFma.Fma(u, TFma.Fma(u, TFma.Fma(u, TFma.Fma(u, AsinP5, AsinP4), AsinP3), AsinP2), AsinP1), AsinP0);
        double q = TFma.Fma(u, TFma.Fma(u, TFma.Fma(u, TFma.Fma(u, AsinQ4, AsinQ3), AsinQ2), AsinQ1), 1.0);
        return p / q;
    }

    /// <summary>asin x of each lane, bit-identical to <see cref="Asin(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Asin(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x), one = Vector512<double>.One, two = Vector512.Create(2.0);
        Vector512<double> small = Vector512.LessThan(a, Vector512.Create(AsinSwitch));
        Vector512<double> u = Vector512.ConditionalSelect(small, a * a, (one - a) * Vector512.Create(0.5));
        Vector512<double> r = AsinRational(u), s = Vector512.Sqrt(u);
        Vector512<double> sLo = Vector512.FusedMultiplyAdd(-s, s, u) / (two * s);
        Vector512<double> e = two * Vector512.FusedMultiplyAdd(s, r, sLo) - Vector512.Create(PiOver2B);
        Vector512<double> quarter = Vector512.Create(PiOver4Hi);
        Vector512<double> y = Vector512.ConditionalSelect(small, Vector512.FusedMultiplyAdd(a, r, a),
            Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(AsinNearOne)), quarter + ((quarter - two * s) - e),
                Vector512.Create(PiOver2A) - (two * s + e)));
        y = (y.AsInt64() ^ (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
        return Vector512.LessThanAll(a, one) ? y : AsinAcosFallback(x, y, acos: false);
    }

    /// <summary>acos x of each lane, bit-identical to <see cref="Acos(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Acos(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x), one = Vector512<double>.One, two = Vector512.Create(2.0);
        Vector512<double> small = Vector512.LessThan(a, Vector512.Create(AsinSwitch));
        Vector512<double> u = Vector512.ConditionalSelect(small, a * a, (one - a) * Vector512.Create(0.5));
        Vector512<double> r = AsinRational(u), s = Vector512.Sqrt(u);
        Vector512<double> halfPi = Vector512.Create(PiOver2A);
        Vector512<double> h = halfPi - x, hLo = (halfPi - h) - x;
        Vector512<double> nearZero = h + (hLo - Vector512.FusedMultiplyAdd(x, r, Vector512.Create(-PiOver2B)));
        Vector512<double> sLo = Vector512.FusedMultiplyAdd(-s, s, u) / (two * s);
        Vector512<double> tail = Vector512.FusedMultiplyAdd(s, r, sLo);
        Vector512<double> y = Vector512.ConditionalSelect(small, nearZero, Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero),
            two * (s + tail), Vector512.Create(PiHi) - (two * s + (two * tail - Vector512.Create(PiLo)))));
        return Vector512.LessThanAll(a, one) ? y : AsinAcosFallback(x, y, acos: true);
    }

    /// <summary>fdlibm's P(u)/Q(u) of each lane, as <see cref="AsinRational{TFma}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> AsinRational(Vector512<double> u)
    {
        Vector512<double> p = u * Vector512.FusedMultiplyAdd(u, Vector512.FusedMultiplyAdd(u, Vector512.FusedMultiplyAdd(u, Vector512.FusedMultiplyAdd(u,
            Vector512.FusedMultiplyAdd(u, Vector512.Create(AsinP5), Vector512.Create(AsinP4)), Vector512.Create(AsinP3)), Vector512.Create(AsinP2)), Vector512.Create(AsinP1)),
            Vector512.Create(AsinP0));
        Vector512<double> q = Vector512.FusedMultiplyAdd(u, Vector512.FusedMultiplyAdd(u, Vector512.FusedMultiplyAdd(u,
            Vector512.FusedMultiplyAdd(u, Vector512.Create(AsinQ4), Vector512.Create(AsinQ3)), Vector512.Create(AsinQ2)), Vector512.Create(AsinQ1)), Vector512<double>.One);
        return p / q;
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path (|x| ≥ 1, NaN) replaced by Math.Asin or
    /// Math.Acos, as the scalar forms return there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> AsinAcosFallback(Vector512<double> x, Vector512<double> fast, bool acos)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) < 1.0)) fast = fast.WithElement(i, acos ? Math.Acos(xi) : Math.Asin(xi));
        }
        return fast;
    }

    /// <summary>asin x of each lane, bit-identical to <see cref="Asin(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Asin(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x), one = Vector256<double>.One, two = Vector256.Create(2.0);
        Vector256<double> small = Vector256.LessThan(a, Vector256.Create(AsinSwitch));
        Vector256<double> u = Vector256.ConditionalSelect(small, a * a, (one - a) * Vector256.Create(0.5));
        Vector256<double> r = AsinRational(u), s = Vector256.Sqrt(u);
        Vector256<double> sLo = Vector256.FusedMultiplyAdd(-s, s, u) / (two * s);
        Vector256<double> e = two * Vector256.FusedMultiplyAdd(s, r, sLo) - Vector256.Create(PiOver2B);
        Vector256<double> quarter = Vector256.Create(PiOver4Hi);
        Vector256<double> y = Vector256.ConditionalSelect(small, Vector256.FusedMultiplyAdd(a, r, a),
            Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(AsinNearOne)), quarter + ((quarter - two * s) - e),
                Vector256.Create(PiOver2A) - (two * s + e)));
        y = (y.AsInt64() ^ (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
        return Vector256.LessThanAll(a, one) ? y : AsinAcosFallback(x, y, acos: false);
    }

    /// <summary>acos x of each lane, bit-identical to <see cref="Acos(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Acos(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x), one = Vector256<double>.One, two = Vector256.Create(2.0);
        Vector256<double> small = Vector256.LessThan(a, Vector256.Create(AsinSwitch));
        Vector256<double> u = Vector256.ConditionalSelect(small, a * a, (one - a) * Vector256.Create(0.5));
        Vector256<double> r = AsinRational(u), s = Vector256.Sqrt(u);
        Vector256<double> halfPi = Vector256.Create(PiOver2A);
        Vector256<double> h = halfPi - x, hLo = (halfPi - h) - x;
        Vector256<double> nearZero = h + (hLo - Vector256.FusedMultiplyAdd(x, r, Vector256.Create(-PiOver2B)));
        Vector256<double> sLo = Vector256.FusedMultiplyAdd(-s, s, u) / (two * s);
        Vector256<double> tail = Vector256.FusedMultiplyAdd(s, r, sLo);
        Vector256<double> y = Vector256.ConditionalSelect(small, nearZero, Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero),
            two * (s + tail), Vector256.Create(PiHi) - (two * s + (two * tail - Vector256.Create(PiLo)))));
        return Vector256.LessThanAll(a, one) ? y : AsinAcosFallback(x, y, acos: true);
    }

    /// <summary>fdlibm's P(u)/Q(u) of each lane, as <see cref="AsinRational{TFma}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AsinRational(Vector256<double> u)
    {
        Vector256<double> p = u * Vector256.FusedMultiplyAdd(u, Vector256.FusedMultiplyAdd(u, Vector256.FusedMultiplyAdd(u, Vector256.FusedMultiplyAdd(u,
            Vector256.FusedMultiplyAdd(u, Vector256.Create(AsinP5), Vector256.Create(AsinP4)), Vector256.Create(AsinP3)), Vector256.Create(AsinP2)), Vector256.Create(AsinP1)),
            Vector256.Create(AsinP0));
        Vector256<double> q = Vector256.FusedMultiplyAdd(u, Vector256.FusedMultiplyAdd(u, Vector256.FusedMultiplyAdd(u,
            Vector256.FusedMultiplyAdd(u, Vector256.Create(AsinQ4), Vector256.Create(AsinQ3)), Vector256.Create(AsinQ2)), Vector256.Create(AsinQ1)), Vector256<double>.One);
        return p / q;
    }

    /// <summary><paramref name="fast"/> with the lanes off the fast path (|x| ≥ 1, NaN) replaced by Math.Asin or
    /// Math.Acos, as the scalar forms return there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> AsinAcosFallback(Vector256<double> x, Vector256<double> fast, bool acos)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) < 1.0)) fast = fast.WithElement(i, acos ? Math.Acos(xi) : Math.Asin(xi));
        }
        return fast;
    }
}
