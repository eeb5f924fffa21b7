using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Atan against Math.Atan (glibc's, correctly rounded in practice) over dense grids, every magnitude and the
/// bit neighbourhoods of the range breakpoints 7/16, 11/16, 19/16, 39/16; the special values; exact odd symmetry;
/// the vector forms lane by lane against the scalar form, bit for bit, fast lanes mixed with fallback (±∞, NaN) lanes;
/// the generic form over another fused multiply-add.
/// </summary>
public sealed class OdeMathAtanTests(ITestOutputHelper output)
{
    // OdeMath's own error is ≲ 0.84 ulp (measured against 200-bit atan: the reduced argument's two roundings scaled
    // by |t|'s share, the polynomial's, the final addition's half ulp); with glibc within ~0.52 ulp, the two differ by
    // at most 1 ulp.
    private const long MaxUlpsFromMath = 1;

    private static readonly double[] Breakpoints = [0.4375, 0.6875, 1.1875, 2.4375];

    private static double[]? _points;

    /// <summary>Grids over [−8, 8] (step ~5e-6) and [−10⁴, 10⁴]; random points of every magnitude of either sign; the
    /// bit neighbourhoods of 0, the breakpoints, 1, 2^−27 and 2^66 (0's above 0: below it lie the NaNs).</summary>
    private static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        for (int i = 0; i <= 3_000_000; i++) points.Add(-8.0 + i * (16.0 / 3_000_000) + i * 1.1e-13);
        for (int i = 0; i <= 500_000; i++) points.Add(-1e4 + i * (2e4 / 500_000) + i * 3.3e-12);
        var random = new Random(1501);
        for (int i = 0; i < 400_000; i++)
        {
            double magnitude = Math.Pow(10, -320 + 628 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        foreach (double centre in (double[])[0.0, 1.0, 7.450580596923828e-09, 7.378697629483821e19, .. Breakpoints])
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            for (long d = centre == 0 ? 0 : -3000; d <= 3000; d++)
            {
                double x = BitConverter.Int64BitsToDouble(bits + d);
                points.AddRange([x, -x]);
            }
        }
        points.AddRange([double.Epsilon, -4e-321, 2.2250738585072014e-308, 1e-200, -1e300, double.MaxValue, -double.MaxValue]);
        return _points = points.ToArray();
    }

    [Fact]
    public void Atan_WithinOneUlpOfMathAtan()
    {
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(OdeMath.Atan(x), Math.Atan(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"Atan: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.Atan");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Atan is {worst} ulp from Math.Atan at x = {worstAt:R}.");
    }

    [Fact]
    public void Atan_OddExactly_AndBoundedByHalfPi()
    {
        foreach (double x in Points())
        {
            double y = OdeMath.Atan(x);
            if (BitConverter.DoubleToInt64Bits(OdeMath.Atan(-x)) != (BitConverter.DoubleToInt64Bits(y) ^ long.MinValue))
                Assert.Fail($"Atan(-{x:R}) = {OdeMath.Atan(-x):R} is not -Atan({x:R}) = {-y:R}.");
            if (!(Math.Abs(y) <= Math.PI / 2)) Assert.Fail($"|Atan({x:R})| = {y:R} above π/2.");
        }
    }

    [Fact]
    public void Atan_SpecialValues()
    {
        AssertBits(0.0, OdeMath.Atan(0.0));
        AssertBits(-0.0, OdeMath.Atan(-0.0));
        // ±∞ gives ±π/2 rounded, the bits of Math.Atan; huge arguments too.
        AssertBits(Math.Atan(double.PositiveInfinity), OdeMath.Atan(double.PositiveInfinity));
        AssertBits(Math.Atan(double.NegativeInfinity), OdeMath.Atan(double.NegativeInfinity));
        AssertBits(1.5707963267948966, OdeMath.Atan(double.PositiveInfinity));
        AssertBits(-1.5707963267948966, OdeMath.Atan(double.NegativeInfinity));
        foreach (double x in new[] { 1e17, 1e300, double.MaxValue })
        {
            AssertBits(1.5707963267948966, OdeMath.Atan(x));
            AssertBits(-1.5707963267948966, OdeMath.Atan(-x));
        }
        AssertBits(Math.PI / 4, OdeMath.Atan(1.0));
        // Tiny arguments: atan x = x to the last bit, the subnormals too.
        foreach (double x in new[] { double.Epsilon, 1e-310, 2.2250738585072014e-308, 1e-200, 1e-9, -3e-12, 7.4e-9 })
            AssertBits(x, OdeMath.Atan(x));
        // NaN (any sign or payload) gives NaN, as Math.Atan.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL) })
            Assert.True(double.IsNaN(OdeMath.Atan(BitConverter.Int64BitsToDouble(bits))));
    }

    [Fact]
    public void Atan_Vector512AndVector256_EqualScalarLaneByLane()
    {
        // Fast lanes interleaved with every kind of fallback lane, so the patched vectors keep their fast lanes' bits.
        double[] fallbacks = [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L)];
        double[] points = Points();
        var mixed = new List<double>(points.Length + points.Length / 50);
        for (int i = 0; i < points.Length; i++)
        {
            mixed.Add(points[i]);
            if (i % 53 == 0) mixed.Add(fallbacks[i / 53 % fallbacks.Length]);
        }
        double[] x = [.. mixed, 0.0, -0.0, double.MaxValue, -double.MaxValue, .. fallbacks];
        LaneByLane.AssertEqualsScalar("Atan", x, OdeMath.Atan, OdeMath.Atan, OdeMath.Atan);
    }

    [Fact]
    public void Atan_GenericOverAnotherFusedMultiplyAdd_EqualsScalar()
    {
        foreach (double x in Points())
        {
            double expected = OdeMath.Atan(x), generic = OdeMath.Atan<DoubleFusedMultiplyAdd>(x);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(generic))
                Assert.Fail($"Atan<DoubleFusedMultiplyAdd>({x:R}) = {generic:R}, Atan = {expected:R}.");
        }
    }

    [Fact]
    public void Atan_Float_WithinOneFloatUlpOfMathF()
    {
        var random = new Random(1502);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 8 : 2000));
            float ours = OdeMath.Atan(x), reference = (float)Math.Atan(x);
            Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.Atan({x:R}f) = {ours:R}, (float)Math.Atan = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Atan(float.NaN)));
        Assert.Equal((float)Math.Atan(double.PositiveInfinity), OdeMath.Atan(float.PositiveInfinity));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Atan(-0f)));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
