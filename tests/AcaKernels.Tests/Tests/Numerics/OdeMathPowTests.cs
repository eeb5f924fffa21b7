using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Pow against Math.Pow (glibc's pow, correctly rounded in practice: its authors' bound is ≈ 0.52 ulp) over a
/// fixed-seed sweep of (x, y) with results in the normal range, its special values (Math.Pow's own, bit for bit),
/// its float form, and its vector forms lane by lane against the scalar form (special lanes among ordinary ones).
/// </summary>
public sealed class OdeMathPowTests(ITestOutputHelper output)
{
    // OdeMath.Pow rounds about once (≈ 0.5 ulp) after ln x to ≲ 2^−66 relative and e^r's polynomial (2e-17); with
    // glibc within ~0.52 ulp, the two differ by at most 1 ulp. The sweep is deterministic: a failure is a change of
    // either function.
    private const long MaxUlpsFromMath = 1;

    /// <summary>A million points of each kind, seed 2025: x = e^u over the whole positive range with y uniform in
    /// [−50, 50] and |y·ln x| ≤ 708; x near 1 (1 ± 2^−60..1) with huge y (|y·ln x| ≤ 700, |y| ≤ 1e18); integer and
    /// half-integer y in [−60, 60]; y in [−2000, 2000] (where ln x's error counts most); subnormal x with |y| &lt; 0.95.</summary>
    private static (double[] X, double[] Y) Points()
    {
        var random = new Random(2025);
        var x = new List<double>();
        var y = new List<double>();
        const int perKind = 1_000_000;
        for (int i = 0; i < perKind; i++)
        {
            double b = -50 + 100 * random.NextDouble();
            x.Add(Math.Exp((2 * random.NextDouble() - 1) * Math.Min(708 / Math.Abs(b), 744)));
            y.Add(b);
        }
        for (int i = 0; i < perKind; i++)
        {
            double a = 1 + (2 * random.NextDouble() - 1) * Math.Pow(2, -60 * random.NextDouble());
            x.Add(a);
            y.Add((2 * random.NextDouble() - 1) * Math.Min(1e18, 700 / Math.Abs(Math.Log(a))));
        }
        for (int i = 0; i < perKind; i++)
        {
            double b = random.Next(-60, 61) * (i % 2 == 0 ? 1.0 : 0.5);
            x.Add(Math.Exp((2 * random.NextDouble() - 1) * (b == 0 ? 700 : Math.Min(700 / Math.Abs(b), 700))));
            y.Add(b);
        }
        for (int i = 0; i < perKind; i++)
        {
            double b = (2 * random.NextDouble() - 1) * 2000;
            x.Add(Math.Exp((2 * random.NextDouble() - 1) * Math.Min(744, 708 / Math.Abs(b))));
            y.Add(b);
        }
        for (int i = 0; i < 100_000; i++)
        {
            x.Add(BitConverter.Int64BitsToDouble(1 + (long)(random.NextDouble() * 0x000F_FFFF_FFFF_FFFFL)));
            y.Add((2 * random.NextDouble() - 1) * 0.95);
        }
        return ([.. x], [.. y]);
    }

    [Fact]
    public void Pow_FixedSeedSweep_WithinOneUlpOfMathPow()
    {
        long worst = 0, differing = 0;
        (double X, double Y) worstAt = default;
        (double[] xs, double[] ys) = Points();
        for (int i = 0; i < xs.Length; i++)
        {
            long ulps = UlpDistance.Between(OdeMath.Pow(xs[i], ys[i]), Math.Pow(xs[i], ys[i]));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, (xs[i], ys[i]));
        }
        output.WriteLine($"worst: {worst} ulp at ({worstAt.X:R}, {worstAt.Y:R}); {differing} of {xs.Length} results differ from Math.Pow");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Pow is {worst} ulp from Math.Pow at ({worstAt.X:R}, {worstAt.Y:R}).");
    }

    private static readonly double[] SpecialX =
    [
        0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, double.MaxValue, -double.MaxValue, 1e-300, 1e300, 3.0, -8.0,
        0.9999999999999999, 1.0000000000000002,
    ];

    private static readonly double[] SpecialY =
    [
        0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 1.0 / 3, double.PositiveInfinity, double.NegativeInfinity,
        double.NaN, 1e300, -1e300, 9007199254740993.0, 9007199254740992.0, 1025.0, -1075.0, 0.95, 700.0, -700.0, double.Epsilon,
    ];

    [Fact]
    public void Pow_SpecialValues_EqualMathPowBitForBit()
    {
        foreach (double x in SpecialX)
            foreach (double y in SpecialY)
            {
                double ours = OdeMath.Pow(x, y), reference = Math.Pow(x, y);
                if (double.IsNaN(reference)) Assert.True(double.IsNaN(ours), $"Pow({x:R}, {y:R}) = {ours:R}, Math.Pow: NaN.");
                else Assert.True(UlpDistance.Between(ours, reference) <= MaxUlpsFromMath, $"Pow({x:R}, {y:R}) = {ours:R}, Math.Pow = {reference:R}.");
                // Outside the fast path (x = ±0, non-finite x, a negative x with a non-integer y, non-finite y,
                // results off the normal range) the result is Math.Pow's, bit for bit.
                bool fastPath = Math.Abs(x) > 0 && Math.Abs(x) < double.PositiveInfinity && (x > 0 || y == Math.Floor(y))
                    && double.IsFinite(y) && double.IsNormal(reference);
                if (!fastPath && !double.IsNaN(reference))
                    AssertBits(reference, ours);
            }
        // Results that overflow or fall into the subnormals are Math.Pow's.
        AssertBits(Math.Pow(10.0, 309.0), OdeMath.Pow(10.0, 309.0));
        AssertBits(Math.Pow(10.0, -310.0), OdeMath.Pow(10.0, -310.0));
        AssertBits(Math.Pow(2.0, -1074.0), OdeMath.Pow(2.0, -1074.0));
        AssertBits(Math.Pow(0.5, 1030.5), OdeMath.Pow(0.5, 1030.5));
        // x = 1 and y = 0 give exactly 1; y = 1 gives x; integer powers of two are exact.
        var random = new Random(2026);
        for (int i = 0; i < 10_000; i++)
        {
            double a = Math.Exp(1400 * random.NextDouble() - 700), b = 200 * random.NextDouble() - 100;
            AssertBits(1.0, OdeMath.Pow(1.0, b));
            AssertBits(1.0, OdeMath.Pow(a, 0.0));
            AssertBits(1.0, OdeMath.Pow(a, -0.0));
            Assert.True(UlpDistance.Between(a, OdeMath.Pow(a, 1.0)) <= 1);
        }
        for (int j = -1000; j <= 1000; j++) AssertBits(Math.ScaleB(1, j), OdeMath.Pow(2.0, j));
        AssertBits(1024.0, OdeMath.Pow(2.0, 10.0));
        AssertBits(9.0, OdeMath.Pow(3.0, 2.0));
        AssertBits(2.0, OdeMath.Pow(4.0, 0.5));
    }

    /// <summary>A negative base with an integer exponent takes the fast path on |x| and gets IEEE pow's sign: within
    /// 1 ulp of Math.Pow, the same sign, and the exact small powers exact; with a non-integer exponent it is NaN.</summary>
    [Fact]
    public void Pow_NegativeBaseIntegerExponent_WithinOneUlpOfMathPow_SignExact()
    {
        var random = new Random(2612);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = -Math.Exp(14 * random.NextDouble() - 7);
            double y = i % 10 == 0 ? Math.Floor(Math.ScaleB(random.NextDouble(), 53 + random.Next(0, 5))) * (random.Next(2) == 0 ? 1 : -1)
                : random.Next(-80, 81);
            double ours = OdeMath.Pow(x, y), reference = Math.Pow(x, y);
            Assert.True(double.IsNaN(ours) == double.IsNaN(reference) && double.IsNegative(ours) == double.IsNegative(reference),
                $"Pow({x:R}, {y:R}) = {ours:R}, Math.Pow = {reference:R}");
            worst = Math.Max(worst, UlpDistance.Between(ours, reference));
            if (Math.Abs(y) < 1e15) Assert.True(double.IsNaN(OdeMath.Pow(x, y + 0.5)), $"Pow({x:R}, {y + 0.5:R}) is not NaN.");
        }
        output.WriteLine($"negative bases, integer exponents: worst {worst} ulp from Math.Pow");
        Assert.True(worst <= MaxUlpsFromMath, $"worst {worst} ulp");
        AssertBits(-8.0, OdeMath.Pow(-2.0, 3.0));
        AssertBits(16.0, OdeMath.Pow(-2.0, 4.0));
        AssertBits(-0.125, OdeMath.Pow(-2.0, -3.0));
        AssertBits(9.0, OdeMath.Pow(-3.0, 2.0));
        AssertBits(-1.0, OdeMath.Pow(-1.0, 9007199254740991.0));   // 2^53 − 1: odd
        AssertBits(1.0, OdeMath.Pow(-1.0, 9007199254740992.0));    // 2^53: even
        AssertBits(Math.Pow(-2.0, 1025.0), OdeMath.Pow(-2.0, 1025.0)); // overflow: −∞, Math.Pow's
        Assert.Equal(-8f, OdeMath.Pow(-2f, 3f));
        // The generic form over another FMA gives the scalar's bits here too (the GPU form's premise).
        for (int i = 0; i < 2000; i++)
        {
            double x = -Math.Exp(10 * random.NextDouble() - 5), y = random.Next(-40, 41);
            AssertBits(OdeMath.Pow(x, y), OdeMath.Pow<DoubleFusedMultiplyAdd>(x, y));
        }
    }

    [Fact]
    public void Pow_Vector512AndVector256_EqualScalarLaneByLane()
    {
        (double[] xs, double[] ys) = Points();
        LaneByLane.AssertEqualsScalar("Pow", xs, ys, OdeMath.Pow, OdeMath.Pow, OdeMath.Pow);
        // Every (special x, special y) pair, spread so each vector of eight mixes them with ordinary pairs.
        var x = new List<double>();
        var y = new List<double>();
        double[] ordinary = [0.3, 1.7, 1e-5, 123456.789, 2.0, 1e300, 0.999999, 3.5];
        int o = 0;
        foreach (double a in SpecialX)
            foreach (double b in SpecialY)
            {
                x.Add(a);
                y.Add(b);
                for (int r = 0; r < (a + b > 1 ? 2 : 1); r++, o++)
                {
                    x.Add(ordinary[o % ordinary.Length]);
                    y.Add(ordinary[(o / 3) % ordinary.Length] - 1.5);
                }
            }
        LaneByLane.AssertEqualsScalar("Pow", [.. x], [.. y], OdeMath.Pow, OdeMath.Pow, OdeMath.Pow);
        // Special pairs alone (every lane patched) and all-ordinary vectors.
        LaneByLane.AssertEqualsScalar("Pow", [.. SpecialX, .. SpecialX], [.. SpecialY, .. SpecialY[..20]], OdeMath.Pow, OdeMath.Pow, OdeMath.Pow);
    }

    [Fact]
    public void Pow_Float_WithinOneFloatUlpOfMathFPow()
    {
        var random = new Random(2027);
        for (int i = 0; i < 400_000; i++)
        {
            float x = i % 2 == 0 ? (float)(random.NextDouble() * 4) : (float)Math.Pow(2, -126 + 253 * random.NextDouble());
            float y = i % 3 == 0 ? random.Next(-8, 9) : (float)(random.NextDouble() * 10 - 5);
            // The double result is within ~0.5 double ulp of x^y: rounded to float it is the correctly rounded float
            // or, on a near-tie, its neighbour; (float)Math.Pow likewise.
            float ours = OdeMath.Pow(x, y), reference = (float)Math.Pow(x, y);
            Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.Pow({x:R}f, {y:R}f) = {ours:R}, (float)Math.Pow = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Pow(float.NaN, 2f)));
        Assert.True(float.IsNaN(OdeMath.Pow(-1f, 0.5f)));
        Assert.Equal(1f, OdeMath.Pow(1f, 3.3f));
        Assert.Equal(1f, OdeMath.Pow(7f, 0f));
        Assert.Equal(float.PositiveInfinity, OdeMath.Pow(0f, -1f));
        Assert.Equal(8f, OdeMath.Pow(2f, 3f));
        Assert.Equal(float.PositiveInfinity, OdeMath.Pow(1e30f, 2f));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
