using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// Gravitational n-body problems, G = 1, masses as parameters, softened by ε² = 1e-6 (a parameter-free constant).
/// State: positions then velocities, each body's coordinates contiguous.
/// </summary>
public static partial class NBody
{
    private const double Softening = 1e-6;

    /// <summary>Three bodies in the plane: z = (x₀, y₀, x₁, y₁, x₂, y₂, vx₀, …), p = (m₀, m₁, m₂).</summary>
    [OdeDynamics(12, 3)]
    public static void Planar(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Accelerations2D(z, p, dz);
    }

    /// <summary>Four bodies in space: z = (positions 12, velocities 12), p = masses 4.</summary>
    [OdeDynamics(24, 4)]
    public static void Spatial(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        const int bodies = 4, dim = 3, velocities = bodies * dim;
        for (int k = 0; k < velocities; k++)
            dz[k] = z[velocities + k];
        for (int i = 0; i < bodies; i++)
        {
            for (int d = 0; d < dim; d++)
                dz[velocities + dim * i + d] = 0;
            for (int j = 0; j < bodies; j++)
            {
                if (j != i)
                {
                    double dx = z[dim * j] - z[dim * i];
                    double dy = z[dim * j + 1] - z[dim * i + 1];
                    double dzz = z[dim * j + 2] - z[dim * i + 2];
                    double r2 = dx * dx + dy * dy + dzz * dzz + Softening;
                    double w = p[j] / (r2 * Math.Sqrt(r2));
                    dz[velocities + dim * i] += w * dx;
                    dz[velocities + dim * i + 1] += w * dy;
                    dz[velocities + dim * i + 2] += w * dzz;
                }
            }
        }
    }

    private static void Accelerations2D(ReadOnlySpan<double> z, ReadOnlySpan<double> masses, Span<double> dz)
    {
        for (int k = 0; k < 6; k++)
            dz[k] = z[6 + k];
        for (int i = 0; i < 3; i++)
        {
            double ax = 0, ay = 0;
            for (int j = 0; j < 3; j++)
            {
                if (i != j)
                {
                    double dx = z[2 * j] - z[2 * i], dy = z[2 * j + 1] - z[2 * i + 1];
                    double r = Math.Sqrt(dx * dx + dy * dy + Softening);
                    double w = masses[j] / Math.Pow(r, 3);
                    ax += w * dx;
                    ay += w * dy;
                }
            }
            dz[6 + 2 * i] = ax;
            dz[6 + 2 * i + 1] = ay;
        }
    }
}
