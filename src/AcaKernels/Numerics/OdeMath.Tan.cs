using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// tan x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Tan</c> (and MathF's) in <c>[OdeDynamics]</c> bodies to these, for the reason it lowers Sin and Cos
/// (OdeMath.SinCos.cs): the C runtime's tan takes one value at a time, so a lane kernel called it lane by lane.
/// </summary>
/// <remarks>
/// For a = |x| ≤ 2^26, sin's and cos's Cody–Waite reduction (OdeMath.SinCos.cs) gives k = round(a·2/π) and
/// r + r_lo = a − k·π/2 to ~2^−138; then tan a = S/C for even k and −C/S for odd k, S = sin r and C = cos r. Both
/// are sin's and cos's kernels stopped before their last addition, so each is a head and a small tail whose sum is
/// good to ~2^−55 relative (S: the roundings of r³, of the polynomial and of the tail, each scaled by the tail's
/// ≤ 0.1 share of S; C: ~2^−58): S = r + (r³·S(r²) + r_lo(1 − r²/2)), C = w + ((1 − w) − r²/2 + r⁴·C(r²) − r·r_lo) with
/// w = 1 − r²/2. The numerator N and the denominator D (S and C, or C and S) are each renormalised by a fast two-sum
/// (the head dominates its tail) into N_h + N_l and D_h + D_l; the quotient q = N_h/D_h is corrected by one Newton
/// step in double-double, q + ((N_h − q·D_h) + (N_l − q·D_l))·(1/D_h) by one FMA, where the remainder N_h − q·D_h is
/// exact by an FMA (q is the correctly rounded quotient). The correction (≲ 1.5 ulp of q) is scaled by the reciprocal
/// rather than divided, so the two divisions run side by side instead of one after the other, at a cost of ~2^−53 of
/// an ulp. So the result carries its final rounding and S's and C's few 2^−55-sized errors: measured against 200-bit
/// tan at 30 000 points (most of them where it differs from Math.Tan), at most 0.92 ulp, where a quotient of the two
/// separately rounded sin and cos would reach ~2 ulp. The sign is put back by bit xors: k's parity (−C/S) and
/// the sign of x, so tan is odd bit for bit and tan(−0) = −0; a tiny or subnormal a gives r = a and S/C = a exactly.
/// <para>Measured against Math.Tan (glibc's, at most 0.55 ulp from the exact tan at the same 30 000 points) over dense
/// sweeps, every magnitude of either sign and the nearest doubles to multiples of π/2 (where the result is largest or
/// crosses 0): at most 1 ulp apart (tests hold it; 2–3 % of the results differ, by that 1 ulp, none within 10⁻⁶ of a
/// multiple of π/2). The two errors together stay below 1.5 ulp, so the two results cannot be 2 ulp apart.</para>
/// <para>Beyond 2^26 the reduction is Payne and Hanek's (OdeMath.LargeReduction.cs), then the same quotient; ±∞ and NaN
/// give NaN. The vector forms compute every lane and patch the lanes beyond the bound with the scalar form, as Sin's
/// do. No array; the FMAs go through <see cref="IFusedMultiplyAdd"/>, so the GPU form
/// (<c>AcaKernels.Gpu.Kernels.GpuMath.Tan</c>) runs the same algorithm over ILGPU's FMA and calls nothing of ILGPU's
/// own.</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>tan x, within 1 ulp of <see cref="Math.Tan"/>; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Tan(double x) => Tan<SystemFusedMultiplyAdd>(x);

    /// <summary>tan x in float: <see cref="Tan(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tan(float x) => (float)Tan((double)x);

    /// <summary>The scalar tan over a fused multiply-add <typeparamref name="TFma"/> (System.Math's in
    /// <see cref="Tan(double)"/>, ILGPU's in the GPU form): the same bits for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tan<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double a = Math.Abs(x);
        long sign = BitConverter.DoubleToInt64Bits(x) & SignBit;
        if (a <= TrigBound)
        {
            (double shifted, double r, double rl) = ReduceByHalfPi<TFma>(a);
            return TanOfReduced<TFma>(BitConverter.DoubleToInt64Bits(shifted) & 1, r, rl, sign);
        }
        if (!(a <= double.MaxValue)) return double.NaN;  // ±∞ and NaN (not x − x, which ILGPU's IR builder may fold to 0)
        (long quadrant, double rLarge, double rlLarge) = ReduceLargeByHalfPi<TFma>(a);
        return TanOfReduced<TFma>(quadrant & 1, rLarge, rlLarge, sign);
    }

    /// <summary>tan(r + r_lo) for an even quadrant (<paramref name="odd"/> 0), −cot(r + r_lo) for an odd one, its bits
    /// xor <paramref name="sign"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TanOfReduced<TFma>(long odd, double r, double rl, long sign) where TFma : IFusedMultiplyAdd
    {
        double z = r * r, z2 = z * z, z4 = z2 * z2;
        double hz = 0.5 * z;
        // sin(r + r_lo) ≈ r + sinTail and cos(r + r_lo) ≈ w + cosTail: SinOrCos's two kernels before their last addition.
        double s = TFma.Fma(z4, TFma.Fma(z, Sin6, Sin5), TFma.Fma(z2, TFma.Fma(z, Sin4, Sin3), TFma.Fma(z, Sin2, Sin1)));
        double sinTail = TFma.Fma(z * r, s, TFma.Fma(-hz, rl, rl));
        double c = TFma.Fma(z4, TFma.Fma(z, Cos6, Cos5), TFma.Fma(z2, TFma.Fma(z, Cos4, Cos3), TFma.Fma(z, Cos2, Cos1)));
        double zl = TFma.Fma(r, r, -z);
        double w = 1.0 - hz;
        double cosTail = TFma.Fma(z2, c, TFma.Fma(-r, rl, (SplitDifference<TFma>(1.0, w) - hz) - 0.5 * zl));
        // S/C or C/S by a branch (the vector forms select): an argument's quadrant mostly repeats from step to step.
        double nHead, nTail, dHead, dTail;
        if (odd == 0) (nHead, nTail, dHead, dTail) = (r, sinTail, w, cosTail);
        else (nHead, nTail, dHead, dTail) = (w, cosTail, r, sinTail);
        double n = nHead + nTail, nLow = nTail - (n - nHead);
        double d = dHead + dTail, dLow = dTail - (d - dHead);
        double q = n / d, inverse = 1.0 / d;
        double remainder = TFma.Fma(-q, d, n), lowTerms = TFma.Fma(-q, dLow, nLow);
        double y = TFma.Fma(remainder + lowTerms, inverse, q);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) ^ (odd << 63) ^ sign);
    }

    /// <summary>tan x of each lane, bit-identical to <see cref="Tan(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tan(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        (Vector512<double> shifted, Vector512<double> r, Vector512<double> rl) = ReduceByHalfPi(a);
        Vector512<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector512<double> hz = Vector512.Create(0.5) * z;
        Vector512<double> s = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin6), Vector512.Create(Sin5)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin4), Vector512.Create(Sin3)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(Sin2), Vector512.Create(Sin1))));
        Vector512<double> sinTail = Vector512.FusedMultiplyAdd(z * r, s, Vector512.FusedMultiplyAdd(-hz, rl, rl));
        Vector512<double> c = Vector512.FusedMultiplyAdd(z4, Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos6), Vector512.Create(Cos5)),
            Vector512.FusedMultiplyAdd(z2, Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos4), Vector512.Create(Cos3)),
                Vector512.FusedMultiplyAdd(z, Vector512.Create(Cos2), Vector512.Create(Cos1))));
        Vector512<double> zl = Vector512.FusedMultiplyAdd(r, r, -z);
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> w = one - hz;
        Vector512<double> cosTail = Vector512.FusedMultiplyAdd(z2, c,
            Vector512.FusedMultiplyAdd(-r, rl, ((one - w) - hz) - Vector512.Create(0.5) * zl));
        Vector512<long> odd = shifted.AsInt64() & Vector512<long>.One;
        Vector512<double> isOdd = Vector512.Equals(odd, Vector512<long>.One).AsDouble();
        Vector512<double> nHead = Vector512.ConditionalSelect(isOdd, w, r), nTail = Vector512.ConditionalSelect(isOdd, cosTail, sinTail);
        Vector512<double> dHead = Vector512.ConditionalSelect(isOdd, r, w), dTail = Vector512.ConditionalSelect(isOdd, sinTail, cosTail);
        Vector512<double> n = nHead + nTail, nLow = nTail - (n - nHead);
        Vector512<double> d = dHead + dTail, dLow = dTail - (d - dHead);
        Vector512<double> q = n / d, inverse = Vector512<double>.One / d;
        Vector512<double> remainder = Vector512.FusedMultiplyAdd(-q, d, n), lowTerms = Vector512.FusedMultiplyAdd(-q, dLow, nLow);
        Vector512<double> y = Vector512.FusedMultiplyAdd(remainder + lowTerms, inverse, q);
        Vector512<long> flip = Vector512.ShiftLeft(odd, 63) ^ (x.AsInt64() & Vector512.Create(SignBit));
        y = (y.AsInt64() ^ flip).AsDouble();
        return Vector512.LessThanOrEqualAll(a, Vector512.Create(TrigBound)) ? y : TanFallback(x, y);
    }

    /// <summary><paramref name="fast"/> with the lanes beyond the bound (±∞, NaN) replaced by the scalar form's
    /// results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> TanFallback(Vector512<double> x, Vector512<double> fast)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= TrigBound)) fast = fast.WithElement(i, Tan(xi));
        }
        return fast;
    }

    /// <summary>tan x of each lane, bit-identical to <see cref="Tan(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tan(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        (Vector256<double> shifted, Vector256<double> r, Vector256<double> rl) = ReduceByHalfPi(a);
        Vector256<double> z = r * r, z2 = z * z, z4 = z2 * z2;
        Vector256<double> hz = Vector256.Create(0.5) * z;
        Vector256<double> s = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin6), Vector256.Create(Sin5)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin4), Vector256.Create(Sin3)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(Sin2), Vector256.Create(Sin1))));
        Vector256<double> sinTail = Vector256.FusedMultiplyAdd(z * r, s, Vector256.FusedMultiplyAdd(-hz, rl, rl));
        Vector256<double> c = Vector256.FusedMultiplyAdd(z4, Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos6), Vector256.Create(Cos5)),
            Vector256.FusedMultiplyAdd(z2, Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos4), Vector256.Create(Cos3)),
                Vector256.FusedMultiplyAdd(z, Vector256.Create(Cos2), Vector256.Create(Cos1))));
        Vector256<double> zl = Vector256.FusedMultiplyAdd(r, r, -z);
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> w = one - hz;
        Vector256<double> cosTail = Vector256.FusedMultiplyAdd(z2, c,
            Vector256.FusedMultiplyAdd(-r, rl, ((one - w) - hz) - Vector256.Create(0.5) * zl));
        Vector256<long> odd = shifted.AsInt64() & Vector256<long>.One;
        Vector256<double> isOdd = Vector256.Equals(odd, Vector256<long>.One).AsDouble();
        Vector256<double> nHead = Vector256.ConditionalSelect(isOdd, w, r), nTail = Vector256.ConditionalSelect(isOdd, cosTail, sinTail);
        Vector256<double> dHead = Vector256.ConditionalSelect(isOdd, r, w), dTail = Vector256.ConditionalSelect(isOdd, sinTail, cosTail);
        Vector256<double> n = nHead + nTail, nLow = nTail - (n - nHead);
        Vector256<double> d = dHead + dTail, dLow = dTail - (d - dHead);
        Vector256<double> q = n / d, inverse = Vector256<double>.One / d;
        Vector256<double> remainder = Vector256.FusedMultiplyAdd(-q, d, n), lowTerms = Vector256.FusedMultiplyAdd(-q, dLow, nLow);
        Vector256<double> y = Vector256.FusedMultiplyAdd(remainder + lowTerms, inverse, q);
        Vector256<long> flip = Vector256.ShiftLeft(odd, 63) ^ (x.AsInt64() & Vector256.Create(SignBit));
        y = (y.AsInt64() ^ flip).AsDouble();
        return Vector256.LessThanOrEqualAll(a, Vector256.Create(TrigBound)) ? y : TanFallback(x, y);
    }

    /// <summary><paramref name="fast"/> with the lanes beyond the bound (±∞, NaN) replaced by the scalar form's
    /// results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> TanFallback(Vector256<double> x, Vector256<double> fast)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (!(Math.Abs(xi) <= TrigBound)) fast = fast.WithElement(i, Tan(xi));
        }
        return fast;
    }
}
