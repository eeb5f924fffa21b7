using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>
/// The kernel shared by <see cref="Atan(double)"/> and <see cref="Atan2(double, double)"/>: from a reduced argument t
/// (|t| ≤ 7/16) and a range constant hi + lo (a double-double), hi + (t − (t·z·P(z) − lo)) with z = t², P fdlibm's
/// degree-10 minimax polynomial (s_atan.c, aT[0..10] as numbers) evaluated as its even and odd halves in z² by FMAs.
/// One sequence of operations in the three forms, so each gives the same bits.
/// </summary>
public static partial class OdeMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AtanOfReduced<TFma>(double t, double hi, double lo) where TFma : IFusedMultiplyAdd
    {
        double z = t * t, w = z * z;
        double even = TFma.Fma(w, TFma.Fma(w, TFma.Fma(w, TFma.Fma(w, TFma.Fma(w, AtanP10, AtanP8), AtanP6), AtanP4), AtanP2), AtanP0);
        double odd = TFma.Fma(w, TFma.Fma(w, TFma.Fma(w, TFma.Fma(w, AtanP9, AtanP7), AtanP5), AtanP3), AtanP1);
        double p = TFma.Fma(z, odd, even);
        return hi + (t - TFma.Fma(t * z, p, -lo));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> AtanOfReduced(Vector512<double> t, Vector512<double> hi, Vector512<double> lo)
    {
        Vector512<double> z = t * t, w = z * z;
        Vector512<double> even = Vector512.FusedMultiplyAdd(w, Vector512.FusedMultiplyAdd(w, Vector512.FusedMultiplyAdd(w,
            Vector512.FusedMultiplyAdd(w, Vector512.FusedMultiplyAdd(w, Vector512.Create(AtanP10), Vector512.Create(AtanP8)),
                Vector512.Create(AtanP6)), Vector512.Create(AtanP4)), Vector512.Create(AtanP2)), Vector512.Create(AtanP0));
        Vector512<double> odd = Vector512.FusedMultiplyAdd(w, Vector512.FusedMultiplyAdd(w, Vector512.FusedMultiplyAdd(w,
            Vector512.FusedMultiplyAdd(w, Vector512.Create(AtanP9), Vector512.Create(AtanP7)), Vector512.Create(AtanP5)),
            Vector512.Create(AtanP3)), Vector512.Create(AtanP1));
        Vector512<double> p = Vector512.FusedMultiplyAdd(z, odd, even);
        return hi + (t - Vector512.FusedMultiplyAdd(t * z, p, -lo));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AtanOfReduced(Vector256<double> t, Vector256<double> hi, Vector256<double> lo)
    {
        Vector256<double> z = t * t, w = z * z;
        Vector256<double> even = Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w,
            Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(AtanP10), Vector256.Create(AtanP8)),
                Vector256.Create(AtanP6)), Vector256.Create(AtanP4)), Vector256.Create(AtanP2)), Vector256.Create(AtanP0));
        Vector256<double> odd = Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w,
            Vector256.FusedMultiplyAdd(w, Vector256.Create(AtanP9), Vector256.Create(AtanP7)), Vector256.Create(AtanP5)),
            Vector256.Create(AtanP3)), Vector256.Create(AtanP1));
        Vector256<double> p = Vector256.FusedMultiplyAdd(z, odd, even);
        return hi + (t - Vector256.FusedMultiplyAdd(t * z, p, -lo));
    }
}
