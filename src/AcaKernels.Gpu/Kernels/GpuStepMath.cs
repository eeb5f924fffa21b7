namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The kernel-safe twin of the step spec's exp and log (<c>AcaKernels.Control.StepMath</c>, scalar form): the same
/// operations in the same order with the same constants, its fused multiply-adds through <see cref="GpuMath.Fma(double, double, double)"/>
/// (the spec's <c>Math.FusedMultiplyAdd</c> does not compile on ILGPU's OpenCL and PTX backends). Tests hold the two
/// bit-identical. A short polynomial of fused multiply-adds: on a GPU it costs a few dozen instructions, where a
/// double <c>Math.Exp</c>/<c>Math.Log</c> becomes thousands of instructions of software routine on PTX.
/// </summary>
/// <remarks>Algorithm and accuracy: see StepMath (exp: 2^(j/16) table, one-FMA reduction, degree-6 Taylor polynomial
/// by Estrin's scheme; log: 1/c_j table picked by the top 4 mantissa bits, one-FMA reduction, degree-9 Taylor
/// polynomial of ln(1 + r)). The spec reads its tables from <c>ReadOnlySpan</c>s, which a kernel cannot; here each
/// table is <see cref="GpuStepTables"/>' select tree over the same constants (the same value, so the same bits).
/// Keep the two files in step: a change to one is a change to both.</remarks>
internal static class GpuStepMath
{
    private const double SixteenOverLn2 = 23.083120654223414;   // 16/ln 2
    private const double Ln2Over16 = 0.04332169878499658;       // ln 2 / 16
    private const double Ln2 = 0.6931471805599453;
    private const double RoundMagic = 6755399441055744.0;       // 1.5·2^52
    private const double ExpLow = -708.0, ExpHigh = 709.0;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long ExponentOfOne = 0x3FF0_0000_0000_0000L;

    private const double E2 = 0.5, E3 = 1.0 / 6, E4 = 1.0 / 24, E5 = 1.0 / 120, E6 = 1.0 / 720;

    private const double L2 = -0.5, L3 = 1.0 / 3, L4 = -0.25, L5 = 0.2, L6 = -1.0 / 6, L7 = 1.0 / 7, L8 = -0.125, L9 = 1.0 / 9;

    /// <summary>e^x (x clamped to [−708, 709]), bit-identical to StepMath.Exp.</summary>
    public static double Exp(double x)
    {
        x = x < ExpLow ? ExpLow : x;
        x = x > ExpHigh ? ExpHigh : x;
        double shifted = GpuMath.Fma(x, SixteenOverLn2, RoundMagic);
        double n = shifted - RoundMagic;
        double r = GpuMath.Fma(-n, Ln2Over16, x);
        double r2 = r * r;
        double p = GpuMath.Fma(GpuMath.Fma(E6, r2, GpuMath.Fma(E5, r, E4)), r2 * r2, GpuMath.Fma(GpuMath.Fma(E3, r, E2), r2, 1.0 + r));
        long bits = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(RoundMagic); // n
        long scale = BitConverter.DoubleToInt64Bits(GpuStepTables.TwoToJOver16((int)bits & 15)) + ((bits >> 4) << 52);
        return p * BitConverter.Int64BitsToDouble(scale);
    }

    /// <summary>ln x for finite x &gt; 0, bit-identical to StepMath.Log.</summary>
    public static double Log(double x)
    {
        bool subnormal = x < SmallestNormal;
        x = subnormal ? x * TwoTo54 : x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int j = (int)(bits >> 48) & 15;
        double m = BitConverter.Int64BitsToDouble((bits & MantissaMask) | ExponentOfOne);
        double e = (bits >> 52) - 1023 - (subnormal ? 54L : 0L);
        double r = GpuMath.Fma(m, GpuStepTables.InverseCentre(j), -1.0);
        double r2 = r * r;
        double q = GpuMath.Fma(GpuMath.Fma(GpuMath.Fma(L9, r, L8), r2, GpuMath.Fma(L7, r, L6)), r2 * r2,
            GpuMath.Fma(GpuMath.Fma(L5, r, L4), r2, GpuMath.Fma(L3, r, L2)));
        return GpuMath.Fma(q, r2, r) + GpuMath.Fma(e, Ln2, GpuStepTables.MinusLogInverseCentre(j));
    }
}
