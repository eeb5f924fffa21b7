using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AcaKernels.Control;

/// <summary>
/// exp and log for the step-size controller, written once as a fixed sequence of IEEE-754 operations (add,
/// multiply, fused multiply-add, compare-and-select, integer bit moves, a lookup in a 16-entry table) in a scalar
/// form and a <see cref="Vector512{T}"/> form, so that every lane of the vector form equals the scalar form bit for
/// bit. Math.Exp/Math.Log and Vector512.Exp/Log differ from each other in the last bits, which would let a lane's
/// step sequence drift from the single-trajectory solver's.
/// </summary>
/// <remarks>
/// Built for latency, not for the last ulp: the controller's factor err^(−β/k) sits on every step's dependency
/// chain, and its last bits carry no numerical meaning (a heuristic; the lead's decision of issue 8). What matters
/// is the factor's relative error, which is the log's <b>absolute</b> error times β/k plus exp's relative error:
/// log ≤ 5e-16 + 3e-16·|ln x| absolute, exp ≤ 1e-15 relative for |x| ≤ 50 and 1e-13 at the clamp (tests hold these),
/// far below anything a step size notices. No division, no square root.
/// Domain: <see cref="Exp(double)"/> clamps x to [−708, 709] first (so it never returns a subnormal, 0 or ∞);
/// <see cref="Log(double)"/> takes finite x &gt; 0, subnormals included. Other inputs give an unspecified finite or
/// NaN value, never an exception (callers select the result away). No throws, no allocation.
/// exp: x·16/ln2 = n + f with n = round(x·16/ln2) (the 1.5·2^52 trick, round-to-nearest-even in both forms),
/// r = x − n·(ln2/16) by one fused multiply-add (|r| ≤ ln2/32 ≈ 0.0217; the rounding of ln2/16 costs ≤ 6e-14
/// relative at the clamp, ~1e-16 for the factors a controller sees), e^r by its Taylor polynomial of degree 6
/// (truncation 4.4e-16 relative, Estrin's scheme), times 2^(n mod 16 / 16) from a table, times 2^⌊n/16⌋ in the
/// exponent bits.
/// log: x = 2^e·m with m in [1, 2); the top 4 mantissa bits pick j and c_j ≈ 1/(1 + (j + ½)/16) from a table;
/// r = m·c_j − 1 by one fused multiply-add (|r| ≤ 0.0304), ln m = ln(1 + r) − ln c_j with ln(1 + r) by its Taylor
/// polynomial of degree 9 (truncation 7e-17 absolute), e·ln 2 − ln c_j by one more fused multiply-add, off the
/// chain. The tables hold correctly rounded values (computed with 60-digit decimals). The lane form looks them up
/// with a two-register permute (vpermt2pd) where the CPU has AVX-512, element by element otherwise (same values).
/// </remarks>
internal static class StepMath
{
    private const double SixteenOverLn2 = 23.083120654223414;   // 16/ln 2
    private const double Ln2Over16 = 0.04332169878499658;       // ln 2 / 16
    private const double Ln2 = 0.6931471805599453;
    private const double RoundMagic = 6755399441055744.0;       // 1.5·2^52: y + magic − magic rounds y to an integer
    private const double ExpLow = -708.0, ExpHigh = 709.0;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long ExponentOfOne = 0x3FF0_0000_0000_0000L;

    // e^r = 1 + r + r²/2 + … + r⁶/6!.
    private const double E2 = 0.5, E3 = 1.0 / 6, E4 = 1.0 / 24, E5 = 1.0 / 120, E6 = 1.0 / 720;

    // ln(1 + r) = r + r²·(−1/2 + r/3 − r²/4 + r³/5 − r⁴/6 + r⁵/7 − r⁶/8 + r⁷/9).
    private const double L2 = -0.5, L3 = 1.0 / 3, L4 = -0.25, L5 = 0.2, L6 = -1.0 / 6, L7 = 1.0 / 7, L8 = -0.125, L9 = 1.0 / 9;

    /// <summary>2^(j/16), j = 0 … 15, correctly rounded.</summary>
    private static ReadOnlySpan<double> TwoToJOver16 =>
    [
        1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721, 1.241857812073484,
        1.2968395546510096, 1.3542555469368927, 1.4142135623730951, 1.4768261459394993, 1.5422108254079407,
        1.6104903319492543, 1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474,
    ];

    /// <summary>c_j = 1/(1 + (j + ½)/16) rounded, j = 0 … 15: m·c_j is within 1/33 of 1 for m in the j-th sixteenth of [1, 2).</summary>
    private static ReadOnlySpan<double> InverseCentre =>
    [
        0.9696969696969697, 0.9142857142857143, 0.8648648648648649, 0.8205128205128205, 0.7804878048780488,
        0.7441860465116279, 0.7111111111111111, 0.6808510638297872, 0.6530612244897959, 0.6274509803921569,
        0.6037735849056604, 0.5818181818181818, 0.5614035087719298, 0.5423728813559322, 0.5245901639344263,
        0.5079365079365079,
    ];

    /// <summary>−ln c_j of the double c_j above, correctly rounded.</summary>
    private static ReadOnlySpan<double> MinusLogInverseCentre =>
    [
        0.03077165866675366, 0.08961215868968717, 0.14518200984449783, 0.19782574332991992, 0.2478361639045812,
        0.2954642128938359, 0.3409265869705932, 0.38441169891033206, 0.42608439531090014, 0.46608972992459924,
        0.5045560107523953, 0.5415972824327444, 0.5773153650348236, 0.6118015411059929, 0.6451379613735847,
        0.6773988235918061,
    ];

    // a·b + c with one rounding, in both forms: exactly specified by IEEE 754, so the scalar and vector forms agree,
    // and each is one instruction where the CPU has FMA (a software fallback, slower but equal, where it has not).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <summary>e^x (x clamped to [−708, 709]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        x = x < ExpLow ? ExpLow : x;
        x = x > ExpHigh ? ExpHigh : x;
        double shifted = Fma(x, SixteenOverLn2, RoundMagic);
        double n = shifted - RoundMagic;
        double r = Fma(-n, Ln2Over16, x);
        double r2 = r * r;
        // Estrin's scheme: (1 + r) + (E2 + E3·r)·r² + (E4 + E5·r + E6·r²)·r⁴.
        double p = Fma(Fma(E6, r2, Fma(E5, r, E4)), r2 * r2, Fma(Fma(E3, r, E2), r2, 1.0 + r));
        long bits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic); // n
        // 2^(n mod 16 / 16) in [1, 2) with ⌊n/16⌋ added to its exponent: n/16 in [−1022, 1023) after the clamp.
        long scale = BitConverter.DoubleToInt64Bits(TwoToJOver16[(int)bits & 15]) + ((bits >> 4) << 52);
        return p * BitConverter.Int64BitsToDouble(scale);
    }

    /// <summary>e^x for each lane, bit-identical to <see cref="Exp(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var magic = Vector512.Create(RoundMagic);
        x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512.Create(ExpLow), x);
        x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHigh)), Vector512.Create(ExpHigh), x);
        Vector512<double> shifted = Fma(x, Vector512.Create(SixteenOverLn2), magic);
        Vector512<double> n = shifted - magic;
        Vector512<double> r = Fma(-n, Vector512.Create(Ln2Over16), x);
        Vector512<double> r2 = r * r;
        Vector512<double> p = Fma(Fma(Vector512.Create(E6), r2, Fma(Vector512.Create(E5), r, Vector512.Create(E4))), r2 * r2,
            Fma(Fma(Vector512.Create(E3), r, Vector512.Create(E2)), r2, Vector512<double>.One + r));
        Vector512<long> bits = shifted.AsInt64() - magic.AsInt64();
        Vector512<long> scale = Lookup(TwoToJOver16, bits).AsInt64() + Vector512.ShiftLeft(Vector512.ShiftRightArithmetic(bits, 4), 52);
        return p * scale.AsDouble();
    }

    /// <summary>ln x for finite x &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log(double x)
    {
        // Subnormals: scale into the normal range first (exact), and take 54 off the exponent.
        bool subnormal = x < SmallestNormal;
        x = subnormal ? x * TwoTo54 : x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int j = (int)(bits >> 48) & 15;
        double m = BitConverter.Int64BitsToDouble((bits & MantissaMask) | ExponentOfOne);
        // e is an integer below 2^11 in magnitude: (double)(e − 54) equals the lane form's (double)e − 54.0.
        double e = (bits >> 52) - 1023 - (subnormal ? 54L : 0L);
        double r = Fma(m, InverseCentre[j], -1.0);
        double r2 = r * r;
        // Estrin's scheme: (L2 + L3·r) + (L4 + L5·r)·r² + ((L6 + L7·r) + (L8 + L9·r)·r²)·r⁴, then r + q·r².
        double q = Fma(Fma(Fma(L9, r, L8), r2, Fma(L7, r, L6)), r2 * r2, Fma(Fma(L5, r, L4), r2, Fma(L3, r, L2)));
        return Fma(q, r2, r) + Fma(e, Ln2, MinusLogInverseCentre[j]);
    }

    /// <summary>ln x for each lane, bit-identical to <see cref="Log(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        Vector512<double> subnormal = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        x = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(TwoTo54), x);
        Vector512<double> bias = Vector512.ConditionalSelect(subnormal, Vector512.Create(54.0), Vector512<double>.Zero);
        Vector512<long> bits = x.AsInt64();
        Vector512<long> j = Vector512.ShiftRightLogical(bits, 48); // the lookup reads its low 4 bits
        Vector512<double> m = ((bits & Vector512.Create(MantissaMask)) | Vector512.Create(ExponentOfOne)).AsDouble();
        Vector512<double> e = Vector512.ConvertToDouble(Vector512.ShiftRightArithmetic(bits, 52) - Vector512.Create(1023L)) - bias;
        Vector512<double> r = Fma(m, Lookup(InverseCentre, j), Vector512.Create(-1.0));
        Vector512<double> r2 = r * r;
        Vector512<double> q = Fma(Fma(Fma(Vector512.Create(L9), r, Vector512.Create(L8)), r2, Fma(Vector512.Create(L7), r, Vector512.Create(L6))), r2 * r2,
            Fma(Fma(Vector512.Create(L5), r, Vector512.Create(L4)), r2, Fma(Vector512.Create(L3), r, Vector512.Create(L2))));
        return Fma(q, r2, r) + Fma(e, Vector512.Create(Ln2), Lookup(MinusLogInverseCentre, j));
    }

    /// <summary>table[index &amp; 15] in each lane (the table has 16 entries).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lookup(ReadOnlySpan<double> table, Vector512<long> index)
    {
        if (Avx512F.IsSupported)
            return Avx512F.PermuteVar8x64x2(Vector512.Create(table.Slice(0, 8)), index, Vector512.Create(table.Slice(8, 8)));
        // No AVX-512: element by element, the same values (no stackalloc: it would keep this from inlining).
        return Vector512.Create(table[(int)index.GetElement(0) & 15], table[(int)index.GetElement(1) & 15],
            table[(int)index.GetElement(2) & 15], table[(int)index.GetElement(3) & 15], table[(int)index.GetElement(4) & 15],
            table[(int)index.GetElement(5) & 15], table[(int)index.GetElement(6) & 15], table[(int)index.GetElement(7) & 15]);
    }
}
