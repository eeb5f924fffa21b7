using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// <see cref="GpuErrorNorm"/> and <see cref="GpuInitialStep"/> over register vectors (<see cref="IGpuRegisterVector{T, TSelf}"/>)
/// instead of per-thread arrays: the same operations in the same order, components read through
/// <see cref="IGpuRegisterVector{T, TSelf}.Get"/>, so the same bits, and no local memory in the kernel that calls them.
/// </summary>
internal static class GpuRegisterErrorNorm
{
    /// <summary>As <see cref="GpuErrorNorm.RmsAndLog"/>.</summary>
    public static double RmsAndLog<T, TReal, TState>(TState error, TState z, TState zNew, ArrayView<double> tolerances, int n,
        double minusHalfLogLength, out double logError)
        where T : unmanaged where TReal : struct, IGpuReal<T> where TState : struct, IGpuRegisterVector<T, TState>
    {
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            double r = TReal.ToDouble(TState.Get(error, j))
                / GpuErrorNorm.Scale<T, TReal>(TState.Get(z, j), TState.Get(zNew, j), tolerances[j], tolerances[n + j]);
            sum += r * r;
        }
        logError = GpuMath.Fma(0.5, GpuStepMath.Log(sum), minusHalfLogLength);
        return Math.Sqrt(sum / n);
    }

    /// <summary>As <see cref="GpuErrorNorm.Dop853"/>.</summary>
    public static double Dop853<T, TReal, TState>(TState error5, TState error3, TState z, TState zNew, ArrayView<double> tolerances, int n)
        where T : unmanaged where TReal : struct, IGpuReal<T> where TState : struct, IGpuRegisterVector<T, TState>
    {
        double e5 = 0, e3 = 0;
        for (int j = 0; j < n; j++)
        {
            double sc = GpuErrorNorm.Scale<T, TReal>(TState.Get(z, j), TState.Get(zNew, j), tolerances[j], tolerances[n + j]);
            double r5 = TReal.ToDouble(TState.Get(error5, j)) / sc, r3 = TReal.ToDouble(TState.Get(error3, j)) / sc;
            e5 += r5 * r5;
            e3 += r3 * r3;
        }
        double denominator = e5 + 0.01 * e3;
        if (denominator <= 0) denominator = 1;
        return e5 / Math.Sqrt(n * denominator);
    }

    /// <summary>As <see cref="GpuErrorNorm.FirstNonFinite"/>.</summary>
    public static int FirstNonFinite<T, TReal, TState>(TState error, TState zNew, int n, bool checkError)
        where T : unmanaged where TReal : struct, IGpuReal<T> where TState : struct, IGpuRegisterVector<T, TState>
    {
        for (int j = 0; j < n; j++)
            if (!TReal.IsFinite(TState.Get(zNew, j)) || (checkError && !TReal.IsFinite(TState.Get(error, j)))) return j;
        return -1;
    }

    /// <summary>As <see cref="GpuInitialStep.Hairer"/>, with f through the register form.</summary>
    public static double InitialStep<T, TStepper, TReal, TState, TParameters>(double t0, double direction, TState z0, TState f0,
        TParameters p, ArrayView<double> tolerances, int k)
        where T : unmanaged
        where TStepper : struct, IGpuRegisterStepper<T, TState, TParameters>
        where TReal : struct, IGpuReal<T>
        where TState : struct, IGpuRegisterVector<T, TState>
        where TParameters : struct, IGpuParameters<T, TParameters>
    {
        int n = TStepper.StateSize;
        double d0 = 0, d1 = 0;
        for (int j = 0; j < n; j++)
        {
            double zj = TReal.ToDouble(TState.Get(z0, j));
            double sc = tolerances[j] + tolerances[n + j] * Math.Abs(zj);
            double a = zj / sc, b = TReal.ToDouble(TState.Get(f0, j)) / sc;
            d0 += a * a;
            d1 += b * b;
        }
        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;

        T hT = TReal.FromDouble(direction * h0);
        TState z1 = TState.Add(z0, TState.Scale(hT, f0));
        TState f1 = TStepper.Evaluate(t0 + direction * h0, z1, p);
        double d2 = 0;
        for (int j = 0; j < n; j++)
        {
            double sc = tolerances[j] + tolerances[n + j] * Math.Abs(TReal.ToDouble(TState.Get(z0, j)));
            double b = TReal.ToDouble(TReal.Subtract(TState.Get(f1, j), TState.Get(f0, j))) / sc;
            d2 += b * b;
        }
        d2 = Math.Sqrt(d2 / n) / h0;

        return GpuInitialStep.FromNorms(h0, d1, d2, k);
    }
}
