using AcaKernels.Numerics;

namespace AcaKernels.Tests.Numerics;

/// <summary>OdeMath.PowBaseDerivative (pow's base derivative b·a^(b−1) from r = a^b, what the generated VJPs call):
/// against b·Math.Pow(a, b − 1) (b − 1 exact) where r is normal (b·(r/a): r within 1 ulp of the true power, a divide and a product,
/// so within 4 ulp of glibc's correctly rounded power, which itself is ≤ 0.52 ulp off); the rule's second arm where r
/// is not normal; and the vector forms lane by lane, with lanes of both kinds in one vector (the patch path).</summary>
public sealed class OdeMathPowBaseDerivativeTests
{
    private static (double[] A, double[] B) Points()
    {
        var random = new Random(5150);
        var a = new List<double>();
        var b = new List<double>();
        for (int i = 0; i < 100_000; i++)
        {
            a.Add(Math.Exp((2 * random.NextDouble() - 1) * 20));
            // b on a grid of 1/64 so that b − 1 is exact (else the reference's own exponent is off by up to an ulp,
            // which at |(b − 1)·ln a| ≈ 80 is ≈ 70 ulp of the power).
            b.Add(Math.Round((2 * random.NextDouble() - 1) * 8 * 64) / 64);
            if (i % 7 == 3)
            {
                // Every seventh vector lane off the fast path: a = 0 (r = 0 or ∞), r subnormal, r overflowing, NaN, a < 0.
                (double x, double y) = (i / 7 % 6) switch
                {
                    0 => (0.0, 2.5),
                    1 => (0.0, -1.5),
                    2 => (1e-300, 1.05),
                    3 => (1e300, 1.5),
                    4 => (double.NaN, 2.0),
                    _ => (-2.0, 3.0),
                };
                a.Add(x);
                b.Add(y);
            }
        }
        return ([.. a], [.. b]);
    }

    [Fact]
    public void PowBaseDerivative_WithinFourUlpOfTheRuleWithoutTheValue()
    {
        (double[] a, double[] b) = Points();
        int normal = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double r = OdeMath.Pow(a[i], b[i]);
            double actual = OdeMath.PowBaseDerivative(a[i], b[i], r), expected = b[i] * Math.Pow(a[i], b[i] - 1);
            if (Math.Abs(r) is >= 2.2250738585072014E-308 and <= double.MaxValue && Math.Abs(expected) >= 2.2250738585072014E-308)
            {
                normal++;
                long ulps = UlpDistance.Between(expected, actual);
                Assert.True(ulps <= 4, $"a = {a[i]:R}, b = {b[i]:R}: {actual:R}, b·Math.Pow(a, b − 1) = {expected:R} ({ulps} ulp)");
            }
        }
        Assert.True(normal > 90_000, $"only {normal} points on the fast path");
    }

    [Fact]
    public void PowBaseDerivative_OffTheFastPath_IsTheRuleWithoutTheValue()
    {
        Assert.Equal(2.5 * OdeMath.Pow(0.0, 1.5), OdeMath.PowBaseDerivative(0.0, 2.5, 0.0)); // 0
        Assert.Equal(double.NegativeInfinity, OdeMath.PowBaseDerivative(0.0, -1.5, double.PositiveInfinity));
        Assert.Equal(0.5 * OdeMath.Pow(0.0, -0.5), OdeMath.PowBaseDerivative(0.0, 0.5, 0.0)); // ∞: r/a would be 0/0
        double subnormal = OdeMath.Pow(1e-300, 1.05);
        Assert.True(subnormal is > 0 and < 2.2250738585072014E-308);
        Assert.Equal(1.05 * OdeMath.Pow(1e-300, 1.05 - 1.0), OdeMath.PowBaseDerivative(1e-300, 1.05, subnormal));
        Assert.Equal(3.0 * 4.0, OdeMath.PowBaseDerivative(-2.0, 3.0, -8.0)); // a < 0, r normal: b·(r/a)
        Assert.True(double.IsNaN(OdeMath.PowBaseDerivative(double.NaN, 2.0, double.NaN)));
        Assert.Equal(2f * 3f, OdeMath.PowBaseDerivative(3f, 2f, 9f));
        Assert.Equal(0f, OdeMath.PowBaseDerivative(0f, 2f, 0f));
    }

    [Fact]
    public void PowBaseDerivative_Vector512AndVector256_EqualScalarLaneByLane()
    {
        (double[] a, double[] b) = Points();
        LaneByLane.AssertEqualsScalar("PowBaseDerivative", a, b,
            (x, y) => OdeMath.PowBaseDerivative(x, y, OdeMath.Pow(x, y)),
            (x, y) => OdeMath.PowBaseDerivative(x, y, OdeMath.Pow(x, y)),
            (x, y) => OdeMath.PowBaseDerivative(x, y, OdeMath.Pow(x, y)));
    }
}
