namespace AcaKernels.Gpu.Tests.MathFunctions;

/// <summary>The (x, y) points a function is tested at: fixed seed, a few thousand per domain.</summary>
internal static class MathTestPoints
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, 2.2250738585072014e-308, -2.2250738585072014e-308,
        700, -700, 709.78, 710.5, -745.2, 1e-300, Math.PI, -Math.PI, Math.PI / 2, 1e8, 1e15, 1e300,
    ];

    public static (double[] X, double[] Y) For(MathDomain domain, int seed = 20261204)
    {
        var random = new Random(seed);
        var x = new List<double>(Specials);
        for (int e = -60; e <= 60; e++)
            for (int k = 0; k < 16; k++)
            {
                double magnitude = Math.ScaleB(1 + random.NextDouble(), e);
                x.Add(k % 2 == 0 ? magnitude : -magnitude);
            }
        for (int k = 0; k < 2000; k++) x.Add(-8 + 16 * random.NextDouble());
        if (domain == MathDomain.Trigonometric)
        {
            for (int e = 26; e <= 1023; e++)
                foreach (double mantissa in new[] { 1.0, 1 + random.NextDouble(), 1 + random.NextDouble() })
                    x.Add((e & 1) == 0 ? Math.ScaleB(mantissa, e) : -Math.ScaleB(mantissa, e));
            double worstCase = Math.ScaleB(6381956970095103.0, 797);
            for (int k = 1; k <= 20; k++) x.Add(BitIncrement(worstCase, k - 10));
        }
        if (domain == MathDomain.UnitInterval)
        {
            for (int k = 0; k < 2000; k++) x.Add(-1 + 2 * random.NextDouble());
            foreach (double c in new[] { 1.0, -1.0, 0.5, -0.5 })
                for (int k = 1; k <= 40; k++) x.Add(BitIncrement(c, k - 20));
        }
        var y = new double[x.Count];
        if (domain == MathDomain.Binary)
            for (int i = 0; i < y.Length; i++)
                y[i] = i % 5 == 0 ? random.Next(-6, 7) : i % 7 == 0 ? x[(i * 31) % x.Count] : -30 + 60 * random.NextDouble();
        return (x.ToArray(), y);
    }

    private static double BitIncrement(double value, int ulps) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(value) + ulps);

    /// <summary>Ulps between two doubles of the same sign region (0 for two NaNs; long.MaxValue for NaN against a number).</summary>
    public static long Ulps(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0; // +0 and −0 included
        return Math.Abs(Ordered(BitConverter.DoubleToInt64Bits(a)) - Ordered(BitConverter.DoubleToInt64Bits(b)));
    }

    /// <inheritdoc cref="Ulps(double, double)"/>
    public static long Ulps(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        if (a == b) return 0;
        return Math.Abs(Ordered(BitConverter.SingleToInt32Bits(a)) - (long)Ordered(BitConverter.SingleToInt32Bits(b)));
    }

    private static long Ordered(long bits) => bits < 0 ? long.MinValue - bits : bits;

    private static long Ordered(int bits) => bits < 0 ? int.MinValue - (long)bits : bits;
}
