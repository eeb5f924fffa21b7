using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Exp against Math.Exp (glibc's exp, correctly rounded in practice: its documented bound is &lt; 1 ulp and
/// it is ≤ 0.502 ulp by its authors' tests) over the whole double range, its special values, the overflow and
/// subnormal edges, and its vector forms lane by lane against the scalar form, bit for bit.
/// </summary>
public sealed class OdeMathExpTests(ITestOutputHelper output)
{
    // OdeMath.Exp's own error is ≲ 0.7 ulp (two roundings of r, the polynomial's ~1e-17 and one rounding of the
    // result); with glibc within ~0.5 ulp, the two differ by at most 1 ulp. The sweep is deterministic: a failure
    // is a change of either function.
    private const long MaxUlpsFromMath = 1;

    /// <summary>A dense grid over [−745, 709.8] (step ~3e-4), dense grids near 0 and near the edges, random points
    /// of every magnitude of either sign, and the bit neighbourhoods of 0, ±ln 2/2 (the range reduction's switch),
    /// the overflow threshold ln(max) = 709.78…, the last normal result (−708.39…) and the last nonzero one (−745.13…).</summary>
    private static double[] Points()
    {
        var points = new List<double>();
        for (int i = 0; i <= 5_000_000; i++) points.Add(-745.0 + i * (1454.8 / 5_000_000) + i * 1.1e-13);
        for (int i = -500_000; i <= 500_000; i++) points.Add(i * 2e-6);
        var random = new Random(1301);
        for (int i = 0; i < 200_000; i++)
        {
            double magnitude = Math.Pow(10, -320 + 322.85 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        foreach (double centre in new[] { 0.0, 0.34657359027997264, -0.34657359027997264, 709.782712893384, -708.3964185322641,
                     -745.1332191019411, 1.0, -1.0, 100.0 })
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            for (long k = -2000; k <= 2000; k++) points.Add(BitConverter.Int64BitsToDouble(bits + k));
        }
        points.AddRange([double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, 1e-200, -1e-8, 1e300, -1e300]);
        while (points.Count % 8 != 0) points.Add(0.3);
        return points.ToArray();
    }

    /// <summary>Distance in ulps between two non-negative doubles (0 and the subnormals included; ∞ is one past max).</summary>
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    [Fact]
    public void Exp_WholeRange_WithinOneUlpOfMathExp()
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = Ulps(OdeMath.Exp(x), Math.Exp(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"worst: {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.Exp");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Exp is {worst} ulp from Math.Exp at x = {worstAt:R}.");
    }

    [Fact]
    public void Exp_SpecialValuesAndEdges_MatchMathExp()
    {
        Assert.Equal(1.0, OdeMath.Exp(0.0));
        Assert.Equal(1.0, OdeMath.Exp(-0.0));
        Assert.Equal(double.PositiveInfinity, OdeMath.Exp(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, OdeMath.Exp(double.MaxValue));
        Assert.Equal(double.PositiveInfinity, OdeMath.Exp(709.7827128933841));
        Assert.True(double.IsFinite(OdeMath.Exp(709.782712893384)));
        AssertBits(0.0, OdeMath.Exp(double.NegativeInfinity));
        AssertBits(0.0, OdeMath.Exp(-double.MaxValue));
        AssertBits(0.0, OdeMath.Exp(-746.0));
        // The subnormal results, rounded once: e^−745.13… is the smallest subnormal, e^−740 has 12 significant bits.
        Assert.Equal(double.Epsilon, OdeMath.Exp(-745.1332191019411));
        foreach (double x in new[] { -740.0, -720.5, -709.0, -708.5 })
            Assert.True(Ulps(OdeMath.Exp(x), Math.Exp(x)) <= 1, $"Exp({x}) = {OdeMath.Exp(x):R}, Math.Exp = {Math.Exp(x):R}.");
        // Small arguments: 1 + x to the last bit.
        Assert.Equal(1.0 + 1e-17, OdeMath.Exp(1e-17));
        Assert.Equal(Math.Exp(1e-10), OdeMath.Exp(1e-10));
        // NaN stays NaN, whatever its sign or payload, so a poisoned trajectory still fails.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL) })
            Assert.True(double.IsNaN(OdeMath.Exp(BitConverter.Int64BitsToDouble(bits))));
    }

    [Fact]
    public void Exp_IsNonDecreasing()
    {
        double previous = 0;
        for (int i = 0; i <= 3_000_000; i++)
        {
            double x = -745.5 + i * (1456.0 / 3_000_000), y = OdeMath.Exp(x);
            Assert.True(y >= previous, $"Exp({x:R}) = {y:R} < Exp of the point before, {previous:R}.");
            previous = y;
        }
    }

    [Fact]
    public void Exp_Vector512AndVector256_EqualScalarLaneByLane() =>
        LaneByLane.AssertEqualsScalar("Exp", [.. Points(), double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            0.0, -0.0, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L), 1e308], OdeMath.Exp, OdeMath.Exp, OdeMath.Exp);

    [Fact]
    public void Exp_Float_WithinOneFloatUlpOfMathFExp()
    {
        var random = new Random(1302);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 4 : 200));
            // The double result is within ~1e-16 relative of e^x: rounded to float it is the correctly rounded float
            // or, on a near-tie, its neighbour; (float)Math.Exp likewise.
            float ours = OdeMath.Exp(x), reference = (float)Math.Exp(x);
            Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(ours) - BitConverter.SingleToInt32Bits(reference)) <= 1,
                $"OdeMath.Exp({x:R}f) = {ours:R}, (float)Math.Exp = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Exp(float.NaN)));
        Assert.Equal(0f, OdeMath.Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, OdeMath.Exp(89f));
        Assert.Equal(1f, OdeMath.Exp(0f));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
