namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// The comparison of a backend that rounds differently from the scalar hooks (contracted multiply-adds, its own libm):
/// each output's largest difference relative to its natural scale (<see cref="StepOutputs.Scale"/>), the same for
/// every such backend; only the tolerance is the backend's.
/// </summary>
internal static class ScaledComparison
{
    /// <summary>Asserts every output within <paramref name="tolerance"/> of its scale, the failure naming
    /// <paramref name="subject"/>, the trajectory, the quantity and <paramref name="backend"/>; returns the worst
    /// relative difference, for the test's log.</summary>
    public static double AssertWithinScale(IEnumerable<StepOutputs> outputs, double tolerance, string subject, string backend)
    {
        double worst = 0;
        foreach (StepOutputs result in outputs)
        {
            double difference = 0;
            for (int i = 0; i < result.Reference.Length; i++)
                difference = Math.Max(difference, Math.Abs(result.Device[i] - result.Reference[i]));
            double relative = difference / Math.Max(result.Scale, double.Epsilon);
            worst = Math.Max(worst, relative);
            Assert.True(relative <= tolerance,
                $"{subject}, trajectory {result.Trajectory}, {result.Quantity}: max |{backend} − scalar| = {difference:E3}, {relative:E3} of its scale {result.Scale:E3} (tolerance {tolerance:E1})");
        }
        return worst;
    }
}
