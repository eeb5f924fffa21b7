namespace AcaKernels.Experiments.Bench;

/// <summary>Lorenz-63 with θ = (σ, ρ, β), the benchmark problem of `aca bench` (and of benchmarks/RESULTS.md);
/// the generator emits <c>BenchLorenz.RhsOde</c>, with lane kernels for the SIMD ensemble.</summary>
public static partial class BenchLorenz
{
    /// <summary>The right-hand side.</summary>
    [OdeDynamics(3, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
