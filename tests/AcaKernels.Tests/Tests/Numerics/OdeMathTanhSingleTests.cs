using AcaKernels.Numerics;
using Xunit.Abstractions;

namespace AcaKernels.Tests.Numerics;

/// <summary>
/// OdeMath's float tanh and sech² (float arithmetic, OdeMath.TanhSingle.cs) against double tanh and 1/cosh² (glibc,
/// ~1e-16 relative: exact at float's scale). Every float was checked once (RESULTS.md §58): tanh ≤ 1.2636 ulp, worst at
/// 0.90605295 just above the switch to the exponential form; sech² ≤ 2.15·2^-23 relative on every 8th float. The
/// tests sweep a deterministic eighth of that and the places where the algorithm changes form.
/// </summary>
public sealed class OdeMathTanhSingleTests(ITestOutputHelper output)
{
    // The exhaustive maximum, 1.2636 ulp, rounded up: a regression of either the polynomials or the switch shows.
    private const double MaxUlps = 1.3;

    // Measured 2.15·2^-23 over every 8th float (u ≤ ~0.7 ulp, (1 + |t|)² two roundings, the product one more).
    private const double MaxDerivativeRelativeError = 3.0 / (1 << 23);

    /// <summary>Every 29th float in [0, 9.6] (29 is odd, so every mantissa bit pattern's residue is met), the
    /// neighbourhoods of the switch (0.9), of saturation (9.0109…, 9.5), of every change of the exponential form's
    /// k (−2a/ln 2 = m + ½), and the exhaustive run's worst points.</summary>
    private static IEnumerable<float> Points()
    {
        int top = BitConverter.SingleToInt32Bits(9.6f);
        for (int bits = 0; bits < top; bits += 29) yield return BitConverter.Int32BitsToSingle(bits);
        var centres = new List<float> { 0.9f, 9.010913f, 9.5f, 0.90605295f, 0.86835736f };
        for (int m = 1; m <= 27; m++) centres.Add((float)((m + 0.5) * Math.Log(2) / 2));
        foreach (float centre in centres)
        {
            int bits = BitConverter.SingleToInt32Bits(centre);
            for (int k = -3000; k <= 3000; k++) yield return BitConverter.Int32BitsToSingle(bits + k);
        }
    }

    private static double Ulps(float ours, double exact)
    {
        int binade = Math.Max(Math.ILogB(Math.Abs(exact)), -126);
        return Math.Abs(ours - exact) / Math.ScaleB(1.0, binade - 23);
    }

    [Fact]
    public void Tanh_Sweep_WithinBoundOfTanhAndOddBitForBit()
    {
        double worst = 0;
        float worstAt = 0;
        long count = 0;
        foreach (float x in Points())
        {
            float ours = OdeMath.Tanh(x);
            double ulps = Ulps(ours, Math.Tanh((double)x));
            if (ulps > worst) (worst, worstAt) = (ulps, x);
            int mirrored = BitConverter.SingleToInt32Bits(OdeMath.Tanh(-x));
            Assert.True(mirrored == (BitConverter.SingleToInt32Bits(ours) ^ int.MinValue), $"tanh(−{x:R}) is not −tanh({x:R}).");
            count++;
        }
        output.WriteLine($"{count} points; worst {worst:F4} ulp at x = {worstAt:R}");
        Assert.True(worst <= MaxUlps, $"OdeMath.Tanh({worstAt:R}f) is {worst:F4} float ulp from tanh.");
    }

    [Fact]
    public void Tanh_SpecialValues()
    {
        Assert.Equal(0, BitConverter.SingleToInt32Bits(OdeMath.Tanh(0f)));
        Assert.Equal(int.MinValue, BitConverter.SingleToInt32Bits(OdeMath.Tanh(-0f)));
        Assert.Equal(1f, OdeMath.Tanh(float.PositiveInfinity));
        Assert.Equal(-1f, OdeMath.Tanh(float.NegativeInfinity));
        Assert.Equal(1f, OdeMath.Tanh(9.011f));   // tanh rounds to 1 from 9.0109… on
        Assert.Equal(1f, OdeMath.Tanh(float.MaxValue));
        // Tiny and subnormal arguments: tanh x = x to the last bit (a·s·P(s) is below half an ulp of a, or 0).
        foreach (float tiny in new[] { float.Epsilon, 1e-40f, 1.17549435e-38f, 1e-20f, -3e-5f })
            Assert.Equal(BitConverter.SingleToInt32Bits(tiny), BitConverter.SingleToInt32Bits(OdeMath.Tanh(tiny)));
        // NaN stays NaN, whatever its sign or payload, so a poisoned trajectory still fails.
        foreach (int bits in new[] { BitConverter.SingleToInt32Bits(float.NaN), 0x7FC0_1234, unchecked((int)0xFF80_0001) })
            Assert.True(float.IsNaN(OdeMath.Tanh(BitConverter.Int32BitsToSingle(bits))));
    }

    [Fact]
    public void TanhDerivative_AgainstSechSquared_FewUlpRelativeEvenWhereTanhSaturates()
    {
        double worst = 0;
        float worstAt = 0;
        int top = BitConverter.SingleToInt32Bits(43f);
        for (int bits = 0; bits <= top; bits += 97)
        {
            float x = BitConverter.Int32BitsToSingle(bits);
            // Beyond 9.01 tanh is 1 and 1 − t² would be 0; sech² is still 4e^{−2x} to ~1e-37.
            double cosh = Math.Cosh((double)x), exact = 1 / (cosh * cosh);
            float ours = OdeMath.TanhDerivative(x, OdeMath.Tanh(x));
            double error = Math.Abs(ours / exact - 1);
            if (error > worst) (worst, worstAt) = (error, x);
            Assert.Equal(ours, OdeMath.TanhDerivative(-x, OdeMath.Tanh(-x)));
        }
        output.WriteLine($"worst relative error {worst:E3} ({worst * (1 << 23):F2}·2^-23) at x = {worstAt:R}");
        Assert.True(worst <= MaxDerivativeRelativeError, $"OdeMath.TanhDerivative({worstAt:R}f) is {worst:E3} relative from sech².");

        Assert.Equal(1f, OdeMath.TanhDerivative(0f, 0f));
        Assert.Equal(1f, OdeMath.TanhDerivative(-0f, -0f));
        Assert.Equal(0f, OdeMath.TanhDerivative(43.001f, 1f));
        Assert.Equal(0f, OdeMath.TanhDerivative(float.NegativeInfinity, -1f));
        Assert.True(float.IsNaN(OdeMath.TanhDerivative(float.NaN, float.NaN)));
    }
}
