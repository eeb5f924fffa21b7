using AcaKernels;

namespace AcaKernels.Generators.Tests.Samples;

/// <summary>
/// A body whose lane VJP's tape is far larger than a thread stack should hold: 40 × 400 iterations of the non-linear
/// map x ← sin(x)/2 + p₀·z₁, each overwriting x, so the reverse pass saves 16 000 values: 128 000 B of scalar tape
/// (just inside ACA1008's 131 072 B) and 1 024 000 B in lanes (over the 768 KiB lane stack budget that used to
/// deny it a lane step VJP). Its lane VJP keeps the tape in the workspace at the tail of the step VJP's scratch.
/// </summary>
public static partial class DeepNest
{
    /// <summary>Saved values of the reverse pass: one x per iteration.</summary>
    public const int TapeValues = 40 * 400;

    [OdeDynamics(2, 2)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        double x = z[0];
        for (int q = 0; q < 40; q++)
            for (int w = 0; w < 400; w++)
                x = Math.Sin(x) * 0.5 + p[0] * z[1];
        dz[0] = x - z[0];
        dz[1] = -p[1] * z[1] * x;
    }
}
