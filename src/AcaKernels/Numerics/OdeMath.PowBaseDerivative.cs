using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// ∂(a^b)/∂a = b·a^(b−1), given r = a^b from the forward pass: what the generator's derivative rule for
/// <c>Math.Pow</c> calls. Where r is a normal number (so a ≠ 0 and r/a keeps r's relative accuracy) it is b·(r/a), one
/// divide; where r is 0, subnormal, ±∞ or NaN (a = 0, under- and overflow) it is b·<see cref="Pow(double, double)"/>(a,
/// b − 1), the rule without the forward's value.
/// </summary>
/// <remarks>
/// A function of its own, not a select in the kernel, for the lane kernels: a select computes both arms in every lane,
/// so each lane step VJP paid a vector pow that almost no lane keeps (6 % of a pow-bound system's backward, RESULTS.md
/// §50). The vector forms compute b·(r/a) and patch only the lanes outside it, one by one, with the scalar form, so
/// every lane has the scalar form's bits, and the scalar form is the select the rule used to print (same operations,
/// same bits).
/// </remarks>
public static partial class OdeMath
{
    /// <summary>b·a^(b−1) from r = a^b; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PowBaseDerivative(double a, double b, double r) =>
        Math.Abs(r) >= SmallestNormal && Math.Abs(r) <= double.MaxValue ? b * (r / a) : b * Pow(a, b - 1.0);

    /// <summary>b·a^(b−1) from r = a^b in float: the same rule with float's smallest normal and
    /// <see cref="Pow(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PowBaseDerivative(float a, float b, float r) =>
        MathF.Abs(r) >= SmallestNormalSingle && MathF.Abs(r) <= float.MaxValue ? b * (r / a) : b * Pow(a, b - 1f);

    /// <summary>Each lane's <see cref="PowBaseDerivative(double, double, double)"/>, bit for bit: b·(r/a) in every lane,
    /// the lanes whose r is not a normal number patched with the scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> PowBaseDerivative(Vector512<double> a, Vector512<double> b, Vector512<double> r)
    {
        Vector512<double> fast = b * (r / a);
        Vector512<double> magnitude = Vector512.Abs(r);
        Vector512<double> normal = Vector512.GreaterThanOrEqual(magnitude, Vector512.Create(SmallestNormal))
            & Vector512.LessThanOrEqual(magnitude, Vector512.Create(double.MaxValue));
        return Vector512.ExtractMostSignificantBits(normal) == 0xFFul ? fast : PowBaseDerivativeLanes(a, b, r, fast, normal);
    }

    /// <summary>Each lane's <see cref="PowBaseDerivative(double, double, double)"/>, bit for bit (see the Vector512
    /// form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> PowBaseDerivative(Vector256<double> a, Vector256<double> b, Vector256<double> r)
    {
        Vector256<double> fast = b * (r / a);
        Vector256<double> magnitude = Vector256.Abs(r);
        Vector256<double> normal = Vector256.GreaterThanOrEqual(magnitude, Vector256.Create(SmallestNormal))
            & Vector256.LessThanOrEqual(magnitude, Vector256.Create(double.MaxValue));
        return Vector256.ExtractMostSignificantBits(normal) == 0xFu ? fast : PowBaseDerivativeLanes(a, b, r, fast, normal);
    }

    /// <summary><paramref name="fast"/> with the lanes whose <paramref name="normal"/> is clear replaced by the scalar
    /// form (a call: the rare path stays out of the kernels).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> PowBaseDerivativeLanes(Vector512<double> a, Vector512<double> b, Vector512<double> r,
        Vector512<double> fast, Vector512<double> normal)
    {
        ulong mask = Vector512.ExtractMostSignificantBits(normal);
        for (int i = 0; i < Vector512<double>.Count; i++)
            if ((mask & (1ul << i)) == 0)
                fast = fast.WithElement(i, PowBaseDerivative(a.GetElement(i), b.GetElement(i), r.GetElement(i)));
        return fast;
    }

    /// <summary>The Vector256 twin of the Vector512 patch above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> PowBaseDerivativeLanes(Vector256<double> a, Vector256<double> b, Vector256<double> r,
        Vector256<double> fast, Vector256<double> normal)
    {
        uint mask = Vector256.ExtractMostSignificantBits(normal);
        for (int i = 0; i < Vector256<double>.Count; i++)
            if ((mask & (1u << i)) == 0)
                fast = fast.WithElement(i, PowBaseDerivative(a.GetElement(i), b.GetElement(i), r.GetElement(i)));
        return fast;
    }

    private const float SmallestNormalSingle = 1.17549435E-38f; // 2^−126
}
