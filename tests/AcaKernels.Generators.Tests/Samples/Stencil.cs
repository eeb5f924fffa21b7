using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// A 1-D reaction-diffusion stencil on 10 cells: a learnable 3-point convolution kernel (p₀, p₁, p₂), zero
/// boundary values, and a logistic reaction with rate p₃: dz_i = Σ_k p_k z_{i+k-1} + p₃ z_i (1 - z_i).
/// </summary>
public static partial class Stencil
{
    [OdeDynamics(10, 4)]
    public static void Convolution(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int n = 10;
        dz[0] = p[1] * z[0] + p[2] * z[1];
        for (int i = 1; i < n - 1; i++)
        {
            double sum = 0;
            for (int k = 0; k < 3; k++)
                sum += p[k] * z[i + k - 1];
            dz[i] = sum;
        }
        dz[n - 1] = p[0] * z[n - 2] + p[1] * z[n - 1];
        for (int i = 0; i < n; i++)
            dz[i] += p[3] * z[i] * (1 - z[i]);
    }
}
