using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// x^(3/2) = x·√x: what the generator writes for <c>Math.Pow(x, 1.5)</c> (and x·x^(3/2), x·x·x^(3/2) for the
/// exponents 2.5 and 3.5) outside a divisor. A function of its own, not the product x·√x in the kernel, for its
/// derivative: the product rule would read √'s derivative 1/(2√x), infinite at x = 0, and 0·∞ is NaN, where the
/// derivative (3/2)·√x is 0 (the generator's rule for this function). Within about 1 ulp of Math.Pow(x, 1.5) (one
/// correctly rounded √ and one product); NaN for x &lt; 0 as pow; +0 for ±0; +∞ for +∞ (pow(−∞, 1.5) is +∞, this is
/// NaN). The vector forms are the same two operations, so every lane has the scalar form's bits.
/// </summary>
public static partial class OdeMath
{
    /// <summary>x·√x; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ThreeHalvesPower(double x) => x * Math.Sqrt(x);

    /// <summary>x·√x in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ThreeHalvesPower(float x) => x * MathF.Sqrt(x);

    /// <summary>x·√x of each lane, bit-identical to <see cref="ThreeHalvesPower(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ThreeHalvesPower(Vector256<double> x) => x * Vector256.Sqrt(x);

    /// <summary>x·√x of each lane, bit-identical to <see cref="ThreeHalvesPower(double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ThreeHalvesPower(Vector512<double> x) => x * Vector512.Sqrt(x);
}
