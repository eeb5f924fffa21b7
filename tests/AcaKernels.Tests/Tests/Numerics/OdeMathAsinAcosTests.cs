using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Asin and OdeMath.Acos against Math.Asin and Math.Acos (glibc's) over a dense grid of [−1, 1], every
/// magnitude of either sign, and the bit neighbourhoods of 0, ±½ (where u switches from x² to (1 − |x|)/2), ±59/64
/// (where asin's sum changes) and ±1; the special values; asin's exact odd symmetry; the vector forms lane by lane
/// against the scalar forms, bit for bit, fast lanes mixed with fallback lanes (|x| ≥ 1, ±∞, NaN); the generic forms
/// over another fused multiply-add; the float overloads.
/// </summary>
public sealed class OdeMathAsinAcosTests(ITestOutputHelper output)
{
    // OdeMath's own error is ≲ 0.80 ulp (asin) and 0.77 ulp (acos), measured against 300-bit references; with glibc
    // within ~0.52 ulp, the two differ by at most 1 ulp.
    private const long MaxUlpsFromMath = 1;

    private static double[]? _points;

    private static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        for (int i = 0; i <= 2_000_000; i++) points.Add(-1.0 + i * (2.0 / 2_000_000) - i * 1.3e-14);
        var random = new Random(2801);
        for (int i = 0; i < 300_000; i++)
        {
            double magnitude = Math.Pow(2, -1074 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        // Near ±1: 1 − 2^−k for k up to 53, densely.
        for (int i = 0; i < 200_000; i++)
        {
            double x = 1.0 - Math.Pow(2, -53 * random.NextDouble());
            points.AddRange([x, -x]);
        }
        foreach (double centre in (double[])[0.0, 0.5, 0.921875, 1.0, 7.450580596923828e-09])
        {
            long bits = BitConverter.DoubleToInt64Bits(centre);
            for (long d = centre == 0 ? 0 : -3000; d <= (centre == 1.0 ? 0 : 3000); d++)
            {
                double x = BitConverter.Int64BitsToDouble(bits + d);
                points.AddRange([x, -x]);
            }
        }
        points.AddRange([double.Epsilon, -4e-321, 2.2250738585072014e-308, 1e-200, 0.9999999999999999, -0.9999999999999999]);
        return _points = points.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AsinAcos_WithinOneUlpOfMath(bool acos)
    {
        Func<double, double> ours = acos ? OdeMath.Acos : OdeMath.Asin, reference = acos ? Math.Acos : Math.Asin;
        long worst = 0, differing = 0;
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(ours(x), reference(x));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        string name = acos ? "Acos" : "Asin";
        output.WriteLine($"{name}: worst {worst} ulp at x = {worstAt:R}; {differing} of {points.Length} results differ from Math.{name}");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.{name} is {worst} ulp from Math.{name} at x = {worstAt:R}.");
    }

    [Fact]
    public void Asin_OddExactly_AndAcosWithinItsRange()
    {
        foreach (double x in Points())
        {
            double y = OdeMath.Asin(x);
            if (BitConverter.DoubleToInt64Bits(OdeMath.Asin(-x)) != (BitConverter.DoubleToInt64Bits(y) ^ long.MinValue))
                Assert.Fail($"Asin(-{x:R}) = {OdeMath.Asin(-x):R} is not -Asin({x:R}) = {-y:R}.");
            if (!(Math.Abs(y) <= Math.PI / 2)) Assert.Fail($"|Asin({x:R})| = {y:R} above π/2.");
            double c = OdeMath.Acos(x);
            if (!(c >= 0 && c <= Math.PI)) Assert.Fail($"Acos({x:R}) = {c:R} outside [0, π].");
        }
    }

    [Fact]
    public void AsinAcos_SpecialValues()
    {
        AssertBits(0.0, OdeMath.Asin(0.0));
        AssertBits(-0.0, OdeMath.Asin(-0.0));
        AssertBits(Math.PI / 2, OdeMath.Acos(0.0));
        AssertBits(Math.PI / 2, OdeMath.Acos(-0.0));
        AssertBits(0.0, OdeMath.Acos(1.0));
        AssertBits(Math.PI, OdeMath.Acos(-1.0));
        AssertBits(Math.PI / 2, OdeMath.Asin(1.0));
        AssertBits(-Math.PI / 2, OdeMath.Asin(-1.0));
        AssertBits(Math.Asin(0.5), OdeMath.Asin(0.5));
        AssertBits(Math.Acos(0.5), OdeMath.Acos(0.5));
        AssertBits(Math.Acos(-0.5), OdeMath.Acos(-0.5));
        // Tiny arguments: asin x = x to the last bit, the subnormals too; acos x = π/2 rounded below 2^−55 or so.
        foreach (double x in new[] { double.Epsilon, 1e-310, 2.2250738585072014e-308, 1e-200, 1e-9, -3e-12, 7.4e-9 })
        {
            AssertBits(x, OdeMath.Asin(x));
            if (Math.Abs(x) < 1e-17) AssertBits(Math.PI / 2, OdeMath.Acos(x));
            else AssertBits(Math.Acos(x), OdeMath.Acos(x));
        }
        // Beyond ±1, ±∞ and NaN (any sign or payload): NaN, as Math.
        foreach (double x in new[] { 1.0000000000000002, -1.0000000000000002, 2.0, -1e300, double.PositiveInfinity,
            double.NegativeInfinity, double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L) })
        {
            Assert.True(double.IsNaN(OdeMath.Asin(x)));
            Assert.True(double.IsNaN(OdeMath.Acos(x)));
        }
    }

    [Fact]
    public void AsinAcos_Vector512AndVector256_EqualScalarLaneByLane()
    {
        double[] fallbacks = [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0, -1.0, 1.5, -3.0,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L)];
        double[] points = Points();
        var mixed = new List<double>(points.Length + points.Length / 50);
        for (int i = 0; i < points.Length; i++)
        {
            mixed.Add(points[i]);
            if (i % 53 == 0) mixed.Add(fallbacks[i / 53 % fallbacks.Length]);
        }
        double[] x = [.. mixed, 0.0, -0.0, .. fallbacks];
        LaneByLane.AssertEqualsScalar("Asin", x, OdeMath.Asin, OdeMath.Asin, OdeMath.Asin);
        LaneByLane.AssertEqualsScalar("Acos", x, OdeMath.Acos, OdeMath.Acos, OdeMath.Acos);
    }

    [Fact]
    public void AsinAcos_GenericOverAnotherFusedMultiplyAdd_EqualsScalar()
    {
        foreach (double x in Points())
        {
            double expected = OdeMath.Asin(x), generic = OdeMath.Asin<DoubleFusedMultiplyAdd>(x);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(generic))
                Assert.Fail($"Asin<DoubleFusedMultiplyAdd>({x:R}) = {generic:R}, Asin = {expected:R}.");
            expected = OdeMath.Acos(x);
            generic = OdeMath.Acos<DoubleFusedMultiplyAdd>(x);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(generic))
                Assert.Fail($"Acos<DoubleFusedMultiplyAdd>({x:R}) = {generic:R}, Acos = {expected:R}.");
        }
    }

    [Fact]
    public void AsinAcos_Float_WithinOneFloatUlpOfMathF()
    {
        var random = new Random(2802);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)(random.NextDouble() * 2 - 1);
            Assert.True(UlpDistance.Between(OdeMath.Asin(x), (float)Math.Asin(x)) <= 1, $"OdeMath.Asin({x:R}f) = {OdeMath.Asin(x):R}, (float)Math.Asin = {(float)Math.Asin(x):R}.");
            Assert.True(UlpDistance.Between(OdeMath.Acos(x), (float)Math.Acos(x)) <= 1, $"OdeMath.Acos({x:R}f) = {OdeMath.Acos(x):R}, (float)Math.Acos = {(float)Math.Acos(x):R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Asin(float.NaN)));
        Assert.True(float.IsNaN(OdeMath.Acos(2f)));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Asin(-0f)));
        Assert.Equal(0f, OdeMath.Acos(1f));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
