using AcaKernels.Numerics;

namespace AcaKernels.Benchmarks;

/// <summary>
/// <c>--float-tanh-sweep</c>: OdeMath.Tanh(float) at every non-negative float below 50 (1.1·10⁹ values; odd, so that
/// covers all) against double tanh (glibc, ~1e-16: exact at float's scale), in float ulps of the exact value's binade;
/// whether it is monotone from one float to the next; and OdeMath.TanhDerivative(float) at every 8th float against
/// 1/cosh² in double. An accuracy figure, not a timing (RESULTS.md §58); about 30 s on 2 cores.
/// </summary>
internal static class FloatTanhSweep
{
    public static int Run()
    {
        int end = BitConverter.SingleToInt32Bits(50f);
        const int Parts = 64;
        var worst = new double[Parts];
        var worstAt = new float[Parts];
        var derivativeWorst = new double[Parts];
        var derivativeWorstAt = new float[Parts];
        var descents = new long[Parts];
        var aboveOne = new long[Parts];
        Parallel.For(0, Parts, part =>
        {
            int first = (int)((long)end * part / Parts), last = (int)((long)end * (part + 1) / Parts);
            float previous = first == 0 ? 0f : OdeMath.Tanh(BitConverter.Int32BitsToSingle(first - 1));
            for (int bits = first; bits < last; bits++)
            {
                float x = BitConverter.Int32BitsToSingle(bits), y = OdeMath.Tanh(x);
                if (y < previous) descents[part]++;
                previous = y;
                double exact = Math.Tanh((double)x);
                double ulps = Math.Abs(y - exact) / Math.ScaleB(1.0, Math.Max(Math.ILogB(exact), -126) - 23);
                if (ulps > 1) aboveOne[part]++;
                if (ulps > worst[part]) (worst[part], worstAt[part]) = (ulps, x);
                if ((bits & 7) != 0 || x > 43f) continue;
                double cosh = Math.Cosh((double)x), error = Math.Abs(OdeMath.TanhDerivative(x, y) * (cosh * cosh) - 1);
                if (error > derivativeWorst[part]) (derivativeWorst[part], derivativeWorstAt[part]) = (error, x);
            }
        });
        int w = Array.IndexOf(worst, worst.Max()), d = Array.IndexOf(derivativeWorst, derivativeWorst.Max());
        Console.WriteLine($"OdeMath.Tanh(float), every float in [0, 50): worst {worst[w]:F4} ulp at x = {worstAt[w]:R}; " +
            $"{aboveOne.Sum()} above 1 ulp; {descents.Sum()} steps where it decreases");
        Console.WriteLine($"OdeMath.TanhDerivative(float), every 8th float in [0, 43]: worst relative error {derivativeWorst[d]:E3} " +
            $"({derivativeWorst[d] * (1 << 23):F2}·2^-23) at x = {derivativeWorstAt[d]:R}");
        return 0;
    }
}
