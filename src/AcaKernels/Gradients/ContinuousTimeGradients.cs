using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>
/// ∂L/∂t₀ and ∂L/∂t_end by the continuous identities, from the adjoint the backward pass computed:
/// ∂L/∂t_end = (∂L/∂z(t_end))·f(t_end, z(t_end)) and ∂L/∂t₀ = −(a(t₀) − seed₀)·f(t₀, z₀) (output 0 is z₀
/// itself, which does not move with t₀). The continuous adjoint's own definition; ACA and naive return the
/// derivatives of their discrete maps instead.
/// </summary>
internal static class ContinuousTimeGradients<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary><paramref name="work"/> is scratch of length n; ws.State must hold z(t_end).</summary>
    public static void Compute(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<T> seeds, ReadOnlySpan<T> gradZ0, Span<T> work, out double gradT0, out double gradTEnd)
    {
        int n = ws.N, last = times.Length - 1;
        TDynamics.Evaluate(T.CreateTruncating(times[0]), z0, p, work);
        gradT0 = -(Dot(gradZ0, work) - Dot(seeds.Slice(0, n), work));
        TDynamics.Evaluate(T.CreateTruncating(times[last]), ws.State, p, work);
        gradTEnd = Dot(seeds.Slice(last * n, n), work);
        ws.Statistics.BackwardEvaluations += 2;
    }

    private static double Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += double.CreateTruncating(a[j]) * double.CreateTruncating(b[j]);
        return sum;
    }
}
