using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Tan against Math.Tan (glibc's, correctly rounded in practice) over dense grids, every magnitude, the
/// doubles nearest to multiples of π/2 (where tan crosses 0 or is largest, and the reduction cancels most), the
/// fallback bound 2^26 and the special values; exact odd symmetry; the vector forms lane by lane against the scalar
/// form, bit for bit, fast lanes mixed with fallback lanes; the generic form over another fused multiply-add.
/// </summary>
public sealed class OdeMathTanTests(ITestOutputHelper output)
{
    // OdeMath's own error is ≲ 0.92 ulp (measured against 200-bit tan: the final rounding and the ~2^-55 errors of the
    // sin and cos heads and tails); with glibc within ~0.55 ulp, the two differ by at most 1 ulp.
    private const long MaxUlpsFromMath = 1;
    private const double Bound = 67108864.0; // 2^26: beyond, OdeMath reduces by Payne and Hanek

    private static double[]? _points;

    /// <summary>Grids over [−8, 8] (step ~8e-6), [−10⁴, 10⁴] and [−2^26, 2^26]; random points of every magnitude of
    /// either sign; the nearest doubles (and their neighbours) to k·π/2 for k ≤ 2·10⁵; the bit neighbourhoods of 0,
    /// π/4, π/2, π, 10⁻⁸ and the bound (0's above 0: below it lie the NaNs).</summary>
    private static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        for (int i = 0; i <= 2_000_000; i++) points.Add(-8.0 + i * (16.0 / 2_000_000) + i * 1.1e-13);
        for (int i = 0; i <= 500_000; i++) points.Add(-1e4 + i * (2e4 / 500_000) + i * 3.3e-12);
        for (int i = 0; i <= 300_000; i++) points.Add(-Bound + i * (2 * Bound / 300_000) + i * 7.7e-9);
        var random = new Random(1601);
        for (int i = 0; i < 300_000; i++)
        {
            double magnitude = Math.Pow(10, -310 + 317.8 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        const double a = 1.5707963267948966, b = 6.123233995736766e-17;
        for (long k = 1; k <= 200_000; k++)
        {
            double hi = k * a, nearest = hi + (Math.FusedMultiplyAdd(k, a, -hi) + k * b);
            points.AddRange([Math.BitDecrement(nearest), nearest, Math.BitIncrement(nearest)]);
        }
        foreach (double centre in new[] { 0.0, Math.PI / 4, Math.PI / 2, Math.PI, 1e-8, Bound, -Bound })
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            for (long d = centre == 0 ? 0 : -2000; d <= 2000; d++) points.Add(BitConverter.Int64BitsToDouble(bits + d));
        }
        points.AddRange([-double.Epsilon, -4e-321, 2.2250738585072014e-308, 1e-200, -1e-300]);
        return _points = points.ToArray();
    }

    [Fact]
    public void Tan_WithinOneUlpOfMathTan()
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(OdeMath.Tan(x), Math.Tan(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"Tan: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.Tan");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Tan is {worst} ulp from Math.Tan at x = {worstAt:R}.");
    }

    [Fact]
    public void Tan_BeyondTheBound_WithinOneUlpOfMathTan_OddExactly()
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = LargeTrigArguments.Points();
        foreach (double x in points)
        {
            double y = OdeMath.Tan(x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(y) ^ long.MinValue, BitConverter.DoubleToInt64Bits(OdeMath.Tan(-x)));
            // glibc's own reduction is 14 ulp off in tan at the worst case (asserted below by the exact reduction).
            if (Math.Abs(x) == LargeTrigArguments.WorstCase) continue;
            long ulps = UlpDistance.Between(y, Math.Tan(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"Tan beyond 2^26: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.Tan");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Tan is {worst} ulp from Math.Tan at x = {worstAt:R}.");
        // The worst case, against its exact reduction: an odd quadrant, tan x = −cot r = −1/r·(1 − r²/3 …), and r²/3
        // is 2^−122: −1/r correctly rounded (r is the exact remainder rounded once, within 0.5 ulp: the quotient within
        // 1 ulp of the true value, ours within 0.92 ulp, so the two within 1 ulp unless both err the most apart).
        (long quadrant, double r) = LargeTrigArguments.ExactReduction(LargeTrigArguments.WorstCase);
        Assert.Equal(1, quadrant & 1);
        Assert.True(UlpDistance.Between(-1.0 / r, OdeMath.Tan(LargeTrigArguments.WorstCase)) <= 1,
            $"Tan at the worst case: {OdeMath.Tan(LargeTrigArguments.WorstCase):R}, −1/r = {-1.0 / r:R}.");
    }

    [Fact]
    public void Tan_OddExactly()
    {
        foreach (double x in Points())
        {
            double y = OdeMath.Tan(x);
            if (BitConverter.DoubleToInt64Bits(OdeMath.Tan(-x)) != (BitConverter.DoubleToInt64Bits(y) ^ long.MinValue))
                Assert.Fail($"Tan(-{x:R}) = {OdeMath.Tan(-x):R} is not -Tan({x:R}) = {-y:R}.");
        }
    }

    [Fact]
    public void Tan_SpecialValues()
    {
        AssertBits(0.0, OdeMath.Tan(0.0));
        AssertBits(-0.0, OdeMath.Tan(-0.0));
        // Tiny arguments: tan x = x to the last bit, the subnormals too.
        foreach (double x in new[] { double.Epsilon, 1e-310, 2.2250738585072014e-308, 1e-200, 1e-9, -3e-12 })
            AssertBits(x, OdeMath.Tan(x));
        // ±∞ and NaN (any sign or payload) give NaN, as Math.Tan.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL),
                     BitConverter.DoubleToInt64Bits(double.PositiveInfinity), BitConverter.DoubleToInt64Bits(double.NegativeInfinity) })
            Assert.True(double.IsNaN(OdeMath.Tan(BitConverter.Int64BitsToDouble(bits))));
        // The double nearest π/2 (tan ≈ 1.633e16) and π/4 (tan = 1 − 2^-53·… rounds to 0.9999999999999999).
        AssertBits(Math.Tan(Math.PI / 2), OdeMath.Tan(Math.PI / 2));
        AssertBits(Math.Tan(Math.PI / 4), OdeMath.Tan(Math.PI / 4));
    }

    [Fact]
    public void Tan_Vector512AndVector256_EqualScalarLaneByLane()
    {
        // Fast lanes interleaved with every kind of fallback lane, so the patched vectors keep their fast lanes' bits.
        double[] fallbacks = [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, Math.BitIncrement(Bound), -1e9,
            1e300, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L)];
        double[] points = Points();
        var mixed = new List<double>(points.Length + points.Length / 50);
        for (int i = 0; i < points.Length; i++)
        {
            mixed.Add(points[i]);
            if (i % 53 == 0) mixed.Add(fallbacks[i / 53 % fallbacks.Length]);
        }
        double[] x = [.. mixed, 0.0, -0.0, Bound, -Bound, .. fallbacks, .. LargeTrigArguments.Points().Take(20_000)];
        LaneByLane.AssertEqualsScalar("Tan", x, OdeMath.Tan, OdeMath.Tan, OdeMath.Tan);
    }

    [Fact]
    public void Tan_GenericOverAnotherFusedMultiplyAdd_EqualsScalar()
    {
        foreach (double x in Points().Concat(LargeTrigArguments.Points()))
        {
            double expected = OdeMath.Tan(x), generic = OdeMath.Tan<DoubleFusedMultiplyAdd>(x);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(generic))
                Assert.Fail($"Tan<DoubleFusedMultiplyAdd>({x:R}) = {generic:R}, Tan = {expected:R}.");
        }
    }

    [Fact]
    public void Tan_Float_WithinOneFloatUlpOfMathF()
    {
        var random = new Random(1602);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 8 : 2000));
            float ours = OdeMath.Tan(x), reference = (float)Math.Tan(x);
            Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.Tan({x:R}f) = {ours:R}, (float)Math.Tan = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Tan(float.NaN)) && float.IsNaN(OdeMath.Tan(float.PositiveInfinity)));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Tan(-0f)));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
