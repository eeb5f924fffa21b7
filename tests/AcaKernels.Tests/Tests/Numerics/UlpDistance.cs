namespace AcaKernels.Tests.Numerics;

/// <summary>Distance in ulps between two floating-point numbers of any sign (across 0 the steps are counted through
/// ±0): the measure every OdeMath accuracy test compares with the C runtime's function by.</summary>
internal static class UlpDistance
{
    public static long Between(double a, double b) => Math.Abs(Ordered(a) - Ordered(b));

    public static long Between(float a, float b) => Math.Abs(Ordered(a) - Ordered(b));

    /// <summary>The bits as an integer that increases with the value, −0 and +0 adjacent.</summary>
    private static long Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits < 0 ? long.MinValue - bits : bits;
    }

    private static long Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits < 0 ? int.MinValue - (long)bits : bits;
    }
}
