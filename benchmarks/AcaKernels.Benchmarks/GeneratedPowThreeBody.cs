using AcaKernels;

namespace AcaKernels.Benchmarks;

/// <summary>
/// The planar three-body problem of <see cref="GeneratedPlanarThreeBody"/> (same state, masses, pair form and
/// figure-eight start) with each pair's 1/|d|³ written the way C# users usually write it, <c>1 / Math.Pow(s, 1.5)</c>
/// with s = |d|²: the benchmark of the parse-time rewrite of small constant powers (RESULTS §49). Before it, each
/// evaluation made three pow calls and each VJP three more (pow's rule b·Pow(a, b − 1)), lane by lane in the SIMD
/// kernels; the generator now writes 1/(s·√s), which its power-chain rule differentiates without a divide.
/// </summary>
public static partial class GeneratedPowThreeBody
{
    [OdeDynamics(12, 3)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double dx01 = z[2] - z[0], dy01 = z[3] - z[1];
        double dx02 = z[4] - z[0], dy02 = z[5] - z[1];
        double dx12 = z[4] - z[2], dy12 = z[5] - z[3];
        double c01 = 1 / Math.Pow(dx01 * dx01 + dy01 * dy01, 1.5);
        double c02 = 1 / Math.Pow(dx02 * dx02 + dy02 * dy02, 1.5);
        double c12 = 1 / Math.Pow(dx12 * dx12 + dy12 * dy12, 1.5);
        double ax01 = dx01 * c01, ay01 = dy01 * c01;
        double ax02 = dx02 * c02, ay02 = dy02 * c02;
        double ax12 = dx12 * c12, ay12 = dy12 * c12;
        dz[0] = z[6];
        dz[1] = z[7];
        dz[2] = z[8];
        dz[3] = z[9];
        dz[4] = z[10];
        dz[5] = z[11];
        dz[6] = p[1] * ax01 + p[2] * ax02;
        dz[7] = p[1] * ay01 + p[2] * ay02;
        dz[8] = p[2] * ax12 - p[0] * ax01;
        dz[9] = p[2] * ay12 - p[0] * ay01;
        dz[10] = -(p[0] * ax02 + p[1] * ax12);
        dz[11] = -(p[0] * ay02 + p[1] * ay12);
    }
}
