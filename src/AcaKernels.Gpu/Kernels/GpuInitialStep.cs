using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The kernel-safe twin of <see cref="Control.InitialStepSize.Hairer"/>: Hairer's starting step (one evaluation of
/// f), the same operations in the same order. Sqrt, Max and Min map to each backend's functions; the root in step (e)
/// is the step spec's exp and log (<see cref="FromNorms"/>), not a double Math.Pow.
/// </summary>
internal static class GpuInitialStep
{
    /// <summary>|h₀| for an error estimate of order q (k = q + 1); f0 holds f(t0, z0); z1 and f1 are scratch of n.</summary>
    public static double Hairer<T, TStepper, TReal>(double t0, double direction, ArrayView<T> z0, ArrayView<T> f0,
        ArrayView<T> p, ArrayView<double> tolerances, int k, ArrayView<T> z1, ArrayView<T> f1)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int n = TStepper.StateSize;
        double d0 = 0, d1 = 0;
        for (int j = 0; j < n; j++)
        {
            double zj = TReal.ToDouble(z0[j]);
            double sc = tolerances[j] + tolerances[n + j] * Math.Abs(zj);
            double a = zj / sc, b = TReal.ToDouble(f0[j]) / sc;
            d0 += a * a;
            d1 += b * b;
        }
        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;

        T hT = TReal.FromDouble(direction * h0);
        for (int j = 0; j < n; j++) z1[j] = TReal.Add(z0[j], TReal.Multiply(hT, f0[j]));
        TStepper.Evaluate(t0 + direction * h0, z1, p, f1);
        double d2 = 0;
        for (int j = 0; j < n; j++)
        {
            double sc = tolerances[j] + tolerances[n + j] * Math.Abs(TReal.ToDouble(z0[j]));
            double b = TReal.ToDouble(TReal.Subtract(f1[j], f0[j])) / sc;
            d2 += b * b;
        }
        d2 = Math.Sqrt(d2 / n) / h0;

        return FromNorms(h0, d1, d2, k);
    }

    /// <summary>Steps (e)-(f), the twin of <c>InitialStepSize.FromNorms</c> (shared with the register form,
    /// <see cref="GpuRegisterErrorNorm.InitialStep"/>): h₁ = (0.01/max(d₁, d₂))^(1/k) as exp(ln(·)/k) by
    /// <see cref="GpuStepMath"/>, bit for bit the CPU's <c>InitialStepSize.RootOfRatio</c>; no double Math.Pow, which
    /// PTX builds as ILGPU's software pow (RESULTS.md §56).</summary>
    public static double FromNorms(double h0, double d1, double d2, int k)
    {
        double dMax = Math.Max(d1, d2);
        double ratio = 0.01 / dMax;
        double h1 = dMax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : ratio > 0 ? GpuStepMath.Exp(GpuStepMath.Log(ratio) / k) : 0;
        double h = Math.Min(100 * h0, h1);
        return Math.Abs(h) <= double.MaxValue && h > 0 ? h : 1e-6;
    }
}
