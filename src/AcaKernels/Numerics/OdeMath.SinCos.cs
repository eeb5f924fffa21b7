using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// sin x and cos x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Sin</c>/<c>Math.Cos</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, and sin's derivative cos
/// and cos's −sin go through the same lowering, for the reason it lowers Exp (<see cref="OdeMath"/>): the C runtime's
/// sin and cos take one value at a time, so a lane kernel called them lane by lane.
/// </summary>
/// <remarks>
/// For a = |x| ≤ 2^26: k = round(a·2/π) by the 1.5·2^52 trick, r = a − k·π/2 as a double-double r + r_lo with π/2
/// in three parts A + B + C (Cody–Waite): a − k·A by one FMA is exact (both are multiples of 2^−53 and the difference
/// is below 1), k·B is split exactly by an FMA and subtracted by a two-sum, k·C by one more FMA into r_lo; what π/2
/// leaves out is 5.6e−50, so the error of r is ~2^−138 at the bound, far below the smallest |r| of any double there
/// (about 2^−78). Then sin r = r + r³·S(r²) + r_lo(1 − r²/2) and cos r = w + ((1 − w) − r²/2 + r⁴·C(r²) − r·r_lo)
/// with w = 1 − r²/2 (whose rounding error (1 − w) − r²/2 recovers exactly, and r²'s own error by one FMA), S and C
/// the minimax polynomials of degree 5 in r² published with fdlibm (Estrin's scheme). The quadrant k mod 4 picks
/// ±sin r or ±cos r (the scalar form by a branch, the vector forms by a select of both), and the sign of x is put back by a bit xor: sin is odd and cos
/// even bit for bit, sin(−0) = −0, and |result| ≤ 1. Measured against Math.Sin/Math.Cos (glibc's, correctly rounded
/// in practice) over dense sweeps and the nearest doubles to every multiple of π/2 up to the bound: at most 1 ulp
/// apart (tests hold it).
/// <para>Beyond 2^26 the reduction is Payne and Hanek's (OdeMath.LargeReduction.cs), exact to ≳ 66 bits of r at every
/// finite double, then the same kernels; ±∞ and NaN give NaN. The vector forms compute every lane by the fast path and,
/// where a lane is beyond the bound (a compare over the vector, false on the fast path), patch it with the scalar
/// form, so each form gives the same bits everywhere. No array: the FMAs go through <see cref="IFusedMultiplyAdd"/>,
/// so the GPU form (<c>AcaKernels.Gpu.Kernels.GpuMath.Sin</c>/<c>Cos</c>) runs the same algorithm over ILGPU's FMA,
/// the large arguments included, and calls nothing of ILGPU's own.</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>sin x, within 1 ulp of <see cref="Math.Sin"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Sin(double x) => Sin<SystemFusedMultiplyAdd>(x);

    /// <summary>cos x, within 1 ulp of <see cref="Math.Cos"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Cos(double x) => Cos<SystemFusedMultiplyAdd>(x);

    /// <summary>sin x in float: <see cref="Sin(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sin(float x) => (float)Sin((double)x);

    /// <summary>cos x in float: <see cref="Cos(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cos(float x) => (float)Cos((double)x);

    /// <summary>The scalar sin over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Sin(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sin<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        long sign = BitConverter.DoubleToInt64Bits(x) & SignBit;
        if (a <= TrigBound) return SinOrCos<TFma>(a, 0, sign);
        if (!(a <= double.MaxValue)) return double.NaN;  // ±∞ and NaN (not x − x, which ILGPU's IR builder may fold to 0)
        (long quadrant, double r, double rl) = ReduceLargeByHalfPi<TFma>(a);
        return SinOrCosOfReduced<TFma>(quadrant, r, rl, sign);
    }

    /// <summary>The scalar cos over a fused multiply-add <typeparamref name="TFma"/>; see <see cref="Sin{TFma}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cos<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        if (a <= TrigBound) return SinOrCos<TFma>(a, 1, 0);
        if (!(a <= double.MaxValue)) return double.NaN;
        (long quadrant, double r, double rl) = ReduceLargeByHalfPi<TFma>(a);
        return SinOrCosOfReduced<TFma>(quadrant + 1, r, rl, 0);
    }

    /// <summary>The Cody–Waite reduction of the type's remarks, shared with tan: for 0 ≤ a ≤ 2^26, k = round(a·2/π)
    /// and a − k·π/2 = r + r_lo to ~2^−138; <c>Shifted</c> is k + 1.5·2^52, whose low bits are k's (the quadrant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Shifted, double R, double RLow) ReduceByHalfPi<TFma>(double a) where TFma : IFusedMultiplyAdd
    {
        double shifted = TFma.Fma(a, TwoOverPi, RoundMagic);
        double k = shifted - RoundMagic;
        double r1 = TFma.Fma(-k, PiOver2A, a);
        double th = k * PiOver2B;
        double tl = TFma.Fma(k, PiOver2B, -th);
        double r = r1 - th;
        double bb = r - r1;
        double err = (r1 - (r - bb)) + (-th - bb);
        double rl = TFma.Fma(-k, PiOver2C, err - tl);
        return (shifted, r, rl);
    }

    /// <summary>sin a (<paramref name="shift"/> 0) or cos a = sin(a + π/2) (shift 1) for 0 ≤ a ≤ 2^26, its bits
    /// xor <paramref name="sign"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinOrCos<TFma>(double a, long shift, long sign) where TFma : IFusedMultiplyAdd
    {
        (double shifted, double r, double rl) = ReduceByHalfPi<TFma>(a);
        return SinOrCosOfReduced<TFma>(BitConverter.DoubleToInt64Bits(shifted) + shift, r, rl, sign);
    }

    /// <summary>±sin or ±cos of r + r_lo by the quadrant <paramref name="q"/> (its low two bits), its bits xor
    /// <paramref name="sign"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinOrCosOfReduced<TFma>(long q, double r, double rl, long sign) where TFma : IFusedMultiplyAdd
    {
        double z = r * r, z2 = z * z, z4 = z2 * z2;
        double hz = 0.5 * z;
        double y;
        // One of the two kernels, by a branch (the vector forms compute both and select): in a Kuramoto-like scalar
        // loop 15 % faster than both and a select, since an argument's quadrant mostly repeats from step to step.
        if ((q & 1) == 0)
        {
            // sin r + r_lo ≈ r + r³·S(r²) + r_lo·(1 − r²/2).
            double s = TFma.Fma(z4, TFma.Fma(z, Sin6, Sin5), TFma.Fma(z2, TFma.Fma(z, Sin4, Sin3), TFma.Fma(z, Sin2, Sin1)));
            y = r + TFma.Fma(z * r, s, TFma.Fma(-hz, rl, rl));
        }
        else
        {
            // cos r + r_lo ≈ w + ((1 − w) − r²/2 − (r·r − z)/2 − r·r_lo + r⁴·C(r²)), w = 1 − r²/2.
            double c = TFma.Fma(z4, TFma.Fma(z, Cos6, Cos5), TFma.Fma(z2, TFma.Fma(z, Cos4, Cos3), TFma.Fma(z, Cos2, Cos1)));
            double zl = TFma.Fma(r, r, -z);
            double w = 1.0 - hz;
            y = w + TFma.Fma(z2, c, TFma.Fma(-r, rl, (SplitDifference<TFma>(1.0, w) - hz) - 0.5 * zl));
        }
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ ((q & 2) << 62) ^ sign);
    }

    /// <summary>sin x of each lane, bit-identical to <see cref="Sin(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sin(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> y = SinOrCos(a, Vector512<long>.Zero, x.AsInt64() & Vector512.Create(SignBit));
        return Vector512.LessThanOrEqualAll(a, Vector512.Create(TrigBound)) ? y : Fallback(x, y, cos: false);
    }

    /// <summary>cos x of each lane, bit-identical to <see cref="Cos(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cos(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> y = SinOrCos(a, Vector512<long>.One, Vector512<long>.Zero);
        return Vector512.LessThanOrEqualAll(a, Vector512.Create(TrigBound)) ? y : Fallback(x, y, cos: true);
    }

    /// <summary><paramref name="fast"/> with the lanes beyond the bound (±∞, NaN) replaced by the scalar form's results, as
    /// the scalar form returns there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Fallback(Vector512<double> x, Vector512<double> fast, bool cos)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= TrigBound)) fast = fast.WithElement(i, cos ? Cos(xi) : Sin(xi));
        }
        return fast;
    }

    /// <summary><see cref="ReduceByHalfPi{TFma}(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Shifted, Vector512<double> R, Vector512<double> RLow) ReduceByHalfPi(Vector512<double> a)
    {
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> shifted = Vector512.FusedMultiplyAdd(a, Vector512.Create(TwoOverPi), magic);
        Vector512<double> k = shifted - magic;
        Vector512<double> r1 = Vector512.FusedMultiplyAdd(-k, Vector512.Create(PiOver2A), a);
        Vector512<double> b = Vector512.Create(PiOver2B);
        Vector512<double> th = k * b;
        Vector512<double> tl = Vector512.FusedMultiplyAdd(k, b, -th);
        Vector512<double> r = r1 - th;
        Vector512<double> bb = r - r1;
        Vector512<double> err = (r1 - (r - bb)) + (-th - bb);
        Vector512<double> rl = Vector512.FusedMultiplyAdd(-k, Vector512.Create(PiOver2C), err - tl);
        return (shifted, r, rl);
    }

    /// <summary><see cref="SinOrCos{TFma}(double, long, long)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SinOrCos(Vector512<double> a, Vector512<long> shift, Vector512<long> sign)
    {
        (Vector512<double> shifted, Vector512<double> r, Vector512<double> rl) = ReduceByHalfPi(a);
        Vector512<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector512<double> s = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin6), Vector512.Create(Sin5)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin4), Vector512.Create(Sin3)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin2), Vector512.Create(Sin1))));
        Vector512<double> hz = Vector512.Create(0.5) * z;
        Vector512<double> sinR = r + Vector512.FusedMultiplyAdd(z * r, s, Vector512.FusedMultiplyAdd(-hz, rl, rl));
        Vector512<double> c = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos6), Vector512.Create(Cos5)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos4), Vector512.Create(Cos3)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos2), Vector512.Create(Cos1))));
        Vector512<double> zl = Vector512.FusedMultiplyAdd(r, r, -z);
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> w = one - hz;
        Vector512<double> cosR = w + Vector512.FusedMultiplyAdd(z2, c,
            Vector512.FusedMultiplyAdd(-r, rl, ((one - w) - hz) - Vector512.Create(0.5) * zl));
        Vector512<long> q = shifted.AsInt64() + shift;
        Vector512<long> pickCos = Vector512.Equals(q & Vector512<long>.One, Vector512<long>.One);
        Vector512<double> y = Vector512.ConditionalSelect(pickCos.AsDouble(), cosR, sinR);
        Vector512<long> flip = Vector512.ShiftLeft(q & Vector512.Create(2L), 62) ^ sign;
        return (y.AsInt64() ^ flip).AsDouble();
    }

    /// <summary>sin x of each lane, bit-identical to <see cref="Sin(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sin(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> y = SinOrCos(a, Vector256<long>.Zero, x.AsInt64() & Vector256.Create(SignBit));
        return Vector256.LessThanOrEqualAll(a, Vector256.Create(TrigBound)) ? y : Fallback(x, y, cos: false);
    }

    /// <summary>cos x of each lane, bit-identical to <see cref="Cos(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cos(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> y = SinOrCos(a, Vector256<long>.One, Vector256<long>.Zero);
        return Vector256.LessThanOrEqualAll(a, Vector256.Create(TrigBound)) ? y : Fallback(x, y, cos: true);
    }

    /// <summary><paramref name="fast"/> with the lanes beyond the bound (±∞, NaN) replaced by the scalar form's results, as
    /// the scalar form returns there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> Fallback(Vector256<double> x, Vector256<double> fast, bool cos)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= TrigBound)) fast = fast.WithElement(i, cos ? Cos(xi) : Sin(xi));
        }
        return fast;
    }

    /// <summary><see cref="ReduceByHalfPi{TFma}(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Shifted, Vector256<double> R, Vector256<double> RLow) ReduceByHalfPi(Vector256<double> a)
    {
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> shifted = Vector256.FusedMultiplyAdd(a, Vector256.Create(TwoOverPi), magic);
        Vector256<double> k = shifted - magic;
        Vector256<double> r1 = Vector256.FusedMultiplyAdd(-k, Vector256.Create(PiOver2A), a);
        Vector256<double> b = Vector256.Create(PiOver2B);
        Vector256<double> th = k * b;
        Vector256<double> tl = Vector256.FusedMultiplyAdd(k, b, -th);
        Vector256<double> r = r1 - th;
        Vector256<double> bb = r - r1;
        Vector256<double> err = (r1 - (r - bb)) + (-th - bb);
        Vector256<double> rl = Vector256.FusedMultiplyAdd(-k, Vector256.Create(PiOver2C), err - tl);
        return (shifted, r, rl);
    }

    /// <summary><see cref="SinOrCos{TFma}(double, long, long)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> SinOrCos(Vector256<double> a, Vector256<long> shift, Vector256<long> sign)
    {
        (Vector256<double> shifted, Vector256<double> r, Vector256<double> rl) = ReduceByHalfPi(a);
        Vector256<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector256<double> s = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin6), Vector256.Create(Sin5)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin4), Vector256.Create(Sin3)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin2), Vector256.Create(Sin1))));
        Vector256<double> hz = Vector256.Create(0.5) * z;
        Vector256<double> sinR = r + Vector256.FusedMultiplyAdd(z * r, s, Vector256.FusedMultiplyAdd(-hz, rl, rl));
        Vector256<double> c = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos6), Vector256.Create(Cos5)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos4), Vector256.Create(Cos3)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos2), Vector256.Create(Cos1))));
        Vector256<double> zl = Vector256.FusedMultiplyAdd(r, r, -z);
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> w = one - hz;
        Vector256<double> cosR = w + Vector256.FusedMultiplyAdd(z2, c,
            Vector256.FusedMultiplyAdd(-r, rl, ((one - w) - hz) - Vector256.Create(0.5) * zl));
        Vector256<long> q = shifted.AsInt64() + shift;
        Vector256<long> pickCos = Vector256.Equals(q & Vector256<long>.One, Vector256<long>.One);
        Vector256<double> y = Vector256.ConditionalSelect(pickCos.AsDouble(), cosR, sinR);
        Vector256<long> flip = Vector256.ShiftLeft(q & Vector256.Create(2L), 62) ^ sign;
        return (y.AsInt64() ^ flip).AsDouble();
    }
}
