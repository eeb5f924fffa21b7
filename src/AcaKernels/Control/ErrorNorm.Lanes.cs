using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Control;

// The Vector512 forms of the norms, for eight trajectories at once (component j of every lane in vector j). Same
// operations, same order as the scalar forms for T = double, so each lane's norm is the same bits.
public static partial class ErrorNorm
{
    /// <summary>The RMS norm of each lane; lane by lane the bits of <see cref="Rms{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Rms(ReadOnlySpan<Vector512<double>> error, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> zNew, ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol)
    {
        Vector512<double> sum = Vector512<double>.Zero;
        for (int j = 0; j < error.Length; j++)
        {
            Vector512<double> r = error[j] / Scale(z[j], zNew[j], atol[j], rtol[j]);
            sum += r * r;
        }
        return Vector512.Sqrt(sum / Vector512.Create((double)error.Length));
    }

    /// <summary>The RMS norm of each lane and its ln from the sum of squares; lane by lane the bits of
    /// <see cref="RmsAndLog{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> RmsAndLog(ReadOnlySpan<Vector512<double>> error, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> zNew, ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol, out Vector512<double> logError)
    {
        Vector512<double> sum = Vector512<double>.Zero;
        for (int j = 0; j < error.Length; j++)
        {
            Vector512<double> r = error[j] / Scale(z[j], zNew[j], atol[j], rtol[j]);
            sum += r * r;
        }
        logError = Vector512.FusedMultiplyAdd(Vector512.Create(0.5), StepMath.Log(sum), Vector512.Create(MinusHalfLogLength(error.Length)));
        return Vector512.Sqrt(sum / Vector512.Create((double)error.Length));
    }

    /// <summary>
    /// <see cref="RmsAndLog(ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, ReadOnlySpan{double}, ReadOnlySpan{double}, out Vector512{double})"/>
    /// with what is constant over a solve prepared once by the caller: the tolerances broadcast (vector j holds
    /// atol[j] or rtol[j] in every lane) and −½·ln n (<see cref="MinusHalfLogLength"/>). The same operations, so the
    /// same bits; the per-call form re-derived them on every step (a scalar StepMath.Log of n, two broadcasts per
    /// component), on the ports the step's vector work needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> RmsAndLog(ReadOnlySpan<Vector512<double>> error, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> zNew, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol,
        Vector512<double> minusHalfLogLength, out Vector512<double> logError) =>
        Vector512.Sqrt(SumOfSquaresAndLog(error, z, zNew, atol, rtol, minusHalfLogLength, out logError) / Vector512.Create((double)error.Length));

    /// <summary>
    /// The RMS norm's sum of squares Σ(eⱼ/scⱼ)² and ln of the norm: the norm is √(Σ/n), each step correctly rounded.
    /// Decisions on the norm are decisions on this sum against <see cref="SumOfSquaresBound"/>, without the division
    /// by n and the square root on the step's chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> SumOfSquaresAndLog(ReadOnlySpan<Vector512<double>> error, ReadOnlySpan<Vector512<double>> z,
        ReadOnlySpan<Vector512<double>> zNew, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol,
        Vector512<double> minusHalfLogLength, out Vector512<double> logError)
    {
        Vector512<double> sum = Vector512<double>.Zero;
        for (int j = 0; j < error.Length; j++)
        {
            Vector512<double> a = Vector512.Abs(z[j]), b = Vector512.Abs(zNew[j]);
            Vector512<double> r = error[j] / (atol[j] + rtol[j] * Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), a, b));
            sum += r * r;
        }
        logError = LogFromSumOfSquares(sum, minusHalfLogLength);
        return sum;
    }

    /// <summary>ln of the RMS norm √(Σ/n) from its sum of squares Σ: ½·ln Σ − ½·ln n, with −½·ln n given
    /// (<see cref="MinusHalfLogLength"/>). One form for every lane caller, so the bits agree wherever Σ was made.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> LogFromSumOfSquares(Vector512<double> sumOfSquares, Vector512<double> minusHalfLogLength) =>
        Vector512.FusedMultiplyAdd(Vector512.Create(0.5), StepMath.Log(sumOfSquares), minusHalfLogLength);

    /// <summary>
    /// The sum of squares of <see cref="SumOfSquaresAndLog(ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, ReadOnlySpan{Vector512{double}}, Vector512{double}, out Vector512{double})"/>
    /// over <paramref name="n"/> vectors from each of five refs: the same operations in the same order, so the same
    /// bits. For the lane engine's scalar fallback (the lane kernels make the sum themselves), whose buffers are pinned
    /// and whose n is a JIT-time constant: no span set-ups or bounds tests, and a loop the JIT unrolls (RESULTS.md §28).
    /// The caller guarantees n vectors behind each ref.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> SumOfSquares(ref readonly Vector512<double> error, ref readonly Vector512<double> z,
        ref readonly Vector512<double> zNew, ref readonly Vector512<double> atol, ref readonly Vector512<double> rtol, int n)
    {
        Vector512<double> sum = Vector512<double>.Zero;
        for (int j = 0; j < n; j++)
        {
            Vector512<double> a = Vector512.Abs(Unsafe.Add(ref Unsafe.AsRef(in z), j)), b = Vector512.Abs(Unsafe.Add(ref Unsafe.AsRef(in zNew), j));
            Vector512<double> r = Unsafe.Add(ref Unsafe.AsRef(in error), j)
                / (Unsafe.Add(ref Unsafe.AsRef(in atol), j) + Unsafe.Add(ref Unsafe.AsRef(in rtol), j) * Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), a, b));
            sum += r * r;
        }
        return sum;
    }

    /// <summary>
    /// The largest double s whose RMS norm √(s/n) (both steps correctly rounded, as Math and Vector512 do them) is ≤
    /// <paramref name="norm"/> (finite, ≥ 0): the norm is monotonic in s, so for every s ≥ 0, norm(s) ≤
    /// <paramref name="norm"/> exactly when s ≤ the result, and &gt; it exactly when s &gt; the result; NaN fails both
    /// tests, as it fails them on the norm. With norm 0 it bounds the sums whose norm is 0. Found from norm²·n by
    /// stepping one ulp at a time (a few steps).
    /// </summary>
    internal static double SumOfSquaresBound(double norm, int n)
    {
        if (!(norm >= 0) || !double.IsFinite(norm))
            throw new ArgumentOutOfRangeException(nameof(norm), norm, "The bound is defined for finite norms ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double s = norm * norm * n;
        while (s > 0 && Math.Sqrt(s / n) > norm) s = Math.BitDecrement(s);
        while (Math.Sqrt(Math.BitIncrement(s) / n) <= norm) s = Math.BitIncrement(s);
        return s;
    }

    /// <summary>DOP853's norm of each lane; lane by lane the bits of <see cref="Dop853{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Dop853(ReadOnlySpan<Vector512<double>> error5, ReadOnlySpan<Vector512<double>> error3,
        ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> zNew, ReadOnlySpan<double> atol, ReadOnlySpan<double> rtol)
    {
        Vector512<double> e5 = Vector512<double>.Zero, e3 = Vector512<double>.Zero;
        for (int j = 0; j < error5.Length; j++)
        {
            Vector512<double> sc = Scale(z[j], zNew[j], atol[j], rtol[j]);
            Vector512<double> r5 = error5[j] / sc, r3 = error3[j] / sc;
            e5 += r5 * r5;
            e3 += r3 * r3;
        }
        Vector512<double> denominator = e5 + Vector512.Create(0.01) * e3;
        denominator = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(denominator, Vector512<double>.Zero),
            Vector512<double>.One, denominator);
        return e5 / Vector512.Sqrt(Vector512.Create((double)error5.Length) * denominator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Scale(Vector512<double> z, Vector512<double> zNew, double atol, double rtol)
    {
        Vector512<double> a = Vector512.Abs(z), b = Vector512.Abs(zNew);
        return Vector512.Create(atol) + Vector512.Create(rtol) * Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), a, b);
    }
}
