namespace AcaKernels.Gpu.Tests.MathFunctions;

/// <summary>Where a function's test points lie, besides the special values every function gets.</summary>
internal enum MathDomain
{
    /// <summary>Every binade from 2^−60 to 2^60 of either sign, and a dense grid of [−8, 8].</summary>
    Real,

    /// <summary><see cref="Real"/> plus every binade from 2^26 to 2^1023 of either sign, where sin, cos and tan reduce
    /// by Payne and Hanek, and the argument whose reduction cancels most, 6381956970095103·2^797, with its neighbours.</summary>
    Trigonometric,

    /// <summary><see cref="Real"/> plus a dense grid of [−1, 1] and the neighbourhoods of ±1 and ±½ (asin, acos, atanh).</summary>
    UnitInterval,

    /// <summary>Two arguments: bases over every binade (mostly positive, some negative), exponents in [−30, 30] and small
    /// integers (pow); or the plane of (y, x) of either sign (atan2).</summary>
    Binary,
}
