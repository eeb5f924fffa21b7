using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath.Sinh and OdeMath.Cosh against Math.Sinh and Math.Cosh (glibc's, which go through expm1 and exp and are up
/// to ~1.9 ulp off the true values) and against correctly rounded values (300-bit mpmath), over dense grids, every
/// magnitude, the neighbourhoods of the range reduction's switches k·ln 2/2 and of the overflow threshold; the special
/// values; exact symmetry; the vector forms lane by lane against the scalar form, bit for bit; the float overloads;
/// the generic form over another fused multiply-add.
/// </summary>
public sealed class OdeMathSinhCoshTests(ITestOutputHelper output)
{
    // OdeMath's own error, measured against 200-bit mpmath at 410 000 points per function (a sample of this sweep with
    // every point where it differs from Math, and random points): ≤ 0.537 ulp (sinh, worst just above ln 2/2 where the
    // bracket cancels 2.3-fold) and ≤ 0.518 ulp (cosh). glibc's is up to 1.87 ulp at the same points (worst in the
    // overflow band 709.78 … 710.48), so the two differ by up to 2 ulp; this bound is glibc's, not OdeMath's. The
    // points are deterministic: a failure is a change of either function.
    private const long MaxUlpsFromMath = 2;
    private const double OverflowThreshold = 710.4758600739439; // the largest x with sinh x and cosh x below ∞ (rounded)

    private static double[]? _points;

    /// <summary>A grid over [−711, 711] (step ~4e-4), a dense one over [−2, 2] (step ~2e-6), random points of every
    /// magnitude of either sign, random points in the overflow band, and the bit neighbourhoods of ln 2/2 and 3·ln 2/2
    /// (the first switches of k), of every k·ln 2 and (k + ½)·ln 2 for k ≤ 1025 (r near 0 and near ±ln 2/2), of 22
    /// (past it e^−2a is below the last bit) and of the overflow threshold.</summary>
    private static double[] Points()
    {
        if (_points is not null) return _points;
        var points = new List<double>();
        for (int i = 0; i <= 3_000_000; i++) points.Add(-711.0 + i * (1422.0 / 3_000_000) + i * 1.3e-13);
        for (int i = 0; i <= 2_000_000; i++) points.Add(-2.0 + i * (4.0 / 2_000_000) + i * 1.1e-15);
        var random = new Random(1501);
        for (int i = 0; i < 300_000; i++)
        {
            double magnitude = Math.Pow(10, -320 + 322.85 * random.NextDouble());
            points.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        for (int i = 0; i < 200_000; i++) points.Add((random.Next(2) == 0 ? 1 : -1) * (709.7 + 0.8 * random.NextDouble()));
        const double ln2 = 0.6931471805599453;
        foreach (double centre in new[] { ln2 / 2, 3 * ln2 / 2, 22.0, OverflowThreshold })
            AddNeighbourhood(points, centre, 3000);
        for (int k = 1; k <= 1025; k++)
        {
            AddNeighbourhood(points, k * ln2, 100);
            AddNeighbourhood(points, (k + 0.5) * ln2, 100);
        }
        points.AddRange([double.Epsilon, -4e-321, 2.2250738585072014e-308, 1e-200, -1e-300, 1e-8, -1e-8]);
        return _points = points.ToArray();
    }

    private static void AddNeighbourhood(List<double> points, double centre, long halfWidth)
    {
        long bits = BitConverter.DoubleToInt64Bits(centre);
        for (long d = -halfWidth; d <= halfWidth; d++)
        {
            double x = BitConverter.Int64BitsToDouble(bits + d);
            points.Add(x);
            points.Add(-x);
        }
    }

    private void AssertNearMath(string name, Func<double, double> ours, Func<double, double> reference)
    {
        long worst = 0;
        var histogram = new long[MaxUlpsFromMath + 2];
        double worstAt = 0;
        double[] points = Points();
        foreach (double x in points)
        {
            long ulps = UlpDistance.Between(ours(x), reference(x));
            histogram[Math.Min(ulps, MaxUlpsFromMath + 1)]++;
            if (ulps > worst) (worst, worstAt) = (ulps, x);
        }
        output.WriteLine($"{name}: worst {worst} ulp at x = {worstAt:R}; of {points.Length} results, "
            + string.Join(", ", histogram.Select((count, ulps) => $"{count} at {ulps} ulp")));
        Assert.True(worst <= MaxUlpsFromMath, $"OdeMath.{name} is {worst} ulp from Math.{name} at x = {worstAt:R}.");
    }

    [Fact]
    public void Sinh_WithinTwoUlpsOfMathSinh() => AssertNearMath("Sinh", OdeMath.Sinh, Math.Sinh);

    [Fact]
    public void Cosh_WithinTwoUlpsOfMathCosh() => AssertNearMath("Cosh", OdeMath.Cosh, Math.Cosh);

    /// <summary>x, sinh x and cosh x rounded to nearest from 300-bit mpmath: OdeMath (≤ 0.54 ulp off the true value)
    /// is the correctly rounded double or its neighbour, and most of the time the former.</summary>
    private static readonly (double X, double Sinh, double Cosh)[] CorrectlyRounded =
    [
        (1e-300, 1e-300, 1.0),
        (2.5e-09, 2.5e-09, 1.0),
        (1e-05, 1.0000000000166668e-05, 1.00000000005),
        (0.125, 0.12532577524111546, 1.0078226778257109),
        (0.3, 0.3045202934471426, 1.0453385141288605),
        (0.34657359027997264, 0.35355339059327373, 1.0606601717798212),
        (0.35, 0.3571897294372719, 1.0618778191559852),
        (0.5, 0.5210953054937474, 1.1276259652063807),
        (0.75, 0.82231673193583, 1.2946832846768448),
        (1.0, 1.1752011936438014, 1.5430806348152437),
        (1.0397207708399179, 1.237436867076458, 1.590990257669732),
        (1.5, 2.1292794550948173, 2.352409615243247),
        (2.0, 3.6268604078470186, 3.7621956910836314),
        (3.7, 20.21129041679853, 20.23601394326887),
        (5.0, 74.20321057778875, 74.20994852478785),
        (10.0, 11013.232874703393, 11013.232920103323),
        (18.7, 66111470.31136357, 66111470.31136358),
        (22.0, 1792456423.065796, 1792456423.065796),
        (30.0, 5343237290762.231, 5343237290762.231),
        (100.0, 1.3440585709080678e+43, 1.3440585709080678e+43),
        (345.6, 6.182198566663359e+149, 6.182198566663359e+149),
        (600.25, 2.422326982036437e+260, 2.422326982036437e+260),
        (709.0, 4.109203730777486e+307, 4.109203730777486e+307),
        (709.78, 8.964113971972578e+307, 8.964113971972578e+307),
        (710.0, 1.1169973830808555e+308, 1.1169973830808555e+308),
        (710.3, 1.507788755590971e+308, 1.507788755590971e+308),
        (710.47, 1.7871893267684048e+308, 1.7871893267684048e+308),
    ];

    [Fact]
    public void SinhCosh_WithinOneUlpOfCorrectlyRounded()
    {
        int exact = 0;
        foreach (var (x, sinh, cosh) in CorrectlyRounded)
        {
            foreach (var (name, ours, expected) in new[] { ("Sinh", OdeMath.Sinh(x), sinh), ("Cosh", OdeMath.Cosh(x), cosh) })
            {
                long ulps = UlpDistance.Between(ours, expected);
                Assert.True(ulps <= 1, $"OdeMath.{name}({x:R}) = {ours:R}, correctly rounded {expected:R}.");
                if (ulps == 0) exact++;
            }
        }
        output.WriteLine($"{exact} of {2 * CorrectlyRounded.Length} results correctly rounded");
        Assert.True(exact >= 2 * CorrectlyRounded.Length - 4, $"Only {exact} of {2 * CorrectlyRounded.Length} correctly rounded.");
    }

    [Fact]
    public void SinhCosh_OddEvenExactly()
    {
        foreach (double x in Points())
        {
            double s = OdeMath.Sinh(x), c = OdeMath.Cosh(x);
            if (BitConverter.DoubleToInt64Bits(OdeMath.Sinh(-x)) != (BitConverter.DoubleToInt64Bits(s) ^ long.MinValue))
                Assert.Fail($"Sinh(-{x:R}) = {OdeMath.Sinh(-x):R} is not -Sinh({x:R}) = {-s:R}.");
            if (BitConverter.DoubleToInt64Bits(OdeMath.Cosh(-x)) != BitConverter.DoubleToInt64Bits(c))
                Assert.Fail($"Cosh(-{x:R}) = {OdeMath.Cosh(-x):R} is not Cosh({x:R}) = {c:R}.");
            if (!(c >= 1)) Assert.Fail($"Cosh({x:R}) = {c:R} is below 1.");
        }
    }

    [Fact]
    public void SinhCosh_SpecialValuesAndOverflowBand()
    {
        AssertBits(0.0, OdeMath.Sinh(0.0));
        AssertBits(-0.0, OdeMath.Sinh(-0.0));
        AssertBits(1.0, OdeMath.Cosh(0.0));
        AssertBits(1.0, OdeMath.Cosh(-0.0));
        // Tiny arguments: sinh x = x and cosh x = 1 to the last bit, the subnormals too.
        foreach (double x in new[] { double.Epsilon, -double.Epsilon, 1e-310, -4e-321, 2.2250738585072014e-308, 1e-200, 1e-9, -3e-12 })
        {
            AssertBits(x, OdeMath.Sinh(x));
            AssertBits(1.0, OdeMath.Cosh(x));
        }
        AssertBits(double.PositiveInfinity, OdeMath.Sinh(double.PositiveInfinity));
        AssertBits(double.NegativeInfinity, OdeMath.Sinh(double.NegativeInfinity));
        AssertBits(double.PositiveInfinity, OdeMath.Cosh(double.PositiveInfinity));
        AssertBits(double.PositiveInfinity, OdeMath.Cosh(double.NegativeInfinity));
        // NaN (any sign or payload) gives NaN, as Math.Sinh/Math.Cosh.
        foreach (long bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_1234L, unchecked((long)0xFFF0_0000_0000_0001UL) })
        {
            double x = BitConverter.Int64BitsToDouble(bits);
            Assert.True(double.IsNaN(OdeMath.Sinh(x)) && double.IsNaN(OdeMath.Cosh(x)), $"Sinh/Cosh of {x} are not NaN.");
        }
        // Finite up to the correctly rounded functions' threshold (past e^x's, 709.78…), ∞ from the next double on;
        // Math.Sinh/Math.Cosh switch at the same double.
        foreach (Func<double, double> f in new Func<double, double>[] { OdeMath.Sinh, OdeMath.Cosh, Math.Sinh, Math.Cosh })
        {
            Assert.True(double.IsFinite(f(OverflowThreshold)) && double.IsFinite(f(709.79)) && double.IsFinite(f(710.2)));
            Assert.Equal(double.PositiveInfinity, f(Math.BitIncrement(OverflowThreshold)));
            Assert.Equal(double.PositiveInfinity, f(711.0));
            Assert.Equal(double.PositiveInfinity, f(1e300));
            Assert.Equal(double.PositiveInfinity, f(double.MaxValue));
        }
        Assert.Equal(double.NegativeInfinity, OdeMath.Sinh(-Math.BitIncrement(OverflowThreshold)));
        Assert.Equal(-OdeMath.Sinh(OverflowThreshold), OdeMath.Sinh(-OverflowThreshold));
        Assert.Equal(double.PositiveInfinity, OdeMath.Cosh(-double.MaxValue));
    }

    [Fact]
    public void SinhCosh_IsMonotonic()
    {
        double previousSinh = OdeMath.Sinh(-711.0);
        for (int i = 1; i <= 1_000_000; i++)
        {
            double x = -711.0 + i * (1422.0 / 1_000_000), s = OdeMath.Sinh(x);
            Assert.True(s >= previousSinh, $"Sinh({x:R}) = {s:R} < Sinh of the point before, {previousSinh:R}.");
            previousSinh = s;
        }
        double previousCosh = 1.0;
        for (int i = 0; i <= 1_000_000; i++)
        {
            double x = i * (711.0 / 1_000_000), c = OdeMath.Cosh(x);
            Assert.True(c >= previousCosh, $"Cosh({x:R}) = {c:R} < Cosh of the point before, {previousCosh:R}.");
            previousCosh = c;
        }
    }

    [Fact]
    public void SinhCosh_Vector512AndVector256_EqualScalarLaneByLane()
    {
        // Every kind of special lane interleaved with ordinary ones (no lane takes a fallback: the specials go through
        // the same arithmetic, so each must still come out as the scalar form's bits).
        double[] specials = [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, OverflowThreshold,
            -Math.BitIncrement(OverflowThreshold), 1e300, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234L), double.Epsilon, -0.0];
        double[] points = Points();
        var mixed = new List<double>(points.Length + points.Length / 50);
        for (int i = 0; i < points.Length; i++)
        {
            mixed.Add(points[i]);
            if (i % 53 == 0) mixed.Add(specials[i / 53 % specials.Length]);
        }
        double[] x = [.. mixed, 0.0, -0.0, .. specials];
        LaneByLane.AssertEqualsScalar("Sinh", x, OdeMath.Sinh, OdeMath.Sinh, OdeMath.Sinh);
        LaneByLane.AssertEqualsScalar("Cosh", x, OdeMath.Cosh, OdeMath.Cosh, OdeMath.Cosh);
    }

    /// <summary>The generic form, over System.Math's FMA and over another type's (as the GPU twin passes ILGPU's),
    /// gives the non-generic form's bits.</summary>
    [Fact]
    public void SinhCosh_GenericForm_EqualsScalarForm()
    {
        foreach (double x in Points().Where((_, i) => i % 5 == 0).Concat([double.NaN, double.PositiveInfinity, -0.0, OverflowThreshold]))
        {
            double sinh = OdeMath.Sinh(x), cosh = OdeMath.Cosh(x);
            AssertSameBits(x, sinh, OdeMath.Sinh<SystemFusedMultiplyAdd>(x));
            AssertSameBits(x, sinh, OdeMath.Sinh<DoubleFusedMultiplyAdd>(x));
            AssertSameBits(x, cosh, OdeMath.Cosh<SystemFusedMultiplyAdd>(x));
            AssertSameBits(x, cosh, OdeMath.Cosh<DoubleFusedMultiplyAdd>(x));
        }
    }

    [Fact]
    public void SinhCosh_Float_WithinOneFloatUlpOfMath()
    {
        var random = new Random(1502);
        for (int i = 0; i < 400_000; i++)
        {
            float x = (float)((random.NextDouble() - 0.5) * (i % 2 == 0 ? 4 : 190));
            // The double result is within ~0.55 ulp (of a double) of sinh x: rounded to float it is the correctly
            // rounded float or, on a near-tie, its neighbour; (float)Math.Sinh likewise.
            AssertFloatNear("Sinh", x, OdeMath.Sinh(x), (float)Math.Sinh(x));
            AssertFloatNear("Cosh", x, OdeMath.Cosh(x), (float)Math.Cosh(x));
        }
        Assert.True(float.IsNaN(OdeMath.Sinh(float.NaN)) && float.IsNaN(OdeMath.Cosh(float.NaN)));
        Assert.Equal(float.PositiveInfinity, OdeMath.Cosh(float.NegativeInfinity));
        Assert.Equal(float.NegativeInfinity, OdeMath.Sinh(-90f));
        Assert.Equal(1f, OdeMath.Cosh(0f));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(OdeMath.Sinh(-0f)));
    }

    private static void AssertFloatNear(string name, float x, float ours, float reference) =>
        Assert.True(UlpDistance.Between(ours, reference) <= 1, $"OdeMath.{name}({x:R}f) = {ours:R}, (float)Math.{name} = {reference:R}.");

    private static void AssertSameBits(double x, double expected, double actual)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            Assert.Fail($"At x = {x:R}: {expected:R} and {actual:R}.");
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
