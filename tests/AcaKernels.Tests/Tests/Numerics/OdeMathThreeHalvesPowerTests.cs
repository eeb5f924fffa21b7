using AcaKernels.Numerics;

namespace AcaKernels.Tests.Numerics;

/// <summary>OdeMath.ThreeHalvesPower (x·√x, what the generator writes for Math.Pow(x, 1.5)) against Math.Pow(x, 1.5):
/// one correctly rounded √ and one product put it within 1 ulp of the correctly rounded x^1.5 plus glibc's 0.52, so
/// within 2 ulp of Math.Pow; special values as documented; the vector forms lane by lane.</summary>
public sealed class OdeMathThreeHalvesPowerTests
{
    private static double[] Points()
    {
        var random = new Random(1515);
        // x = e^u over the range where x^1.5 is a normal number, plus subnormal x.
        var x = Enumerable.Range(0, 200_000).Select(_ => Math.Exp((2 * random.NextDouble() - 1) * 470)).ToList();
        x.AddRange(Enumerable.Range(0, 1000).Select(_ => BitConverter.Int64BitsToDouble(1 + (long)(random.NextDouble() * 0x000F_FFFF_FFFF_FFFFL))));
        return [.. x];
    }

    [Fact]
    public void ThreeHalvesPower_WithinTwoUlpOfMathPow()
    {
        foreach (double x in Points())
        {
            double expected = Math.Pow(x, 1.5), actual = OdeMath.ThreeHalvesPower(x);
            if (expected < 2.2250738585072014E-308) continue; // subnormal results: pow rounds once, x·√x twice
            long ulps = UlpDistance.Between(expected, actual);
            Assert.True(ulps <= 2, $"x = {x:R}: {actual:R}, Math.Pow gives {expected:R} ({ulps} ulp)");
        }
    }

    [Fact]
    public void ThreeHalvesPower_SpecialValues()
    {
        Assert.Equal(0.0, OdeMath.ThreeHalvesPower(0.0));
        Assert.False(double.IsNegative(OdeMath.ThreeHalvesPower(-0.0)), "(−0)^1.5 is +0, as Math.Pow");
        Assert.Equal(1.0, OdeMath.ThreeHalvesPower(1.0));
        Assert.Equal(8.0, OdeMath.ThreeHalvesPower(4.0));
        Assert.Equal(double.PositiveInfinity, OdeMath.ThreeHalvesPower(double.PositiveInfinity));
        Assert.True(double.IsNaN(OdeMath.ThreeHalvesPower(-2.0)));
        Assert.True(double.IsNaN(OdeMath.ThreeHalvesPower(double.NaN)));
        Assert.Equal(8f, OdeMath.ThreeHalvesPower(4f));
    }

    [Fact]
    public void ThreeHalvesPower_Vector512AndVector256_EqualScalarLaneByLane() =>
        LaneByLane.AssertEqualsScalar("ThreeHalvesPower",
            [.. Points().Take(20_000), 0.0, -0.0, -2.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0],
            OdeMath.ThreeHalvesPower, OdeMath.ThreeHalvesPower, OdeMath.ThreeHalvesPower);
}
