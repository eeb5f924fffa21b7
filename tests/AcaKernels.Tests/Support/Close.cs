namespace AcaKernels.Tests.Support;

/// <summary>Assertions of numerical closeness with an explicit scale, so near-zero entries are judged fairly.</summary>
internal static class Close
{
    /// <summary>Asserts |actual − expected| ≤ tolerance · max(|expected|, scale).</summary>
    public static void Equal(double expected, double actual, double tolerance, double scale, string what)
    {
        double bound = tolerance * Math.Max(Math.Abs(expected), scale);
        double difference = Math.Abs(actual - expected);
        Assert.True(difference <= bound && !double.IsNaN(actual),
            $"{what}: expected {expected:R}, got {actual:R}, |Δ| = {difference:E3} > {bound:E3} (tolerance {tolerance:E1} × scale).");
    }

    /// <summary>
    /// Asserts every entry within tolerance of the vector's scale: |aᵢ − eᵢ| ≤ tolerance · max(|eᵢ|, ‖e‖∞, floor).
    /// Rounding in a computed vector is proportional to its largest entries, not to each entry.
    /// </summary>
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what,
        double floor = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(MaxAbs(expected), floor);
        for (int i = 0; i < expected.Length; i++)
            Equal(expected[i], actual[i], tolerance, scale, $"{what}[{i}]");
    }

    /// <summary>‖x‖∞.</summary>
    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        double max = 0;
        foreach (double v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    /// <summary>x converted to double.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = x[i];
        return result;
    }

    /// <summary>x rounded to float.</summary>
    public static float[] ToFloat(ReadOnlySpan<double> x)
    {
        var result = new float[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = (float)x[i];
        return result;
    }
}
