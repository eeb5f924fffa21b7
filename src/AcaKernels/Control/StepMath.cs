using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Control;

/// <summary>
/// exp and log for the step-size controller, written once as a fixed sequence of IEEE-754 operations (add,
/// multiply, fused multiply-add, divide, compare-and-select, integer bit moves) in a scalar form and a
/// <see cref="Vector512{T}"/> form, so that every lane of the vector form equals the scalar form bit for bit.
/// Math.Exp/Math.Log and Vector512.Exp/Log differ from each other in the last bits, which would let a lane's step
/// sequence drift from the single-trajectory solver's.
/// </summary>
/// <remarks>
/// Accuracy a few ulps, far more than a step factor needs. Domain: <see cref="Exp(double)"/> clamps x to
/// [−708, 709] first (so it never returns a subnormal, 0 or ∞); <see cref="Log(double)"/> takes finite x &gt; 0,
/// subnormals included. Other inputs give an
/// unspecified finite or NaN value, never an exception (callers select the result away). No spans, no throws, no
/// allocation: a GPU kernel can call the scalar form.
/// exp: x = n·ln2 + r with n = round(x/ln2) (by the 1.5·2^52 trick, round-to-nearest-even in both forms),
/// r by Cody-Waite (ln2 split in a 43-bit high part and a remainder, so n·ln2_hi is exact for |n| ≤ 1024), e^r by its Taylor
/// polynomial of degree 13 (|r| ≤ 0.347: truncation 4e-18), evaluated by Estrin's scheme (short dependency chains:
/// the controller sits on each step's critical path), 2^n built in the exponent bits.
/// log: x = 2^e·m with m in [√½, √2), log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, by the odd series up
/// to s^21 (truncation 1e-18), plus e·ln2 split as above.
/// </remarks>
internal static class StepMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693147180369123816490;   // ln 2 to 43 bits (fdlibm's split)
    private const double Ln2Lo = 1.90821492927058770002e-10; // ln 2 − Ln2Hi
    private const double RoundMagic = 6755399441055744.0;    // 1.5·2^52: y + magic − magic rounds y to an integer
    private const double ExpLow = -708.0, ExpHigh = 709.0;
    private const double Sqrt2 = 1.4142135623730951;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long Sqrt2Mantissa = 0x0006_A09E_667F_3BCDL; // √2 = 0x3FF6A09E667F3BCD: its mantissa bits

    // 1/j! for j = 13 … 2 (Horner from the highest term).
    private const double E13 = 1.0 / 6227020800.0, E12 = 1.0 / 479001600.0, E11 = 1.0 / 39916800.0,
        E10 = 1.0 / 3628800.0, E9 = 1.0 / 362880.0, E8 = 1.0 / 40320.0, E7 = 1.0 / 5040.0, E6 = 1.0 / 720.0,
        E5 = 1.0 / 120.0, E4 = 1.0 / 24.0, E3 = 1.0 / 6.0, E2 = 0.5;

    // 1/(2j + 1) for j = 10 … 1.
    private const double L21 = 1.0 / 21, L19 = 1.0 / 19, L17 = 1.0 / 17, L15 = 1.0 / 15, L13 = 1.0 / 13,
        L11 = 1.0 / 11, L9 = 1.0 / 9, L7 = 1.0 / 7, L5 = 1.0 / 5, L3 = 1.0 / 3;

    // a·b + c with one rounding, in both forms: exactly specified by IEEE 754, so the scalar and vector forms agree,
    // and each is one instruction where the CPU has FMA (a software fallback, slower but equal, where it has not).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <summary>e^x (x clamped to [−708, 709]).</summary>
    public static double Exp(double x)
    {
        x = x < ExpLow ? ExpLow : x;
        x = x > ExpHigh ? ExpHigh : x;
        double shifted = Fma(x, Log2E, RoundMagic);
        double n = shifted - RoundMagic;
        double r = Fma(-n, Ln2Lo, Fma(-n, Ln2Hi, x));
        // Estrin's scheme: pairs, then powers r², r⁴, r⁸ (a dependency chain of 4 fused multiply-adds, not Horner's 13).
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double q0 = 1.0 + r, q1 = Fma(E3, r, E2), q2 = Fma(E5, r, E4), q3 = Fma(E7, r, E6), q4 = Fma(E9, r, E8);
        double q5 = Fma(E11, r, E10), q6 = Fma(E13, r, E12);
        double s0 = Fma(q1, r2, q0), s1 = Fma(q3, r2, q2), s2 = Fma(q5, r2, q4);
        double u0 = Fma(s1, r4, s0), u1 = Fma(q6, r4, s2);
        double p = Fma(u1, r8, u0);
        long bits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic);
        // 2^n for n in [−1022, 1023] is a normal number; n = 1024 (x near 709.78) cannot occur after the clamp.
        double scale = BitConverter.Int64BitsToDouble((bits + 1023) << 52);
        return p * scale;
    }

    /// <summary>e^x for each lane, bit-identical to <see cref="Exp(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var low = Vector512.Create(ExpLow);
        var high = Vector512.Create(ExpHigh);
        var magic = Vector512.Create(RoundMagic);
        x = Vector512.ConditionalSelect(Vector512.LessThan(x, low), low, x);
        x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, high), high, x);
        Vector512<double> shifted = Fma(x, Vector512.Create(Log2E), magic);
        Vector512<double> n = shifted - magic;
        Vector512<double> r = Fma(-n, Vector512.Create(Ln2Lo), Fma(-n, Vector512.Create(Ln2Hi), x));
        Vector512<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector512<double> q0 = Vector512<double>.One + r, q1 = Fma(Vector512.Create(E3), r, Vector512.Create(E2));
        Vector512<double> q2 = Fma(Vector512.Create(E5), r, Vector512.Create(E4)), q3 = Fma(Vector512.Create(E7), r, Vector512.Create(E6));
        Vector512<double> q4 = Fma(Vector512.Create(E9), r, Vector512.Create(E8)), q5 = Fma(Vector512.Create(E11), r, Vector512.Create(E10));
        Vector512<double> q6 = Fma(Vector512.Create(E13), r, Vector512.Create(E12));
        Vector512<double> s0 = Fma(q1, r2, q0), s1 = Fma(q3, r2, q2), s2 = Fma(q5, r2, q4);
        Vector512<double> u0 = Fma(s1, r4, s0), u1 = Fma(q6, r4, s2);
        Vector512<double> p = Fma(u1, r8, u0);
        Vector512<long> bits = shifted.AsInt64() - magic.AsInt64();
        Vector512<double> scale = Vector512.ShiftLeft(bits + Vector512.Create(1023L), 52).AsDouble();
        return p * scale;
    }

    /// <summary>ln x for finite x &gt; 0.</summary>
    public static double Log(double x)
    {
        // Subnormals: scale into the normal range first (exact), and take 54 off the exponent.
        bool subnormal = x < SmallestNormal;
        x = subnormal ? x * TwoTo54 : x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        long mantissa = bits & MantissaMask;
        // m in [1, 2): bring it to [√½, √2) so that s stays small. The lane form compares m ≥ √2 and halves m; here
        // the same decision and the same m come from integer operations (m and √2 share the exponent, so the double
        // order is the mantissa order, and halving m is exponent field 0x3FE instead of 0x3FF), which the JIT turns
        // into a conditional move: err's mantissa is random, and a branch on it was mispredicted on the step's
        // critical path. e is an integer below 2^11 in magnitude, so (double)(e + large − bias) is exactly the lane
        // form's ((double)e + 1.0) − 54.0.
        long large = mantissa >= Sqrt2Mantissa ? 1 : 0;
        double m = BitConverter.Int64BitsToDouble(mantissa | ((0x3FFL - large) << 52));
        double e = (bits >> 52) - 1023 + large - (subnormal ? 54L : 0L);
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        // Estrin's scheme in w = s² (as for exp).
        double w2 = s2 * s2, w4 = w2 * w2, w8 = w4 * w4;
        double a0 = Fma(L3, s2, 1.0), a1 = Fma(L7, s2, L5), a2 = Fma(L11, s2, L9), a3 = Fma(L15, s2, L13), a4 = Fma(L19, s2, L17);
        double b0 = Fma(a1, w2, a0), b1 = Fma(a3, w2, a2), b2 = Fma(L21, w2, a4);
        double q = Fma(b2, w8, Fma(b1, w4, b0));
        double logM = 2.0 * s * q;
        return Fma(e, Ln2Hi, Fma(e, Ln2Lo, logM));
    }

    /// <summary>ln x for each lane, bit-identical to <see cref="Log(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        Vector512<double> subnormal = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        x = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(TwoTo54), x);
        Vector512<double> bias = Vector512.ConditionalSelect(subnormal, Vector512.Create(54.0), Vector512<double>.Zero);
        Vector512<long> bits = x.AsInt64();
        Vector512<long> exponentBits = Vector512.ShiftRightArithmetic(bits, 52) - Vector512.Create(1023L);
        Vector512<double> m = ((bits & Vector512.Create(0x000F_FFFF_FFFF_FFFFL)) | Vector512.Create(0x3FF0_0000_0000_0000L)).AsDouble();
        Vector512<double> e = Vector512.ConvertToDouble(exponentBits);
        Vector512<double> large = Vector512.GreaterThanOrEqual(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(large, m * Vector512.Create(0.5), m);
        e = Vector512.ConditionalSelect(large, e + Vector512<double>.One, e);
        e = e - bias;
        var one = Vector512<double>.One;
        Vector512<double> s = (m - one) / (m + one);
        Vector512<double> s2 = s * s;
        Vector512<double> w2 = s2 * s2, w4 = w2 * w2, w8 = w4 * w4;
        Vector512<double> a0 = Fma(Vector512.Create(L3), s2, one), a1 = Fma(Vector512.Create(L7), s2, Vector512.Create(L5));
        Vector512<double> a2 = Fma(Vector512.Create(L11), s2, Vector512.Create(L9)), a3 = Fma(Vector512.Create(L15), s2, Vector512.Create(L13));
        Vector512<double> a4 = Fma(Vector512.Create(L19), s2, Vector512.Create(L17));
        Vector512<double> b0 = Fma(a1, w2, a0), b1 = Fma(a3, w2, a2), b2 = Fma(Vector512.Create(L21), w2, a4);
        Vector512<double> q = Fma(b2, w8, Fma(b1, w4, b0));
        Vector512<double> logM = Vector512.Create(2.0) * s * q;
        return Fma(e, Vector512.Create(Ln2Hi), Fma(e, Vector512.Create(Ln2Lo), logM));
    }
}
