namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The kernel-safe twin of the step spec's exp and log (<c>AcaKernels.Control.StepMath</c>, scalar form): the same
/// operations in the same order with the same constants, its fused multiply-adds through <see cref="GpuMath.Fma(double, double, double)"/>
/// (the spec's <c>Math.FusedMultiplyAdd</c> does not compile on ILGPU's OpenCL and PTX backends). Tests hold the two
/// bit-identical. A short polynomial of fused multiply-adds: on a GPU it costs a few dozen instructions, where a
/// double <c>Math.Exp</c>/<c>Math.Log</c> becomes thousands of instructions of software routine on PTX.
/// </summary>
/// <remarks>Algorithm and accuracy: see StepMath (Cody-Waite reduction, degree-13 Taylor polynomial by Estrin's
/// scheme; log through atanh's odd series to s^21). Keep the two files in step: a change to one is a change to both.</remarks>
internal static class GpuStepMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double RoundMagic = 6755399441055744.0;
    private const double ExpLow = -708.0, ExpHigh = 709.0;
    private const double Sqrt2 = 1.4142135623730951;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallestNormal = 2.2250738585072014e-308;

    private const double E13 = 1.0 / 6227020800.0, E12 = 1.0 / 479001600.0, E11 = 1.0 / 39916800.0,
        E10 = 1.0 / 3628800.0, E9 = 1.0 / 362880.0, E8 = 1.0 / 40320.0, E7 = 1.0 / 5040.0, E6 = 1.0 / 720.0,
        E5 = 1.0 / 120.0, E4 = 1.0 / 24.0, E3 = 1.0 / 6.0, E2 = 0.5;

    private const double L21 = 1.0 / 21, L19 = 1.0 / 19, L17 = 1.0 / 17, L15 = 1.0 / 15, L13 = 1.0 / 13,
        L11 = 1.0 / 11, L9 = 1.0 / 9, L7 = 1.0 / 7, L5 = 1.0 / 5, L3 = 1.0 / 3;

    /// <summary>e^x (x clamped to [−708, 709]), bit-identical to StepMath.Exp.</summary>
    public static double Exp(double x)
    {
        x = x < ExpLow ? ExpLow : x;
        x = x > ExpHigh ? ExpHigh : x;
        double shifted = GpuMath.Fma(x, Log2E, RoundMagic);
        double n = shifted - RoundMagic;
        double r = GpuMath.Fma(-n, Ln2Lo, GpuMath.Fma(-n, Ln2Hi, x));
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double q0 = 1.0 + r, q1 = GpuMath.Fma(E3, r, E2), q2 = GpuMath.Fma(E5, r, E4), q3 = GpuMath.Fma(E7, r, E6);
        double q4 = GpuMath.Fma(E9, r, E8), q5 = GpuMath.Fma(E11, r, E10), q6 = GpuMath.Fma(E13, r, E12);
        double s0 = GpuMath.Fma(q1, r2, q0), s1 = GpuMath.Fma(q3, r2, q2), s2 = GpuMath.Fma(q5, r2, q4);
        double u0 = GpuMath.Fma(s1, r4, s0), u1 = GpuMath.Fma(q6, r4, s2);
        double p = GpuMath.Fma(u1, r8, u0);
        long bits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic);
        double scale = BitConverter.Int64BitsToDouble((bits + 1023) << 52);
        return p * scale;
    }

    /// <summary>ln x for finite x &gt; 0, bit-identical to StepMath.Log.</summary>
    public static double Log(double x)
    {
        bool subnormal = x < SmallestNormal;
        x = subnormal ? x * TwoTo54 : x;
        double bias = subnormal ? 54.0 : 0.0;
        long bits = BitConverter.DoubleToInt64Bits(x);
        long exponentBits = (bits >> 52) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        double e = exponentBits;
        bool large = m >= Sqrt2;
        m = large ? m * 0.5 : m;
        e = large ? e + 1.0 : e;
        e = e - bias;
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double w2 = s2 * s2, w4 = w2 * w2, w8 = w4 * w4;
        double a0 = GpuMath.Fma(L3, s2, 1.0), a1 = GpuMath.Fma(L7, s2, L5), a2 = GpuMath.Fma(L11, s2, L9);
        double a3 = GpuMath.Fma(L15, s2, L13), a4 = GpuMath.Fma(L19, s2, L17);
        double b0 = GpuMath.Fma(a1, w2, a0), b1 = GpuMath.Fma(a3, w2, a2), b2 = GpuMath.Fma(L21, w2, a4);
        double q = GpuMath.Fma(b2, w8, GpuMath.Fma(b1, w4, b0));
        double logM = 2.0 * s * q;
        return GpuMath.Fma(e, Ln2Hi, GpuMath.Fma(e, Ln2Lo, logM));
    }
}
