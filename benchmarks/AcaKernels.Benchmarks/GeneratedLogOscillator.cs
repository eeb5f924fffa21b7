using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// The logarithmic oscillator, as a user writes it for the generator (<c>GeneratedLogOscillator.RhsOde</c>):
/// dx/dt = α − β·ln y, dy/dt = δ·ln x − γ; p = (α, β, δ, γ). Log Lotka–Volterra's mirror (logarithms where that has
/// exponentials): Hamiltonian, H = δ(x ln x − x) − γx + β(y ln y − y) − αy is conserved and convex, so every orbit is
/// a closed cycle around (e^{γ/δ}, e^{α/β}) that stays in x, y &gt; 0. Each evaluation of f is two logarithms: the
/// ensemble benchmark of a system whose cost is Math.Log (the lane kernels compute ln x by OdeMath.Log's Vector512
/// form).
/// </summary>
public static partial class GeneratedLogOscillator
{
    /// <summary>(α, β, δ, γ) = (3, 3, 3, 3): the centre (e, e), small cycles about 5.7 time units long.</summary>
    public static double[] Parameters => [3.0, 3.0, 3.0, 3.0];

    [OdeDynamics(2, 4)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] - p[1] * Math.Log(z[1]);
        dz[1] = p[2] * Math.Log(z[0]) - p[3];
    }
}
