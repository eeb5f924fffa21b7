using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Sin and OdeMath.Cos against Math.Sin and Math.Cos (glibc's, correctly rounded in practice) over dense
/// grids, every magnitude, the doubles nearest to multiples of π/2 (where the range reduction cancels most), the
/// fallback bound 2^26 and the special values; exact symmetry; the vector forms lane by lane against the scalar form,
/// bit for bit, fast lanes mixed with fallback lanes.
/// </summary>
public sealed class OdeMathSinCosTests(ITestOutputHelper output)
{
    // OdeMath's own error is ≲ 0.75 ulp (the reduced argument to ~2^-61 relative, the polynomials' 2^-57.6, a few
    // roundings in the correction, one of the result); with glibc within ~0.5 ulp, the two differ by at most 1 ulp.
    // The points are deterministic: a failure is a change of either function.
    private const long MaxUlpsFromMath = 1;
    private const double Bound = 67108864.0; // 2^26: beyond, OdeMath reduces by Payne and Hanek

    private static double[]? _points;

    /// <summary>Grids over [−8, 8] (step ~5e-6), [−10⁴, 10⁴] and [−2^26, 2^26]; random points of every magnitude of
    /// either sign; the nearest doubles (and their neighbours) to k·π/2 for k ≤ 3·10⁵; the bit neighbourhoods of 0,
    /// π/4, π/2, π, 10⁻⁸ and the bound (0's above 0: below it lie the NaNs).</summary>
    private static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        for (int i = 0; i <= 3_000_000; i++) points.Add(-8.0 + i * (16.0 / 3_000_000) + i * 1.1e-13);
        for (int i = 0; i <= 1_000_000; i++) points.Add(-1e4 + i * (2e4 / 1_000_000) + i * 3.3e-12);
        for (int i = 0; i <= 500_000; i++) points.Add(-Bound + i * (2 * Bound / 500_000) + i * 7.7e-9);
        var random = new Random(1401);
        for (int i = 0; i < 300_000; i++)
        {
            double magnitude = Math.Pow(10, -310 + 317.8 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        const double a = 1.5707963267948966, b = 6.123233995736766e-17;
        for (long k = 1; k <= 300_000; k++)
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

    /// <summary>Distance in ulps between two doubles, across 0 too (−0 and +0 are 0 apart).</summary>
    private void AssertWithinOneUlp(string name, Func<double, double> ours, Func<double, double> reference)
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(ours(x), reference(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"{name}: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.{name}");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.{name} is {worst} ulp from Math.{name} at x = {worstAt:R}.");
    }

    [Fact]
    public void Sin_WithinOneUlpOfMathSin() => AssertWithinOneUlp("Sin", OdeMath.Sin, Math.Sin);

    [Fact]
    public void Cos_WithinOneUlpOfMathCos() => AssertWithinOneUlp("Cos", OdeMath.Cos, Math.Cos);

    [Fact]
    public void SinCos_OddEvenExactly_AndBoundedByOne()
    {
        foreach (double x in Points())
        {
            double s = OdeMath.Sin(x), c = OdeMath.Cos(x);
            if (BitConverter.DoubleToInt64Bits(OdeMath.Sin(-x)) != (BitConverter.DoubleToInt64Bits(s) ^ long.MinValue))
                Assert.Fail($"Sin(-{x:R}) = {OdeMath.Sin(-x):R} is not -Sin({x:R}) = {-s:R}.");
            if (BitConverter.DoubleToInt64Bits(OdeMath.Cos(-x)) != BitConverter.DoubleToInt64Bits(c))
                Assert.Fail($"Cos(-{x:R}) = {OdeMath.Cos(-x):R} is not Cos({x:R}) = {c:R}.");
            if (!(Math.Abs(s) <= 1 && Math.Abs(c) <= 1)) Assert.Fail($"|Sin| or |Cos| of {x:R} above 1: {s:R}, {c:R}.");
        }
    }

    [Fact]
    public void SinCos_SpecialValues()
    {
        AssertBits(0.0, OdeMath.Sin(0.0));
        AssertBits(-0.0, OdeMath.Sin(-0.0));
        AssertBits(1.0, OdeMath.Cos(0.0));
        AssertBits(1.0, OdeMath.Cos(-0.0));
        // Tiny arguments: sin x = x and cos x = 1 to the last bit, the subnormals too.
        foreach (double x in new[] { double.Epsilon, 1e-310, 1e-200, 1e-9, -3e-12 })
        {
            AssertBits(x, OdeMath.Sin(x));
            AssertBits(1.0, OdeMath.Cos(x));
        }
        // ±∞ and NaN (any sign or payload) give NaN, as Math.Sin/Math.Cos.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL),
                     BitConverter.DoubleToInt64Bits(double.PositiveInfinity), BitConverter.DoubleToInt64Bits(double.NegativeInfinity) })
        {
            double x = BitConverter.Int64BitsToDouble(bits);
            Assert.True(double.IsNaN(OdeMath.Sin(x)) && double.IsNaN(OdeMath.Cos(x)), $"Sin/Cos of {x} are not NaN.");
        }
    }

    [Fact]
    public void SinCos_BeyondTheBound_WithinOneUlpOfMath_OddEvenExactly()
    {
        // The Payne–Hanek reduction of every finite magnitude: the kernels after it are the fast path's, so its result
        // is as close to glibc's (itself exactly reduced) as the fast path's is.
        foreach ((string name, Func<double, double> ours, Func<double, double> reference) in
                 new (string, Func<double, double>, Func<double, double>)[] { ("Sin", OdeMath.Sin, Math.Sin), ("Cos", OdeMath.Cos, Math.Cos) })
        {
            long worst = 0, differing = 0;
            double worstAt = 0;
            double[] points = LargeTrigArguments.Points();
            foreach (double x in points)
            {
                // glibc's own reduction is 8 ulp off in cos at the worst case (asserted below by the exact reduction).
                if (Math.Abs(x) == LargeTrigArguments.WorstCase) continue;
                long ulps = UlpDistance.Between(ours(x), reference(x));
                if (ulps != 0) differing++;
                if (ulps > worst) (worst, worstAt) = (ulps, x);
            }
            output.WriteLine($"{name} beyond 2^26: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.{name}");
            Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.{name} is {worst} ulp from Math.{name} at x = {worstAt:R}.");
        }
        foreach (double x in LargeTrigArguments.Points())
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(OdeMath.Sin(x)) ^ long.MinValue, BitConverter.DoubleToInt64Bits(OdeMath.Sin(-x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(OdeMath.Cos(x)), BitConverter.DoubleToInt64Bits(OdeMath.Cos(-x)));
        }
        // The worst case, against its exact reduction: r = 4.687e−19 in an odd quadrant, so sin x = ±cos r = ±1 rounded
        // and cos x = ±sin r = ±r (r³/6 is 2^−123 of r), the rounding of r itself, to the last bit.
        (long quadrant, double r) = LargeTrigArguments.ExactReduction(LargeTrigArguments.WorstCase);
        output.WriteLine($"worst case: quadrant {quadrant}, remainder {r:R}; Math.Cos {Math.Cos(LargeTrigArguments.WorstCase):R}, OdeMath.Cos {OdeMath.Cos(LargeTrigArguments.WorstCase):R}");
        Assert.Equal(1, quadrant & 1);
        double expectedCos = (quadrant & 2) == 0 ? -r : r;   // cos(k·π/2 + r) = −sin r for k ≡ 1, sin r for k ≡ 3
        double expectedSin = (quadrant & 2) == 0 ? 1.0 : -1.0;
        AssertBits(expectedCos, OdeMath.Cos(LargeTrigArguments.WorstCase));
        AssertBits(expectedSin, OdeMath.Sin(LargeTrigArguments.WorstCase));
    }

    [Fact]
    public void SinCos_GenericOverAnotherFusedMultiplyAdd_EqualsScalar_BeyondTheBoundToo()
    {
        foreach (double x in LargeTrigArguments.Points().Concat(Points().Take(200_000)))
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(OdeMath.Sin(x)), BitConverter.DoubleToInt64Bits(OdeMath.Sin<DoubleFusedMultiplyAdd>(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(OdeMath.Cos(x)), BitConverter.DoubleToInt64Bits(OdeMath.Cos<DoubleFusedMultiplyAdd>(x)));
        }
    }

    [Fact]
    public void SinCos_Vector512AndVector256_EqualScalarLaneByLane()
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
        LaneByLane.AssertEqualsScalar("Sin", x, OdeMath.Sin, OdeMath.Sin, OdeMath.Sin);
        LaneByLane.AssertEqualsScalar("Cos", x, OdeMath.Cos, OdeMath.Cos, OdeMath.Cos);
    }

    [Fact]
    public void SinCos_Float_WithinOneFloatUlpOfMathF()
    {
        var random = new Random(1402);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 8 : 2000));
            // The double result is within ~1e-16 of sin x: rounded to float it is the correctly rounded float or, on a
            // near-tie, its neighbour; (float)Math.Sin likewise.
            AssertFloatNear("Sin", x, OdeMath.Sin(x), (float)Math.Sin(x));
            AssertFloatNear("Cos", x, OdeMath.Cos(x), (float)Math.Cos(x));
        }
        Assert.True(float.IsNaN(OdeMath.Sin(float.NaN)) && float.IsNaN(OdeMath.Cos(float.PositiveInfinity)));
        Assert.Equal(1f, OdeMath.Cos(0f));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Sin(-0f)));
    }

    private static void AssertFloatNear(string name, float x, float ours, float reference)
    {
        Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.{name}({x:R}f) = {ours:R}, (float)Math.{name} = {reference:R}.");
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
