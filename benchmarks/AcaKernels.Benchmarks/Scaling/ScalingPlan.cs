namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// The points of the three sweeps, in the order they run (within a series, increasing cost, so the driver can
/// extrapolate memory and time to the next point and stop a series where it would run out).
/// </summary>
/// <remarks>
/// Series: ACA on both backends (the lanes run only ACA and forward-only, and only in double; "aca-chunked" is ACA
/// through SolveAndGradient, forward and gradient chunk by chunk with one checkpoint log per worker), the continuous
/// adjoint and naive backpropagation on the scalar engine, forward-only solves as the floor, and float32 on the
/// scalar engine (at rtol 1e-4: float resolves ~6e-8 relative, rtol 1e-6 would be a few ulps). "quick" is sized to finish in a few minutes on a shared 2-core machine; "full" takes B to 10⁶ in
/// half decades and the other sweeps wider.
/// </remarks>
internal static class ScalingPlan
{
    private static readonly (string Method, string Backend, string Precision)[] TrajectorySeries =
    [
        ("none", "lanes", "f64"), ("aca", "lanes", "f64"), ("aca-chunked", "lanes", "f64"),
        ("none", "scalar", "f64"), ("aca", "scalar", "f64"),
        ("adjoint", "scalar", "f64"), ("naive", "scalar", "f64"),
        ("none", "scalar", "f32"), ("aca", "scalar", "f32"),
    ];

    private static readonly (string Method, string Backend)[] GradientSeries =
        [("aca", "lanes"), ("aca", "scalar"), ("adjoint", "scalar"), ("naive", "scalar")];

    /// <summary>Every series of every sweep, each a list of points of increasing cost.</summary>
    public static IEnumerable<ScalingSpec[]> Series(bool full, int workers)
    {
        int[] trajectories = full
            ? [1, 3, 10, 32, 100, 316, 1000, 3162, 10_000, 31_623, 100_000, 316_228, 1_000_000]
            : [1, 10, 100, 1000, 10_000, 100_000];
        foreach (var (method, backend, precision) in TrajectorySeries)
            yield return [.. trajectories.Select(b =>
                new ScalingSpec("trajectories", "lorenz", method, backend, precision, b, precision == "f32" ? 1e-4 : 1e-6, workers))];

        double[] tolerances = full ? [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10] : [1e-3, 1e-5, 1e-7, 1e-9];
        int stepsB = full ? 4096 : 256;
        foreach (var (method, backend) in GradientSeries)
            yield return [.. tolerances.Select(rtol => new ScalingSpec("steps", "lorenz", method, backend, "f64", stepsB, rtol, workers))];

        int widthB = full ? 1024 : 64;
        foreach (var (method, backend) in GradientSeries.Append(("none", "lanes")))
            yield return [.. ScalingMlp.Widths.Select(n => new ScalingSpec("width", $"mlp{n}", method, backend, "f64", widthB, 1e-6, workers))];
    }
}
