using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Log against Math.Log (glibc's log, correctly rounded in practice: its authors' bound is ≈ 0.52 ulp) over
/// the whole positive range, subnormals included, its special values, monotonicity, its float form, and its vector
/// forms lane by lane against the scalar form, bit for bit (special values in lanes among ordinary ones).
/// </summary>
public sealed class OdeMathLogTests(ITestOutputHelper output)
{
    // OdeMath.Log's own error is ≲ 0.55 ulp (the result rounded once after two exact Fast2Sums; ≈ 0.05 ulp before
    // it, mostly s = f/(2 + f)'s two roundings); with glibc within ~0.5 ulp, the two differ by at most 1 ulp. The
    // sweep is deterministic: a failure is a change of either function.
    private const long MaxUlpsFromMath = 1;

    /// <summary>3 million bit patterns evenly spread over every positive finite double (so every binade, the
    /// subnormals included, about 1 400 points each), a dense linear grid over [0.5, 2.5] (where k is −1, 0 or 1, the
    /// range reduction's switch at √2 and ln's zero at 1: the cancellations), random points of every magnitude, and
    /// the bit neighbourhoods of 1, √½, √2, 2, ½, e, the smallest normal and the largest double.</summary>
    private static double[] Points()
    {
        var points = new List<double>();
        const long top = 0x7FEF_FFFF_FFFF_FFFFL;
        for (long i = 1; i <= 3_000_000; i++) points.Add(BitConverter.Int64BitsToDouble(i * (top / 3_000_000) - i * 7919));
        for (int i = 0; i <= 2_000_000; i++) points.Add(0.5 + i * (2.0 / 2_000_000) + i * 3.3e-15);
        var random = new Random(1303);
        for (int i = 0; i < 200_000; i++) points.Add(Math.Pow(10, -323 + 631.2 * random.NextDouble()));
        foreach (double centre in new[] { 1.0, 0.7071067811865476, 1.4142135623730951, 2.0, 0.5, Math.E, 2.2250738585072014e-308,
                     double.MaxValue, 4.9406564584124654e-324 })
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            for (long k = -2000; k <= 2000; k++)
                if (bits + k > 0 && bits + k < 0x7FF0_0000_0000_0000L) points.Add(BitConverter.Int64BitsToDouble(bits + k));
        }
        while (points.Count % 8 != 0) points.Add(1.5);
        return points.ToArray();
    }

    /// <summary>Distance in ulps between two doubles of the same sign (ulps of the two's common binade ladder).</summary>
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    [Fact]
    public void Log_WholeRange_WithinOneUlpOfMathLog()
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(OdeMath.Log(x), Math.Log(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"worst: {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.Log");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Log is {worst} ulp from Math.Log at x = {worstAt:R}.");
    }

    [Fact]
    public void Log_SpecialValuesAndEdges_MatchMathLog()
    {
        AssertBits(0.0, OdeMath.Log(1.0));
        Assert.Equal(double.NegativeInfinity, OdeMath.Log(0.0));
        Assert.Equal(double.NegativeInfinity, OdeMath.Log(-0.0));
        Assert.Equal(double.PositiveInfinity, OdeMath.Log(double.PositiveInfinity));
        foreach (double x in new[] { -1.0, -double.Epsilon, -double.MaxValue, double.NegativeInfinity, -1e-300 })
            Assert.True(double.IsNaN(OdeMath.Log(x)), $"Log({x:R}) = {OdeMath.Log(x):R}, not NaN.");
        // NaN stays NaN, whatever its sign or payload, so a poisoned trajectory still fails.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL) })
            Assert.True(double.IsNaN(OdeMath.Log(BitConverter.Int64BitsToDouble(bits))));
        // The ends of the range and the powers of two (k·ln 2 alone) to the bit where Math.Log is correctly rounded.
        foreach (double x in new[] { double.Epsilon, 2.2250738585072014e-308, 2.225073858507201e-308, double.MaxValue, 2.0, 0.5, 1024.0,
                     Math.ScaleB(1, -1074 + 3), Math.ScaleB(1, 1023), Math.E })
            Assert.True(UlpDistance.Between(OdeMath.Log(x), Math.Log(x)) <= 1, $"Log({x:R}) = {OdeMath.Log(x):R}, Math.Log = {Math.Log(x):R}.");
        AssertBits(Math.Log(2.0), OdeMath.Log(2.0));
        AssertBits(Math.Log(double.Epsilon), OdeMath.Log(double.Epsilon));
        // Near 1: ln(1 + d) = d − d²/2 to the last bit.
        Assert.Equal(Math.Log(1 + 1e-10), OdeMath.Log(1 + 1e-10));
        AssertBits(Math.Log(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + 1)),
            OdeMath.Log(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + 1)));
        AssertBits(Math.Log(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) - 1)),
            OdeMath.Log(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) - 1)));
    }

    [Fact]
    public void Log_IsNonDecreasing()
    {
        // A linear grid over (0, 3], a log grid over the whole range (subnormals included), and every double in the
        // bit neighbourhoods of the range reduction's switches (√½·2^j) and of 1.
        var grids = new List<double[]>
        {
            Enumerable.Range(1, 3_000_000).Select(i => i * (3.0 / 3_000_000)).ToArray(),
            Enumerable.Range(0, 2_000_000).Select(i => Math.Pow(2, -1074 + i * (2097.9 / 2_000_000))).ToArray(),
        };
        foreach (double centre in new[] { 0.7071067811865476, 1.4142135623730951, 1.0, 1.4142135623730951e-300, 1.4142135623730951e300 })
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            grids.Add(Enumerable.Range(-100_000, 200_001).Select(k => BitConverter.Int64BitsToDouble(bits + k)).ToArray());
        }
        foreach (double[] grid in grids)
        {
            double previous = double.NegativeInfinity;
            foreach (double x in grid)
            {
                double y = OdeMath.Log(x);
                Assert.True(y >= previous, $"Log({x:R}) = {y:R} < Log of the point before, {previous:R}.");
                previous = y;
            }
        }
    }

    [Fact]
    public void Log_Vector512AndVector256_EqualScalarLaneByLane()
    {
        LaneByLane.AssertEqualsScalar("Log", Points(), OdeMath.Log, OdeMath.Log, OdeMath.Log);
        // Special values in every lane position, among ordinary points (each vector of eight holds two or three).
        double[] special = [double.NaN, -double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L), double.PositiveInfinity,
            double.NegativeInfinity, 0.0, -0.0, -1.0, -double.Epsilon, double.Epsilon, 2.2250738585072014e-308, 1e-310, 1.0,
            double.MaxValue];
        double[] ordinary = [0.3, 1.7, 1e-5, 123456.789, 0.7071067811865476, 1.4142135623730951, 2.0, 1e300, 0.999999];
        var mixed = new List<double>();
        for (int i = 0; i < 8 * special.Length * 3; i++)
            mixed.Add(i % 3 == 0 || i % 8 == 5 ? special[(i / 3 + i / 8) % special.Length] : ordinary[i % ordinary.Length]);
        LaneByLane.AssertEqualsScalar("Log", [.. mixed], OdeMath.Log, OdeMath.Log, OdeMath.Log);
    }

    [Fact]
    public void Log_Float_WithinOneFloatUlpOfMathFLog()
    {
        var random = new Random(1304);
        for (int i = 0; i < 400_000; i++)
        {
            float x = i % 2 == 0 ? (float)(random.NextDouble() * 4) : (float)Math.Pow(2, -149 + 277 * random.NextDouble());
            // The double result is within ~0.55 double ulp of ln x: rounded to float it is the correctly rounded float
            // or, on a near-tie, its neighbour; (float)Math.Log likewise.
            float ours = OdeMath.Log(x), reference = (float)Math.Log(x);
            Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.Log({x:R}f) = {ours:R}, (float)Math.Log = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Log(float.NaN)));
        Assert.True(float.IsNaN(OdeMath.Log(-1f)));
        Assert.Equal(float.NegativeInfinity, OdeMath.Log(0f));
        Assert.Equal(float.PositiveInfinity, OdeMath.Log(float.PositiveInfinity));
        Assert.Equal(0f, OdeMath.Log(1f));
        Assert.Equal((float)Math.Log(float.Epsilon), OdeMath.Log(float.Epsilon));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
