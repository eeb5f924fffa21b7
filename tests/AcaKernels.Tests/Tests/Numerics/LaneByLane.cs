using System.Runtime.Intrinsics;

namespace AcaKernels.Tests.Numerics;

/// <summary>The check every OdeMath function's vector forms pass: each lane of the Vector512 form and of the Vector256
/// form (two halves per eight points) has the scalar form's bits at that lane's input.</summary>
internal static class LaneByLane
{
    /// <summary>Fails on the first lane whose bits differ from <paramref name="scalar"/>'s; <paramref name="x"/> is
    /// padded with <paramref name="padding"/> to whole vectors of eight.</summary>
    public static void AssertEqualsScalar(string name, double[] x, Func<double, double> scalar,
        Func<Vector512<double>, Vector512<double>> wide, Func<Vector256<double>, Vector256<double>> narrow, double padding = 0.3)
    {
        while (x.Length % 8 != 0) x = [.. x, padding];
        for (int i = 0; i < x.Length; i += 8)
        {
            Vector512<double> w = wide(Vector512.Create(x.AsSpan(i, 8)));
            Vector256<double> low = narrow(Vector256.Create(x.AsSpan(i, 4))), high = narrow(Vector256.Create(x.AsSpan(i + 4, 4)));
            for (int l = 0; l < 8; l++)
            {
                double expected = scalar(x[i + l]), lane512 = w.GetElement(l), lane256 = l < 4 ? low.GetElement(l) : high.GetElement(l - 4);
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(lane512)
                    || BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(lane256))
                    Assert.Fail($"{name}({x[i + l]:R}): scalar {expected:R}, Vector512 lane {lane512:R}, Vector256 lane {lane256:R}.");
            }
        }
    }
    /// <summary>The two-argument form: lane l of each vector form, at (<paramref name="x"/>[l], <paramref name="y"/>[l]),
    /// has <paramref name="scalar"/>'s bits there; both arrays are padded with <paramref name="padding"/>.</summary>
    public static void AssertEqualsScalar(string name, double[] x, double[] y, Func<double, double, double> scalar,
        Func<Vector512<double>, Vector512<double>, Vector512<double>> wide,
        Func<Vector256<double>, Vector256<double>, Vector256<double>> narrow, double padding = 0.3)
    {
        Assert.Equal(x.Length, y.Length);
        while (x.Length % 8 != 0) (x, y) = ([.. x, padding], [.. y, padding]);
        for (int i = 0; i < x.Length; i += 8)
        {
            Vector512<double> w = wide(Vector512.Create(x.AsSpan(i, 8)), Vector512.Create(y.AsSpan(i, 8)));
            Vector256<double> low = narrow(Vector256.Create(x.AsSpan(i, 4)), Vector256.Create(y.AsSpan(i, 4)));
            Vector256<double> high = narrow(Vector256.Create(x.AsSpan(i + 4, 4)), Vector256.Create(y.AsSpan(i + 4, 4)));
            for (int l = 0; l < 8; l++)
            {
                double expected = scalar(x[i + l], y[i + l]), lane512 = w.GetElement(l), lane256 = l < 4 ? low.GetElement(l) : high.GetElement(l - 4);
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(lane512)
                    || BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(lane256))
                    Assert.Fail($"{name}({x[i + l]:R}, {y[i + l]:R}): scalar {expected:R}, Vector512 lane {lane512:R}, Vector256 lane {lane256:R}.");
            }
        }
    }
}
