namespace AcaKernels.Gpu.Tests.Systems;

/// <summary>
/// A time-dependent system (f reads t, so the stage times reach the kernels): dz₀ = z₁, dz₁ = −ω² z₀ + F sin(Ω t);
/// n = 2, p = (ω, F, Ω), the layout of AcaKernels.Tests' hand-written ForcedOscillator.
/// </summary>
public static partial class ForcedOscillator
{
    [OdeDynamics(stateSize: 2, parameterSize: 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = z[1];
        dz[1] = p[1] * Math.Sin(p[2] * t) - p[0] * p[0] * z[0];
    }
}
