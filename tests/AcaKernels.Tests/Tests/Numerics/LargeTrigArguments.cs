using System.Numerics;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// Arguments beyond sin's, cos's and tan's Cody–Waite bound 2^26, where OdeMath reduces by Payne and Hanek
/// (OdeMath.LargeReduction.cs): random points of every magnitude up to double.MaxValue, every power of two with its
/// bit neighbours (the window into 2/π moves by one bit per exponent, and crosses its 64-bit words at every 64th),
/// the double whose reduction cancels most (6381956970095103·2^797: a·2/π is 2^−61.5 from an integer) with its
/// neighbours, and the top of the range. Both signs.
/// </summary>
internal static class LargeTrigArguments
{
    private const double Bound = 67108864.0; // 2^26

    /// <summary>The hardest argument of the reduction by π/2 among all doubles (Muller, Elementary Functions, the
    /// table of worst cases): its remainder is about 4.687e−19.</summary>
    public static readonly double WorstCase = Math.ScaleB(6381956970095103.0, 797);

    private static double[]? _points;

    /// <summary>x − k·π/2 (k = round(x·2/π)) and k mod 4 for a positive finite x, by exact integer arithmetic with π to
    /// 1500 bits from Machin's formula: an independent reference for the reduction (no table shared with OdeMath). The
    /// remainder is rounded to a double once (from its top 64 bits: off by a tie only, 2^−11 ulp at worst).</summary>
    public static (long Quadrant, double Remainder) ExactReduction(double x)
    {
        const int K = 1500;
        BigInteger pi = PiScaled(K);                                   // π·2^K
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)(bits >> 52) - 1075;
        BigInteger m = (bits & 0x000F_FFFF_FFFF_FFFFL) | (1L << 52);
        // x·2/π = m·2^(e+1+K)/(π·2^K): quotient and remainder by the integer division, scaled so both are exact.
        BigInteger numerator = m << (e + 1 + K);
        BigInteger k = BigInteger.DivRem(numerator, pi, out BigInteger rest); // x·2/π = k + rest/π
        if (rest * 2 >= pi)
        {
            k += 1;
            rest -= pi;
        }
        // x − k·π/2 = (rest/π)·π/2 = rest / 2^(K+1).
        int sign = rest.Sign;
        BigInteger magnitude = BigInteger.Abs(rest);
        int length = (int)magnitude.GetBitLength(), drop = Math.Max(0, length - 64);
        double remainder = sign * Math.ScaleB((double)(ulong)(magnitude >> drop), drop - (K + 1));
        return ((long)(k & 3), remainder);
    }

    private static BigInteger PiScaled(int bits)
    {
        // π = 16·atan(1/5) − 4·atan(1/239), each series summed at 2^(bits + 32) and rounded down to 2^bits.
        int guard = bits + 32;
        BigInteger pi = 16 * ArctanOfInverse(5, guard) - 4 * ArctanOfInverse(239, guard);
        return pi >> 32;
    }

    private static BigInteger ArctanOfInverse(int x, int bits)
    {
        BigInteger total = 0, term = (BigInteger.One << bits) / x, x2 = x * x;
        for (int n = 1, sign = 1; !term.IsZero; n += 2, sign = -sign)
        {
            total += sign * (term / n);
            term /= x2;
        }
        return total;
    }

    public static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        var random = new Random(2611);
        for (int i = 0; i < 200_000; i++)
        {
            double magnitude = Math.Min(Math.Pow(2, 26 + 998.0 * random.NextDouble()), double.MaxValue);
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        for (int e = 26; e <= 1023; e++)
            AddNeighbours(points, Math.ScaleB(1.0, e), 40);
        AddNeighbours(points, WorstCase, 1000);
        AddNeighbours(points, double.MaxValue, 1000);
        points.RemoveAll(x => !(Math.Abs(x) > Bound && Math.Abs(x) <= double.MaxValue));
        points.AddRange(points.Select(x => -x).ToArray());
        return _points = points.ToArray();
    }

    private static void AddNeighbours(List<double> points, double centre, int count)
    {
        long bits = BitConverter.DoubleToInt64Bits(centre);
        for (long d = -count; d <= count; d++) points.Add(BitConverter.Int64BitsToDouble(bits + d));
    }
}
