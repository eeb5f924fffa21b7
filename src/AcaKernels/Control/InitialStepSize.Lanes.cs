using System.Runtime.Intrinsics;

namespace AcaKernels.Control;

// Hairer's starting step in lanes: the norms d₀, d₁, d₂ and the first guess h₀ for eight trajectories at once, one
// per lane of a Vector512<double>, by the scalar Hairer's operations in its order (no contraction, sums started at
// 0), so each lane's bits are the scalar ones; the rest (max, pow, min) is FromNorms, per lane.
public static partial class InitialStepSize
{
    /// <summary>
    /// Steps (a)-(b) in lanes: d₀ = ‖z₀‖ and d₁ = ‖f₀‖ (RMS, scaled by atol + rtol·|z₀|) and h₀ = 0.01·d₀/d₁, or 1e-6
    /// when either norm is below 1e-5. <paramref name="atol"/> and <paramref name="rtol"/> hold component j's
    /// tolerance in every lane of vector j.
    /// </summary>
    internal static Vector512<double> FirstGuessLanes(ReadOnlySpan<Vector512<double>> z0, ReadOnlySpan<Vector512<double>> f0,
        ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, out Vector512<double> d1)
    {
        int n = z0.Length;
        Vector512<double> d0 = Vector512<double>.Zero;
        d1 = Vector512<double>.Zero;
        for (int j = 0; j < n; j++)
        {
            Vector512<double> sc = atol[j] + rtol[j] * Vector512.Abs(z0[j]);
            Vector512<double> a = z0[j] / sc, b = f0[j] / sc;
            d0 += a * a;
            d1 += b * b;
        }
        Vector512<double> count = Vector512.Create((double)n);
        d0 = Vector512.Sqrt(d0 / count);
        d1 = Vector512.Sqrt(d1 / count);
        Vector512<double> tiny = Vector512.Create(1e-5);
        Vector512<double> small = Vector512.LessThan(d0, tiny) | Vector512.LessThan(d1, tiny);
        return Vector512.ConditionalSelect(small, Vector512.Create(1e-6), Vector512.Create(0.01) * d0 / d1);
    }

    /// <summary>Step (d) in lanes: d₂ = ‖f₁ − f₀‖ / h₀ (RMS, scaled by atol + rtol·|z₀|), f₁ = f at the Euler probe.</summary>
    internal static Vector512<double> SecondDifferenceLanes(ReadOnlySpan<Vector512<double>> z0, ReadOnlySpan<Vector512<double>> f0,
        ReadOnlySpan<Vector512<double>> f1, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol,
        Vector512<double> h0)
    {
        int n = z0.Length;
        Vector512<double> d2 = Vector512<double>.Zero;
        for (int j = 0; j < n; j++)
        {
            Vector512<double> sc = atol[j] + rtol[j] * Vector512.Abs(z0[j]);
            Vector512<double> b = (f1[j] - f0[j]) / sc;
            d2 += b * b;
        }
        return Vector512.Sqrt(d2 / Vector512.Create((double)n)) / h0;
    }
}
