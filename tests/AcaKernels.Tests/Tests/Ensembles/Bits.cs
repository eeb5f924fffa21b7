namespace AcaKernels.Tests.Ensembles;

/// <summary>Bit-for-bit comparison: the ensemble runs the single-trajectory engine in the same order, so no
/// tolerance applies (NaN must match NaN, and −0 must match −0).</summary>
internal static class Bits
{
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}.");
    }
}
