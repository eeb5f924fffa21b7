using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// e^x in the three forms (scalar, Vector256, Vector512), bit-identical lane by lane. The generator lowers
/// <c>Math.Exp</c> and <c>MathF.Exp</c> in <c>[OdeDynamics]</c> bodies to these, for the reason it lowers Math.Tanh
/// (<see cref="OdeMath"/>): Math.Exp is the C runtime's exp, one value at a time, and no vector function rounds like
/// it, so a lane kernel used to call it lane by lane (eight calls and a round trip through memory per vector).
/// </summary>
/// <remarks>
/// The design of <see cref="Tanh(double)"/>'s exponential (its constants), over the whole double range: x clamped
/// to [−746, 710] (beyond, e^x is 0 or ∞ anyway; NaN passes, the comparisons being false), k = round(x/ln 2) by the
/// 1.5·2^52 trick, r = x − k·ln 2 in two steps (Cody–Waite: ln 2's 42-bit head makes k·head exact for |k| &lt; 2^11
/// and x − k·head exact by Sterbenz's lemma; the tail by one FMA), e^r = 1 + r + r²·E(r) on |r| ≤ ln 2/2 (E of
/// degree 9, 2e-17 relative, by Estrin's scheme), then 2^k applied as two normal powers of two
/// 2^⌊k/2⌋·2^(k−⌊k/2⌋): the first product is exact, the second rounds once, so results that overflow give ∞ and
/// results below 2^−1022 round once into the subnormals (or to 0), as a correctly rounded exp's would. Measured
/// against Math.Exp over a dense sweep of [−745, 709.8]: at most 1 ulp apart (tests hold it). e^0 = 1 exactly;
/// e^−∞ = 0, e^+∞ = ∞, NaN gives NaN.
/// <para>No table: ILGPU kernels cannot read static arrays. Fused multiply-adds (one rounding each, so every form
/// computes the same bits) keep the chain after x 12 operations deep, because the scalar engine waits on each exp;
/// the C runtime's table-driven exp still has less latency (10.6 against 13.5 ns in a dependent chain,
/// benchmarks/RESULTS.md §45; the same throughput). The GPU form is the same algorithm over ILGPU's FMA
/// (<c>AcaKernels.Gpu.Kernels.GpuMath.Exp</c>, through <see cref="Exp{TFma}(double)"/>).</para>
/// </remarks>
public static partial class OdeMath
{
    /// <summary>e^x, within 1 ulp of <see cref="Math.Exp"/>; see the type's remarks.</summary>
    /// <remarks>Not inlined: a fused step calls exp once per stage and component, and with every copy inlined the
    /// JIT keeps the algorithm's fourteen constants in registers across the whole step and spills (a Dopri5 step of
    /// a two-exponential system: 1 264 instructions, 397 of them stack operands; 1.5× slower than calls).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Exp(double x) => Exp<SystemFusedMultiplyAdd>(x);

    /// <summary>e^x in float: <see cref="Exp(double)"/> of x, rounded once to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => (float)Exp((double)x);

    /// <summary>The scalar algorithm over a fused multiply-add <typeparamref name="TFma"/>: System.Math's on the CPU
    /// (<see cref="Exp(double)"/>), ILGPU's in the GPU form (its compilers cannot build Math.FusedMultiplyAdd); both
    /// round once, so both give the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp<TFma>(double x) where TFma : IFusedMultiplyAdd
    {
        double c = x > ExpHigh ? ExpHigh : x;
        c = c < ExpLow ? ExpLow : c;
        double shifted = TFma.Fma(c, InverseLn2, RoundMagic);
        double k = shifted - RoundMagic;
        double r = TFma.Fma(k, -Ln2Tail, TFma.Fma(k, -Ln2Head, c));
        double r2 = r * r, r4 = r2 * r2;
        // E(r) by Estrin's scheme: pairs, then pairs of pairs (4 operations deep after r², where Horner takes 9).
        double a0 = TFma.Fma(E1, r, E0), a1 = TFma.Fma(E3, r, E2), a2 = TFma.Fma(E5, r, E4), a3 = TFma.Fma(E7, r, E6), a4 = TFma.Fma(E9, r, E8);
        double e = TFma.Fma(a4, r4 * r4, TFma.Fma(TFma.Fma(a3, r2, a2), r4, TFma.Fma(a1, r2, a0)));
        double er = 1.0 + TFma.Fma(r2, e, r);
        long kBits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic);
        long half = kBits >> 1;
        double first = BitConverter.Int64BitsToDouble((half + ExponentBias) << MantissaBits);
        double second = BitConverter.Int64BitsToDouble((kBits - half + ExponentBias) << MantissaBits);
        // For k in [−1074, 1023], 2^k = first·second exactly (the subnormal powers too), and er·2^k rounds once as
        // (er·first)·second does: the same bits with one product on the chain (the vector forms keep the two).
        return (ulong)(kBits + 1074) <= 2097 ? er * (first * second) : er * first * second;
    }

    /// <summary>e^x of each lane, bit-identical to <see cref="Exp(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> high = Vector512.Create(ExpHigh), low = Vector512.Create(ExpLow);
        Vector512<double> c = Vector512.ConditionalSelect(Vector512.GreaterThan(x, high), high, x);
        c = Vector512.ConditionalSelect(Vector512.LessThan(c, low), low, c);
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> shifted = Vector512.FusedMultiplyAdd(c, Vector512.Create(InverseLn2), magic);
        Vector512<double> k = shifted - magic;
        Vector512<double> r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Tail), Vector512.FusedMultiplyAdd(k, Vector512.Create(-Ln2Head), c));
        Vector512<double> r2 = r * r, r4 = r2 * r2;
        Vector512<double> a0 = Vector512.FusedMultiplyAdd(Vector512.Create(E1), r, Vector512.Create(E0));
        Vector512<double> a1 = Vector512.FusedMultiplyAdd(Vector512.Create(E3), r, Vector512.Create(E2));
        Vector512<double> a2 = Vector512.FusedMultiplyAdd(Vector512.Create(E5), r, Vector512.Create(E4));
        Vector512<double> a3 = Vector512.FusedMultiplyAdd(Vector512.Create(E7), r, Vector512.Create(E6));
        Vector512<double> a4 = Vector512.FusedMultiplyAdd(Vector512.Create(E9), r, Vector512.Create(E8));
        Vector512<double> e = Vector512.FusedMultiplyAdd(a4, r4 * r4,
            Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(a3, r2, a2), r4, Vector512.FusedMultiplyAdd(a1, r2, a0)));
        Vector512<double> er = Vector512<double>.One + Vector512.FusedMultiplyAdd(r2, e, r);
        Vector512<long> kBits = shifted.AsInt64() - magic.AsInt64();
        Vector512<long> half = Vector512.ShiftRightArithmetic(kBits, 1);
        Vector512<long> bias = Vector512.Create(ExponentBias);
        Vector512<double> first = Vector512.ShiftLeft(half + bias, MantissaBits).AsDouble();
        Vector512<double> second = Vector512.ShiftLeft(kBits - half + bias, MantissaBits).AsDouble();
        return er * first * second;
    }

    /// <summary>e^x of each lane, bit-identical to <see cref="Exp(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> high = Vector256.Create(ExpHigh), low = Vector256.Create(ExpLow);
        Vector256<double> c = Vector256.ConditionalSelect(Vector256.GreaterThan(x, high), high, x);
        c = Vector256.ConditionalSelect(Vector256.LessThan(c, low), low, c);
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> shifted = Vector256.FusedMultiplyAdd(c, Vector256.Create(InverseLn2), magic);
        Vector256<double> k = shifted - magic;
        Vector256<double> r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Tail), Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Head), c));
        Vector256<double> r2 = r * r, r4 = r2 * r2;
        Vector256<double> a0 = Vector256.FusedMultiplyAdd(Vector256.Create(E1), r, Vector256.Create(E0));
        Vector256<double> a1 = Vector256.FusedMultiplyAdd(Vector256.Create(E3), r, Vector256.Create(E2));
        Vector256<double> a2 = Vector256.FusedMultiplyAdd(Vector256.Create(E5), r, Vector256.Create(E4));
        Vector256<double> a3 = Vector256.FusedMultiplyAdd(Vector256.Create(E7), r, Vector256.Create(E6));
        Vector256<double> a4 = Vector256.FusedMultiplyAdd(Vector256.Create(E9), r, Vector256.Create(E8));
        Vector256<double> e = Vector256.FusedMultiplyAdd(a4, r4 * r4,
            Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(a3, r2, a2), r4, Vector256.FusedMultiplyAdd(a1, r2, a0)));
        Vector256<double> er = Vector256<double>.One + Vector256.FusedMultiplyAdd(r2, e, r);
        Vector256<long> kBits = shifted.AsInt64() - magic.AsInt64();
        Vector256<long> half = Vector256.ShiftRightArithmetic(kBits, 1);
        Vector256<long> bias = Vector256.Create(ExponentBias);
        Vector256<double> first = Vector256.ShiftLeft(half + bias, MantissaBits).AsDouble();
        Vector256<double> second = Vector256.ShiftLeft(kBits - half + bias, MantissaBits).AsDouble();
        return er * first * second;
    }
}
