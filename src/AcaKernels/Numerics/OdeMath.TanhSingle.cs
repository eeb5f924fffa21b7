using System.Runtime.CompilerServices;

namespace AcaKernels.Numerics;

/// <summary>
/// tanh and sech² of a float in float arithmetic: no widening to double. A float32 neural ODE calls tanh in every
/// hidden unit of every stage; on a GPU the double form costs double-rate operations (1/2 of float rate on data-centre
/// GPUs, 1/32–1/64 on consumer ones) plus a double division, for a result then rounded to float. The same C# method is
/// the CPU form and the GPU form (no FMA, no table), so ILGPU's CPU accelerator and PoCL compute the CPU engine's bits.
/// </summary>
/// <remarks>
/// The design of <see cref="Tanh(double)"/> with float-sized polynomials: with a = |x| clamped to 9.5 (float tanh rounds
/// to 1 from 9.0109 on; +∞ included, NaN kept), a &lt; 0.9 (and NaN) gives a + a·s·P(s), s = a², and a ≥ 0.9 gives
/// 1 − 2u/(1 + u), u = e^{−2a}. Error budget: the correction is ≤ 0.26 (polynomial side) and ≤ 0.40 (exponential side)
/// of the result, so its ~2 ulp of rounding count for ~0.6–0.8 ulp on top of the final rounding; measured ≤ 1.3 float
/// ulp against tanh over every float (OdeMathTanhSingleTests, RESULTS.md). The double form rounded to float was within
/// ~0.5 ulp: the float form trades that last half ulp for float-rate arithmetic (CUDA's tanhf is documented at 2 ulp).
/// </remarks>
public static partial class OdeMath
{
    private const float TanhSaturationSingle = 9.5f, TanhSwitchSingle = 0.9f;

    // sech²: beyond |x| = 43 it is below 1.8e-37 (near the end of float's normal range) and returned as 0.
    private const float DerivativeCutoffSingle = 43f;

    // (tanh √s − √s)/s^{3/2} = P(s) on s = a² ≤ 0.81: degree 6, minimax in relative error (Lawson's iteration on 3 000
    // Chebyshev points, each coefficient rounded to float and the higher ones refitted): 6.0e-8 relative.
    private const float TanhP0 = -0.3333333134651184f, TanhP1 = 0.1333313286304474f, TanhP2 = -0.053934771567583084f,
        TanhP3 = 0.02165633998811245f, TanhP4 = -0.008200731128454208f, TanhP5 = 0.0024801981635391712f,
        TanhP6 = -0.00040401017758995295f;

    // e^r = 1 + r + r²·E(r) on |r| ≤ ln 2 / 2: degree 4, fitted as P above: 1.3e-7 relative in E, which is at most
    // 0.067 of e^r there (≤ 0.15 ulp of e^r).
    private const float ExpE0 = 0.5f, ExpE1 = 0.16666579246520996f, ExpE2 = 0.04166675731539726f,
        ExpE3 = 0.008362951688468456f, ExpE4 = 0.0013906151289120317f;

    // ln 2 = Ln2HeadSingle + Ln2TailSingle: the head's 16 significant bits make k·head exact for |k| ≤ 2^8.
    private const float Ln2HeadSingle = 0.693145751953125f, Ln2TailSingle = 1.428606765330187e-06f;
    private const float InverseLn2Single = 1.4426950216293335f;
    private const float RoundMagicSingle = 12582912f; // 1.5·2^23: y + magic − magic rounds y to an integer
    private const int ExponentBiasSingle = 127, MantissaBitsSingle = 23, SignBitSingle = int.MinValue;

    /// <summary>tanh(x) in float arithmetic, ≤ 1.3 float ulp (see the type's remarks); odd bit for bit, tanh(±0) = ±0,
    /// tanh(±∞) = ±1, NaN in gives NaN out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        float a = MathF.Abs(x);
        a = a > TanhSaturationSingle ? TanhSaturationSingle : a;
        float y;
        if (a >= TanhSwitchSingle)
        {
            float u = ExpOfMinusTwice(a);
            y = 1f + -2f * u / (1f + u);
        }
        else
        {
            float s = a * a;
            float p = (((((TanhP6 * s + TanhP5) * s + TanhP4) * s + TanhP3) * s + TanhP2) * s + TanhP1) * s + TanhP0;
            y = a + a * s * p;
        }
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(y) | (BitConverter.SingleToInt32Bits(x) & SignBitSingle));
    }

    /// <summary>d tanh(x)/dx = sech²x in float arithmetic from <paramref name="tanhX"/> = <see cref="Tanh(float)"/>(x):
    /// e^{−2|x|}·(1 + |t|)², as <see cref="TanhDerivative(double, double)"/> (no cancellation where t rounds to ±1), a few
    /// float ulp; 0 beyond |x| = 43, NaN in x gives that NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhDerivative(float x, float tanhX)
    {
        float a = MathF.Abs(x);
        float u = ExpOfMinusTwice(a > DerivativeCutoffSingle ? DerivativeCutoffSingle : a);
        float w = 1f + MathF.Abs(tanhX);
        float d = u * (w * w);
        d = a > DerivativeCutoffSingle ? 0f : d;
        return float.IsNaN(x) ? x : d;
    }

    /// <summary>e^{−2a} in float for 0 ≤ a ≤ 43 (NaN in: unspecified out), ≤ ~0.7 float ulp: k = round(−2a/ln 2) by the
    /// 1.5·2^23 trick, r = −2a − k·ln 2 in two steps (Cody–Waite), e^r = 1 + r + r²·E(r), 2^k from the exponent bits
    /// (k ≥ −124: a normal number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ExpOfMinusTwice(float a)
    {
        float v = -2f * a;
        float shifted = v * InverseLn2Single + RoundMagicSingle;
        float k = shifted - RoundMagicSingle;
        float r = v - k * Ln2HeadSingle - k * Ln2TailSingle;
        float e = (((ExpE4 * r + ExpE3) * r + ExpE2) * r + ExpE1) * r + ExpE0;
        float er = 1f + (r + r * r * e);
        int kBits = BitConverter.SingleToInt32Bits(shifted) - BitConverter.SingleToInt32Bits(RoundMagicSingle);
        return er * BitConverter.Int32BitsToSingle((kBits + ExponentBiasSingle) << MantissaBitsSingle);
    }
}
