using AcaKernels;

namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// The state-size sweep's systems: tanh-MLP neural ODEs dz = W₂ tanh(W₁z + b₁) + b₂ with state n and hidden width
/// 2n, p = [W₁ (2n×n), b₁ (2n), W₂ (n×2n), b₂ (n)] (4n² + 3n parameters). Sizes must be constants for the
/// generator, so each width is its own marked method (<c>ScalingMlp.Width8Ode</c>, …) over one shared body.
/// </summary>
public static partial class ScalingMlp
{
    /// <summary>The state sizes n of the sweep, one generated system each.</summary>
    public static readonly int[] Widths = [2, 4, 8, 16, 32, 64];

    /// <summary>Parameters of the width-n system.</summary>
    public static int ParameterSize(int n) => 4 * n * n + 3 * n;

    [OdeDynamics(2, 4 * 2 * 2 + 3 * 2)]
    public static void Width2(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 2, 4);

    [OdeDynamics(4, 4 * 4 * 4 + 3 * 4)]
    public static void Width4(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 4, 8);

    [OdeDynamics(8, 4 * 8 * 8 + 3 * 8)]
    public static void Width8(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 8, 16);

    [OdeDynamics(16, 4 * 16 * 16 + 3 * 16)]
    public static void Width16(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 16, 32);

    [OdeDynamics(32, 4 * 32 * 32 + 3 * 32)]
    public static void Width32(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 32, 64);

    [OdeDynamics(64, 4 * 64 * 64 + 3 * 64)]
    public static void Width64(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => Body(z, p, dz, 64, 128);

    private static void Body(ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz, int n, int h)
    {
        Span<double> hidden = stackalloc double[128];
        for (int r = 0; r < h; r++)
        {
            double sum = p[h * n + r];
            for (int c = 0; c < n; c++)
                sum += p[r * n + c] * z[c];
            hidden[r] = Math.Tanh(sum);
        }
        for (int r = 0; r < n; r++)
        {
            double sum = p[h * n + h + n * h + r];
            for (int c = 0; c < h; c++)
                sum += p[h * n + h + r * h + c] * hidden[c];
            dz[r] = sum;
        }
    }
}

/// <summary>Lorenz-63 in float32, for the float rows of the sweeps and BDN suites (scalar engine: the lanes are
/// float64 only). Same equations as <see cref="GeneratedLorenz"/>.</summary>
public static partial class LorenzSingle
{
    [OdeDynamics(3, 3)]
    public static void Rhs(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz)
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
