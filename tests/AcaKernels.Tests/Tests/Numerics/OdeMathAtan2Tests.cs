using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Atan2 against Math.Atan2 (glibc's) over fixed-seed sweeps: angles all round the circle, the bit
/// neighbourhoods of the range breakpoints (ratios 7/16, 11/16, 19/16, 39/16, 1) in every quadrant, every magnitude of
/// either coordinate, extreme ratios and the ends of the fast path (2^±1000); IEEE's special cases; exact odd symmetry
/// in y; the vector forms lane by lane against the scalar form, fast lanes mixed with fallback lanes; the generic form
/// over another fused multiply-add; the float overload.
/// </summary>
public sealed class OdeMathAtan2Tests(ITestOutputHelper output)
{
    // OdeMath's own error is ≲ 0.77 ulp (measured against 300-bit atan2); with glibc within ~0.52 ulp, the two differ
    // by at most 1 ulp.
    private const long MaxUlpsFromMath = 1;

    private static readonly double[] Ratios = [0.4375, 0.6875, 1.1875, 2.4375, 1.0];

    private static (double[] Y, double[] X)? _points;

    private static (double[] Y, double[] X) Points()
    {
        if (_points is { } cached) return cached;
        var ys = new List<double>();
        var xs = new List<double>();
        void Add(double y, double x) { ys.Add(y); xs.Add(x); }
        var random = new Random(2701);
        // Angles all round the circle at radii of every size.
        for (int i = 0; i < 400_000; i++)
        {
            double angle = (random.NextDouble() * 2 - 1) * Math.PI, radius = Math.Pow(10, -20 + 40 * random.NextDouble());
            Add(radius * Math.Sin(angle), radius * Math.Cos(angle));
        }
        // Uniform squares.
        for (int i = 0; i < 300_000; i++) Add(random.NextDouble() * 8 - 4, random.NextDouble() * 8 - 4);
        // Each coordinate of any magnitude and sign, independently (extreme ratios, subnormal quotients, the fast path's ends).
        for (int i = 0; i < 300_000; i++)
        {
            double my = Math.Pow(2, -1074 + 2097 * random.NextDouble()), mx = Math.Pow(2, -1074 + 2097 * random.NextDouble());
            Add(random.Next(2) == 0 ? my : -my, random.Next(2) == 0 ? mx : -mx);
        }
        // The breakpoints' bit neighbourhoods: y = r·x nudged by ±3000 ulps, in all four quadrants and both orders.
        foreach (double r in Ratios)
        {
            for (int k = 0; k < 2; k++)
            {
                double x = k == 0 ? 1.0 : 0.7390851332151607;
                long bits = BitConverter.DoubleToInt64Bits(r * x);
                for (long d = -1500; d <= 1500; d++)
                {
                    double y = BitConverter.Int64BitsToDouble(bits + d);
                    Add(y, x); Add(y, -x); Add(-y, x); Add(-y, -x);
                }
            }
        }
        // Zero against non-zero, and the fast path's ends 2^±1000 and their neighbours.
        double[] edges = [0.0, -0.0, 1.0, -1.0, 3e-300, 9.332636185032189e-302, 9.332636185032188e-302, 1.0715086071862673e301,
            1.0715086071862675e301, double.Epsilon, 1e-320, 2.2250738585072014e-308, 1e300, double.MaxValue];
        foreach (double y in edges)
            foreach (double x in edges) { Add(y, x); Add(-y, x); Add(y, -x); Add(-y, -x); }
        return (_points = (ys.ToArray(), xs.ToArray())).Value;
    }

    [Fact]
    public void Atan2_WithinOneUlpOfMathAtan2()
    {
        (double[] ys, double[] xs) = Points();
        long worst = 0, differing = 0;
        (double y, double x) worstAt = (0, 0);
        for (int i = 0; i < ys.Length; i++)
        {
            long ulps = UlpDistance.Between(OdeMath.Atan2(ys[i], xs[i]), Math.Atan2(ys[i], xs[i]));
            if (ulps != 0) differing++;
            if (ulps > worst) (worst, worstAt) = (ulps, (ys[i], xs[i]));
        }
        output.WriteLine($"Atan2: worst {worst} ulp at (y, x) = ({worstAt.y:R}, {worstAt.x:R}); {differing} of {ys.Length} differ from Math.Atan2");
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.Atan2 is {worst} ulp from Math.Atan2 at ({worstAt.y:R}, {worstAt.x:R}).");
    }

    [Fact]
    public void Atan2_OddInYExactly_AndBoundedByPi()
    {
        (double[] ys, double[] xs) = Points();
        for (int i = 0; i < ys.Length; i++)
        {
            double angle = OdeMath.Atan2(ys[i], xs[i]), mirrored = OdeMath.Atan2(-ys[i], xs[i]);
            if (BitConverter.DoubleToInt64Bits(mirrored) != (BitConverter.DoubleToInt64Bits(angle) ^ long.MinValue))
                Assert.Fail($"Atan2(-{ys[i]:R}, {xs[i]:R}) = {mirrored:R} is not -Atan2({ys[i]:R}, {xs[i]:R}) = {-angle:R}.");
            if (!(Math.Abs(angle) <= Math.PI)) Assert.Fail($"|Atan2({ys[i]:R}, {xs[i]:R})| = {angle:R} above π.");
        }
    }

    [Fact]
    public void Atan2_SpecialValues_AsMathAtan2()
    {
        double[] specials = [0.0, -0.0, 1.0, -1.0, 2.5e-310, -7.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e305];
        foreach (double y in specials)
            foreach (double x in specials)
                AssertBits(Math.Atan2(y, x), OdeMath.Atan2(y, x));
        AssertBits(0.0, OdeMath.Atan2(0.0, 3.0));
        AssertBits(-0.0, OdeMath.Atan2(-0.0, 3.0));
        AssertBits(Math.PI, OdeMath.Atan2(0.0, -3.0));
        AssertBits(-Math.PI, OdeMath.Atan2(-0.0, -3.0));
        AssertBits(Math.PI / 2, OdeMath.Atan2(3.0, 0.0));
        AssertBits(Math.PI / 2, OdeMath.Atan2(3.0, -0.0));
        AssertBits(-Math.PI / 2, OdeMath.Atan2(-3.0, -0.0));
        AssertBits(Math.PI / 4, OdeMath.Atan2(2.0, 2.0));
        AssertBits(3 * Math.PI / 4, OdeMath.Atan2(2.0, -2.0));
        // Tiny ratios: the quotient itself, as the true angle rounds.
        foreach (double y in new[] { double.Epsilon, 1e-310, 1e-200, 3e-17 })
            AssertBits(y / 1.5, OdeMath.Atan2(y, 1.5));
    }

    [Fact]
    public void Atan2_Vector512AndVector256_EqualScalarLaneByLane()
    {
        (double[] ys, double[] xs) = Points();
        double[] fallbacks = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e302, -2e-302];
        var y = new List<double>(ys.Length + ys.Length / 20);
        var x = new List<double>(ys.Length + ys.Length / 20);
        for (int i = 0; i < ys.Length; i++)
        {
            y.Add(ys[i]); x.Add(xs[i]);
            if (i % 37 == 0) { y.Add(fallbacks[i / 37 % fallbacks.Length]); x.Add(fallbacks[i / 37 / fallbacks.Length % fallbacks.Length]); }
        }
        LaneByLane.AssertEqualsScalar("Atan2", [.. y], [.. x], OdeMath.Atan2, OdeMath.Atan2, OdeMath.Atan2);
    }

    [Fact]
    public void Atan2_GenericOverAnotherFusedMultiplyAdd_EqualsScalar()
    {
        (double[] ys, double[] xs) = Points();
        for (int i = 0; i < ys.Length; i++)
        {
            double expected = OdeMath.Atan2(ys[i], xs[i]), generic = OdeMath.Atan2<DoubleFusedMultiplyAdd>(ys[i], xs[i]);
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(generic))
                Assert.Fail($"Atan2<DoubleFusedMultiplyAdd>({ys[i]:R}, {xs[i]:R}) = {generic:R}, Atan2 = {expected:R}.");
        }
    }

    [Fact]
    public void Atan2_Float_WithinOneFloatUlpOfMathF()
    {
        var random = new Random(2702);
        for (int i = 0; i < 400_000; i++)
        {
            float y = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 8 : 2000)), x = (float)((random.NextDouble() - 0.5) * 8);
            float ours = OdeMath.Atan2(y, x), reference = (float)Math.Atan2(y, x);
            Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.Atan2({y:R}f, {x:R}f) = {ours:R}, (float)Math.Atan2 = {reference:R}.");
        }
        Assert.True(float.IsNaN(OdeMath.Atan2(float.NaN, 1f)));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Atan2(-0f, 1f)));
        Assert.Equal((float)Math.PI, OdeMath.Atan2(0f, -1f));
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
