using System.Runtime.CompilerServices;

namespace AcaKernels.Numerics;

/// <summary>
/// The reduction by π/2 of arguments beyond sin's, cos's and tan's Cody–Waite bound (2^26), up to double.MaxValue:
/// Payne and Hanek's, in integer arithmetic, with 2/π's bits in code rather than in an array.
/// </summary>
/// <remarks>
/// a = m·2^e with m a 53-bit integer and e ≥ −26. Of a·2/π only the integer part mod 4 (the quadrant) and the fraction
/// are wanted. The bits of 2/π at positions p (weight 2^−p) below e − 1 add m·2^(e−p), a multiple of 4: they are
/// skipped. The 192 bits from position e − 1 on form an integer W, and m·W = P·2^190 exactly (4 limbs of 64 bits by
/// 32-bit partial products, so the GPU compilers need no 128-bit multiply); P's bits 190–191 are the quadrant, the
/// 128 below them the fraction. What the window leaves out of 2/π adds less than 2^−137, the fraction's truncation
/// 2^−128; the smallest |a·2/π − k| of any double is about 2^−61.5 (the worst case of the reduction, at
/// 6381956970095103·2^797), so the reduced argument keeps ≳ 66 correct bits, enough for sin's and cos's kernels to
/// give the same results as from the exact r (they need r + r_lo to ~2^−60 of r). The fraction is rounded to the
/// nearest integer k (a fraction ≥ ½ read as a negative two's-complement one), turned into a double-double by exact
/// two-sums of its four 32-bit pieces and multiplied by π/2 in double-double. 2/π's first 1216 bits (enough for
/// e ≤ 971, i.e. every finite double) are a <c>switch</c> over constants: ILGPU would copy an array read at a
/// run-time index into per-thread local memory at every call (RESULTS.md §54), and this path must stay free for the
/// GPU form. Beyond 2^26 an argument is a rare value in an ODE; this path costs ~100 integer operations.
/// </remarks>
public static partial class OdeMath
{
    /// <summary>For finite a &gt; 2^26: k mod 4 and r + r_lo = a − k·π/2 with |r| ≤ π/4 (k = round(a·2/π)); see the
    /// remarks of this file.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Quadrant, double R, double RLow) ReduceLargeByHalfPi<TFma>(double a) where TFma : IFusedMultiplyAdd
    {
        long bits = BitConverter.DoubleToInt64Bits(a);
        int e = (int)(bits >> 52) - 1075;
        ulong m = ((ulong)bits & 0x000F_FFFF_FFFF_FFFFUL) | (1UL << 52);

        // 2/π's position e − 1 is bit e + 62 of the word string that starts with 64 zeros (TwoOverPiWord(0)).
        int start = e + 62, word = start >> 6, shift = start & 63;
        ulong v0 = TwoOverPiWord(word), v1 = TwoOverPiWord(word + 1), v2 = TwoOverPiWord(word + 2), v3 = TwoOverPiWord(word + 3);
        // (v >> 1) >> (63 − shift): a shift by 64 − shift without the shift by 64 that C# and PTX read differently.
        ulong w0 = (v0 << shift) | ((v1 >> 1) >> (63 - shift));
        ulong w1 = (v1 << shift) | ((v2 >> 1) >> (63 - shift));
        ulong w2 = (v2 << shift) | ((v3 >> 1) >> (63 - shift));

        // P = m·(w0:w1:w2); of its top limb only the low word of m·w0 matters (the rest are multiples of 4).
        (ulong h2, ulong l2) = MultiplyFull(m, w2);
        (ulong h1, ulong l1) = MultiplyFull(m, w1);
        ulong p2 = l1 + h2;
        ulong p1 = m * w0 + h1 + (p2 < h2 ? 1UL : 0UL);
        long quadrant = (long)(p1 >> 62);
        ulong fHigh = (p1 << 2) | (p2 >> 62);
        ulong fLow = (p2 << 2) | (l2 >> 62);

        // A fraction ≥ ½ is read as the negative fraction − 1 of the next k.
        bool negative = (long)fHigh < 0;
        if (negative)
        {
            quadrant++;
            fLow = ~fLow + 1;
            fHigh = ~fHigh + (fLow == 0 ? 1UL : 0UL);
        }

        // The fraction as s + tail: four exact 32-bit pieces, largest first, summed by fast two-sums (each partial sum
        // is at least the next piece: the fraction is above 2^−62, so one of the top two pieces is not zero).
        double c1 = (uint)(fHigh >> 32) * TwoToMinus32, c2 = (uint)fHigh * TwoToMinus64;
        double c3 = (uint)(fLow >> 32) * TwoToMinus96, c4 = (uint)fLow * TwoToMinus128;
        double s = c1 + c2, e1 = c2 - (s - c1);
        double s2 = s + c3, e2 = c3 - (s2 - s);
        double s3 = s2 + c4, e3 = c4 - (s3 - s2);
        double tail = e1 + e2 + e3;

        // (s3 + tail)·π/2 in double-double (π/2 = A + B to ~2^−107), renormalised.
        double head = s3 * PiOver2A;
        double low = TFma.Fma(s3, PiOver2A, -head) + TFma.Fma(s3, PiOver2B, tail * PiOver2A);
        double r = head + low;
        double rl = low - (r - head);
        return negative ? (quadrant, -r, -rl) : (quadrant, r, rl);
    }

    /// <summary>a·b as a 128-bit product (high, low) from 32-bit halves: no Math.BigMul, which the GPU compilers cannot
    /// build.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong High, ulong Low) MultiplyFull(ulong a, ulong b)
    {
        ulong a0 = a & 0xFFFF_FFFFUL, a1 = a >> 32, b0 = b & 0xFFFF_FFFFUL, b1 = b >> 32;
        ulong p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
        ulong middle = (p00 >> 32) + (p01 & 0xFFFF_FFFFUL) + (p10 & 0xFFFF_FFFFUL);
        return (p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32), (middle << 32) | (p00 & 0xFFFF_FFFFUL));
    }

    /// <summary>Word <paramref name="index"/> of 2/π's binary fraction behind 64 zero bits: word 0 is zero, word i ≥ 1
    /// holds the fraction's bits 64(i − 1) + 1 … 64i, the first in the top bit (2/π = 0.A2F9836E4E441529…₁₆).</summary>
    private static ulong TwoOverPiWord(int index) => index switch
    {
        1 => 0xA2F9836E4E441529UL,
        2 => 0xFC2757D1F534DDC0UL,
        3 => 0xDB6295993C439041UL,
        4 => 0xFE5163ABDEBBC561UL,
        5 => 0xB7246E3A424DD2E0UL,
        6 => 0x06492EEA09D1921CUL,
        7 => 0xFE1DEB1CB129A73EUL,
        8 => 0xE88235F52EBB4484UL,
        9 => 0xE99C7026B45F7E41UL,
        10 => 0x3991D639835339F4UL,
        11 => 0x9C845F8BBDF9283BUL,
        12 => 0x1FF897FFDE05980FUL,
        13 => 0xEF2F118B5A0A6D1FUL,
        14 => 0x6D367ECF27CB09B7UL,
        15 => 0x4F463F669E5FEA2DUL,
        16 => 0x7527BAC7EBE5F17BUL,
        17 => 0x3D0739F78A5292EAUL,
        18 => 0x6BFB5FB11F8D5D08UL,
        19 => 0x56033046FC7B6BABUL,
        _ => 0UL,
    };

    private const double TwoToMinus32 = 1.0 / 4294967296.0;
    private const double TwoToMinus64 = TwoToMinus32 * TwoToMinus32;
    private const double TwoToMinus96 = TwoToMinus64 * TwoToMinus32;
    private const double TwoToMinus128 = TwoToMinus64 * TwoToMinus64;
}
