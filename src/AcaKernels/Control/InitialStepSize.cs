using System.Numerics;

namespace AcaKernels.Control;

/// <summary>Hairer's starting step-size heuristic (one extra evaluation of f).</summary>
/// <remarks>Hairer, Nørsett and Wanner, <i>Solving ODEs I</i>, §II.4, "Starting Step Size", steps (a)-(f).</remarks>
public static partial class InitialStepSize
{
    /// <summary>
    /// Proposes |h₀| for a method whose error estimate has order q (k = q + 1). <paramref name="f0"/> holds
    /// f(t0, z0); <paramref name="z1"/> and <paramref name="f1"/> are scratch of length n.
    /// </summary>
    public static double Hairer<T, TDynamics>(double t0, double direction, ReadOnlySpan<T> z0, ReadOnlySpan<T> f0,
        ReadOnlySpan<T> p, ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol, int k, Span<T> z1, Span<T> f1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T>
    {
        int n = z0.Length;
        double d0 = 0, d1 = 0;
        for (int j = 0; j < n; j++)
        {
            double zj = double.CreateTruncating(z0[j]);
            double sc = atol[j] + rtol[j] * Math.Abs(zj);
            double a = zj / sc, b = double.CreateTruncating(f0[j]) / sc;
            d0 += a * a;
            d1 += b * b;
        }
        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;

        T hT = T.CreateTruncating(direction * h0);
        for (int j = 0; j < n; j++) z1[j] = z0[j] + hT * f0[j];
        TDynamics.Evaluate(T.CreateTruncating(t0 + direction * h0), z1, p, f1);
        double d2 = 0;
        for (int j = 0; j < n; j++)
        {
            double sc = atol[j] + rtol[j] * Math.Abs(double.CreateTruncating(z0[j]));
            double b = double.CreateTruncating(f1[j] - f0[j]) / sc;
            d2 += b * b;
        }
        d2 = Math.Sqrt(d2 / n) / h0;
        return FromNorms(h0, d1, d2, k);
    }

    /// <summary>
    /// Steps (e)-(f): h₁ = (0.01 / max(d₁, d₂))^(1/k) (or max(1e-6, h₀·1e-3) when both are tiny), then
    /// min(100·h₀, h₁); 1e-6 when that is not a positive finite number. Shared by <see cref="Hairer"/> and its lane
    /// form (<c>InitialStepSize.Lanes.cs</c>), which computes d₁, d₂ and h₀ eight trajectories at a time.
    /// </summary>
    internal static double FromNorms(double h0, double d1, double d2, int k)
    {
        double dMax = Math.Max(d1, d2);
        double h1 = dMax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : RootOfRatio(0.01 / dMax, k);
        double h = Math.Min(100 * h0, h1);
        return double.IsFinite(h) && h > 0 ? h : 1e-6;
    }

    /// <summary>
    /// ratio^(1/k) as exp(ln(ratio)/k) by the step spec's exp and log (<see cref="StepMath"/>), 0 where ratio is not
    /// positive (dMax = ∞ or NaN; <see cref="FromNorms"/> then falls back to 1e-6, as with Math.Pow's 0 and NaN). The
    /// GPU kernels run the same operations bit for bit (GpuStepMath); a double Math.Pow there compiled to ILGPU's
    /// software pow, a hyperbolic CORDIC with per-thread local memory and thousands of instructions, once per
    /// trajectory (RESULTS.md §56). A heuristic's first guess: StepMath's few-ulp error is immaterial.
    /// </summary>
    private static double RootOfRatio(double ratio, int k)
    {
        // dMax > 1e-15 keeps ratio below 1e13; ratio > 0 is false for 0 and NaN.
        return ratio > 0 ? StepMath.Exp(StepMath.Log(ratio) / k) : 0;
    }
}
