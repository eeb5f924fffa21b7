using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The kernel-safe twin of <see cref="Control.ErrorNorm"/> over <see cref="ArrayView{T}"/>s: the same operations in
/// the same order (computed in double, scale atol + rtol·max(|z|, |zNew|) by compare-and-select), so on the CPU
/// accelerator the same bits. Tolerances are one view of 2n values: atol then rtol.
/// </summary>
internal static class GpuErrorNorm
{
    /// <summary>
    /// Root mean square of error_j / sc_j, and ln of it for the controller, as ErrorNorm.RmsAndLog (which the
    /// integrator calls; ErrorNorm.Rms gives the same norm): ln err = ½·ln Σ − ½·ln n, with
    /// <paramref name="minusHalfLogLength"/> = −½·ln n (<see cref="MinusHalfLogLength"/>, once per trajectory).
    /// </summary>
    public static double RmsAndLog<T, TReal>(ArrayView<T> error, ArrayView<T> z, ArrayView<T> zNew, ArrayView<double> tolerances, int n,
        double minusHalfLogLength, out double logError) where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            double r = TReal.ToDouble(error[j]) / Scale<T, TReal>(z[j], zNew[j], tolerances[j], tolerances[n + j]);
            sum += r * r;
        }
        logError = GpuMath.Fma(0.5, GpuStepMath.Log(sum), minusHalfLogLength);
        return Math.Sqrt(sum / n);
    }

    /// <summary>−½·ln n, as ErrorNorm.MinusHalfLogLength.</summary>
    public static double MinusHalfLogLength(int n) => -0.5 * GpuStepMath.Log(n);

    /// <summary>DOP853's combined norm, as ErrorNorm.Dop853.</summary>
    public static double Dop853<T, TReal>(ArrayView<T> error5, ArrayView<T> error3, ArrayView<T> z, ArrayView<T> zNew,
        ArrayView<double> tolerances, int n) where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        double e5 = 0, e3 = 0;
        for (int j = 0; j < n; j++)
        {
            double sc = Scale<T, TReal>(z[j], zNew[j], tolerances[j], tolerances[n + j]);
            double r5 = TReal.ToDouble(error5[j]) / sc, r3 = TReal.ToDouble(error3[j]) / sc;
            e5 += r5 * r5;
            e3 += r3 * r3;
        }
        double denominator = e5 + 0.01 * e3;
        if (denominator <= 0) denominator = 1;
        return e5 / Math.Sqrt(n * denominator);
    }

    /// <summary>The first component j &lt; n whose new state (or error, when <paramref name="checkError"/>) is not finite, or −1.</summary>
    public static int FirstNonFinite<T, TReal>(ArrayView<T> error, ArrayView<T> zNew, int n, bool checkError)
        where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        for (int j = 0; j < n; j++)
            if (!TReal.IsFinite(zNew[j]) || (checkError && !TReal.IsFinite(error[j]))) return j;
        return -1;
    }

    internal static double Scale<T, TReal>(T z, T zNew, double atol, double rtol) where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        double a = Math.Abs(TReal.ToDouble(z)), b = Math.Abs(TReal.ToDouble(zNew));
        return atol + rtol * (a > b ? a : b);
    }
}
