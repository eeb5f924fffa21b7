namespace AcaKernels.GpuBench.Check;

/// <summary>One line of the correctness check: the largest |gpu − cpu| / max(1, |cpu|) against its limit.</summary>
internal static class Comparison
{
    public static bool Report(string what, ReadOnlySpan<float> cpu, ReadOnlySpan<float> gpu, double limit) =>
        Report(what, Widen(cpu), Widen(gpu), limit);

    public static bool Report(string what, ReadOnlySpan<double> cpu, ReadOnlySpan<double> gpu, double limit)
    {
        double worst = 0;
        int nonFinite = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            double d = Math.Abs(gpu[i] - cpu[i]) / Math.Max(1, Math.Abs(cpu[i]));
            if (double.IsNaN(d)) nonFinite++;
            else worst = Math.Max(worst, d);
        }
        bool pass = nonFinite == 0 && worst <= limit;
        Console.WriteLine($"  check {what,-52} max |gpu-cpu|/max(1,|cpu|) = {worst:E2} (limit {limit:E0})" +
            (nonFinite > 0 ? $", {nonFinite} non-finite" : "") + (pass ? "  PASS" : "  FAIL"));
        return pass;
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = values[i];
        return wide;
    }

    /// <summary>The final states z(t_end) of [trajectory][time][component] outputs with two output times, as
    /// [trajectory][component] (<paramref name="components"/> = n: 3 for Lorenz).</summary>
    public static T[] Finals<T>(T[] outputs, int trajectories, int components = 3)
    {
        var finals = new T[components * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int j = 0; j < components; j++) finals[b * components + j] = outputs[(b * 2 + 1) * components + j];
        return finals;
    }

    /// <summary>[component][trajectory] → [trajectory][component].</summary>
    public static float[] ByTrajectory(float[] byComponent, int trajectories)
    {
        var result = new float[byComponent.Length];
        for (int b = 0; b < trajectories; b++)
            for (int j = 0; j < 3; j++) result[b * 3 + j] = byComponent[j * trajectories + b];
        return result;
    }
}
