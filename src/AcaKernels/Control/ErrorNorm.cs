using System.Numerics;

namespace AcaKernels.Control;

/// <summary>
/// Scaled error norms. sc_j = atol_j + rtol_j·max(|z_j|, |zNew_j|); a step is accepted when the norm is ≤ 1.
/// Computed in double whatever T is. NaN or infinity anywhere gives a non-finite norm (a rejection).
/// </summary>
/// <remarks>Each norm has a <see cref="System.Runtime.Intrinsics.Vector512{T}"/> form for the ensemble's lanes
/// (<c>ErrorNorm.Lanes.cs</c>) with the same operations in the same order, so lane by lane the bits agree; the
/// max in the scale is a compare-and-select in both (see <see cref="StepRule"/>).</remarks>
/// <remarks>Hairer, Nørsett and Wanner, <i>Solving ODEs I</i>, §II.4, eq. (4.11); DOP853's combined norm from §II.10.</remarks>
public static partial class ErrorNorm
{
    /// <summary>Root mean square of error_j / sc_j.</summary>
    public static double Rms<T>(ReadOnlySpan<T> error, ReadOnlySpan<T> z, ReadOnlySpan<T> zNew,
        ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < error.Length; j++)
        {
            double r = double.CreateTruncating(error[j]) / Scale(z[j], zNew[j], atol[j], rtol[j]);
            sum += r * r;
        }
        return Math.Sqrt(sum / error.Length);
    }

    /// <summary>
    /// <see cref="Rms{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>, and ln of it for the step-size controller, taken from the sum of squares:
    /// ln err = ½·ln Σ − ½·ln n, so the controller's log waits neither on the division by n nor on the square root
    /// (both stay, in parallel, for err itself: the accept test and the statistics see the same err as before).
    /// </summary>
    /// <remarks>Equals <c>StepMath.Log(err)</c> to ~1e-15 absolute, not bit for bit; the single-trajectory integrator
    /// and the lane engine both use this one (the lane form in <c>ErrorNorm.Lanes.cs</c>), so they agree. For
    /// err = 0 or a non-finite err the value is unspecified (the controller selects it away).</remarks>
    internal static double RmsAndLog<T>(ReadOnlySpan<T> error, ReadOnlySpan<T> z, ReadOnlySpan<T> zNew,
        ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol, out double logError) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < error.Length; j++)
        {
            double r = double.CreateTruncating(error[j]) / Scale(z[j], zNew[j], atol[j], rtol[j]);
            sum += r * r;
        }
        logError = Math.FusedMultiplyAdd(0.5, StepMath.Log(sum), MinusHalfLogLength(error.Length));
        return Math.Sqrt(sum / error.Length);
    }

    /// <summary>−½·ln n (a constant of the system: off the step's dependency chain).</summary>
    internal static double MinusHalfLogLength(int n) => -0.5 * StepMath.Log(n);

    /// <summary>
    /// DOP853's norm: with E₅ = Σ(err5_j/sc_j)² and E₃ = Σ(err3_j/sc_j)², err = E₅ / sqrt(n·(E₅ + 0.01·E₃)).
    /// It behaves like an 8th-order estimate while staying robust when the 5th-order one is accidentally small.
    /// </summary>
    public static double Dop853<T>(ReadOnlySpan<T> error5, ReadOnlySpan<T> error3, ReadOnlySpan<T> z, ReadOnlySpan<T> zNew,
        ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double e5 = 0, e3 = 0;
        for (int j = 0; j < error5.Length; j++)
        {
            double sc = Scale(z[j], zNew[j], atol[j], rtol[j]);
            double r5 = double.CreateTruncating(error5[j]) / sc, r3 = double.CreateTruncating(error3[j]) / sc;
            e5 += r5 * r5;
            e3 += r3 * r3;
        }
        double denominator = e5 + 0.01 * e3;
        if (denominator <= 0) denominator = 1;
        return e5 / Math.Sqrt(error5.Length * denominator);
    }

    /// <summary>The first component whose error or new state is not finite, or −1.</summary>
    public static int FirstNonFinite<T>(ReadOnlySpan<T> error, ReadOnlySpan<T> zNew) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < zNew.Length; j++)
            if (!T.IsFinite(zNew[j]) || (error.Length > j && !T.IsFinite(error[j]))) return j;
        return -1;
    }

    private static double Scale<T>(T z, T zNew, double atol, double rtol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double a = Math.Abs(double.CreateTruncating(z)), b = Math.Abs(double.CreateTruncating(zNew));
        // a > b ? a : b, not Math.Max: the lane form's select gives the same bits (a NaN zNew propagates in both).
        return atol + rtol * (a > b ? a : b);
    }
}
