using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Lotka–Volterra predator–prey in log coordinates, as a user writes it for the generator
/// (<c>GeneratedLogLotkaVolterra.RhsOde</c>): with prey x = e^u and predators y = e^v,
/// du/dt = α − β·e^v, dv/dt = δ·e^u − γ; p = (α, β, δ, γ). The log form keeps both populations positive whatever the
/// step, and makes each evaluation of f two exponentials: the ensemble benchmark of a system whose cost is its
/// Math calls (the lane kernels compute e^x by OdeMath.Exp's Vector512 form, RESULTS §44).
/// </summary>
public static partial class GeneratedLogLotkaVolterra
{
    /// <summary>The classic parameters (α, β, δ, γ) = (1.5, 1, 1, 3): the orbits circle (x, y) = (γ/δ, α/β) = (3, 1.5).</summary>
    public static double[] Parameters => [1.5, 1.0, 1.0, 3.0];

    [OdeDynamics(2, 4)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] - p[1] * Math.Exp(z[1]);
        dz[1] = p[2] * Math.Exp(z[0]) - p[3];
    }
}
