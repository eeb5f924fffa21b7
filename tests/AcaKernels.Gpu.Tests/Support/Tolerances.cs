namespace AcaKernels.Gpu.Tests.Support;

/// <summary>
/// How far a GPU ensemble's results may be from the CPU engine's, per backend and precision: |gpu − cpu| ≤
/// tol·max(1, |cpu|) elementwise. One table, so every backend test uses the same justified numbers.
/// </summary>
/// <remarks>
/// <para>CPU accelerator, float64: 0. The kernels run as .NET code and call the step spec or its bit-identical twins,
/// and the reference stepper does the CPU engine's arithmetic, so every step, output and gradient is the same bits.</para>
/// <para>OpenCL (PoCL) and CUDA, float64: states 1e-9, gradients 1e-8. The device's sqrt/tanh/pow and the compiler's
/// contraction of a·b + c differ from .NET by an ulp or so; the error estimate's cancellation amplifies that into step
/// sizes differing by up to ~5e-8 relative (measured, engineering notes), and the final states then differ by
/// ~1e-13 (Lorenz over t ∈ [0, 1]: Lyapunov growth e^0.9). A flipped accept/reject decision would move a result
/// by the local error, ~rtol = 1e-6, so 1e-9 sits three orders above rounding and three below a changed decision;
/// gradients pass through one more sweep of the same rounding (and the tanh-MLP's parameter sums), hence 10× wider.</para>
/// </remarks>
public static class Tolerances
{
    public readonly record struct Entry(double State, double Gradient);

    public static Entry For(GpuBackend backend) => backend switch
    {
        GpuBackend.Cpu => new(0, 0),
        _ => new(1e-9, 1e-8),
    };

    /// <summary>float32 states (time and steps float64): 0 on the CPU accelerator as for float64; on OpenCL and CUDA
    /// states 1e-4 and gradients 1e-3: float's ulp is 6e-8, a solve at rtol 1e-4 accumulates a few hundred roundings
    /// amplified ~e^0.9 (Lorenz, t ∈ [0, 1]) to ~1e-5, while a changed accept/reject decision moves results by the
    /// local error ~rtol = 1e-4... so float results on another device are compared at the tolerance the solve
    /// promises, not below it.</summary>
    public static Entry ForSingle(GpuBackend backend) => backend switch
    {
        GpuBackend.Cpu => new(0, 0),
        _ => new(1e-4, 1e-3),
    };

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        var e = new double[expected.Length];
        var a = new double[actual.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        for (int i = 0; i < a.Length; i++) a[i] = actual[i];
        AssertClose(e, a, tolerance, what);
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = tolerance == 0
                ? BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a)
                : Math.Abs(a - e) <= tolerance * Math.Max(1, Math.Abs(e));
            Assert.True(ok, $"{what}[{i}]: expected {e:R}, got {a:R} (tolerance {tolerance:R})");
        }
    }
}
