using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>The Vector512 form of <see cref="OdeMath"/>: each lane bit-identical to the scalar form.</summary>
public static partial class OdeMath
{
    /// <summary>tanh of each lane, bit-identical to <see cref="Tanh(double)"/> lane by lane: both branches of the
    /// scalar form are computed and each lane selects its own (the other may hold garbage: NaN lanes take the
    /// polynomial branch, as in the scalar form, where every value is that NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> a = Vector512.Abs(x);
        a = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(TanhSaturation)), Vector512.Create(TanhSaturation), a);

        // a ≥ 0.9: 1 − 2u/(1 + u), u = e^{−2a}.
        Vector512<double> u = ExpOfMinusTwice(a);

        // a < 0.9: a + a·s·P(s)/Q(s), s = a².
        Vector512<double> s = a * a;
        Vector512<double> p = ((Vector512.Create(P3) * s + Vector512.Create(P2)) * s + Vector512.Create(P1)) * s + Vector512.Create(P0);
        Vector512<double> q = (((Vector512.Create(Q4) * s + Vector512.Create(Q3)) * s + Vector512.Create(Q2)) * s + Vector512.Create(Q1)) * s + Vector512.Create(Q0);

        Vector512<double> large = Vector512.GreaterThanOrEqual(a, Vector512.Create(TanhSwitch));
        Vector512<double> b = Vector512.ConditionalSelect(large, Vector512<double>.One, a);
        Vector512<double> n = Vector512.ConditionalSelect(large, Vector512.Create(-2.0) * u, a * s * p);
        Vector512<double> d = Vector512.ConditionalSelect(large, Vector512<double>.One + u, q);
        Vector512<double> y = b + n / d;
        return (y.AsInt64() | (x.AsInt64() & Vector512.Create(SignBit))).AsDouble();
    }

    /// <summary>sech²x of each lane from tanh x, bit-identical to <see cref="TanhDerivative(double, double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> TanhDerivative(Vector512<double> x, Vector512<double> tanhX)
    {
        Vector512<double> a = Vector512.Abs(x);
        Vector512<double> cutoff = Vector512.Create(DerivativeCutoff);
        Vector512<double> beyond = Vector512.GreaterThan(a, cutoff);
        Vector512<double> u = ExpOfMinusTwice(Vector512.ConditionalSelect(beyond, cutoff, a));
        Vector512<double> w = Vector512<double>.One + Vector512.Abs(tanhX);
        Vector512<double> d = u * (w * w);
        d = Vector512.ConditionalSelect(beyond, Vector512<double>.Zero, d);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), d, x);
    }

    /// <summary>e^{−2a} of each lane, bit-identical to the scalar ExpOfMinusTwice lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpOfMinusTwice(Vector512<double> a)
    {
        Vector512<double> magic = Vector512.Create(RoundMagic);
        Vector512<double> v = Vector512.Create(-2.0) * a;
        Vector512<double> shifted = v * Vector512.Create(InverseLn2) + magic;
        Vector512<double> k = shifted - magic;
        Vector512<double> r = v - k * Vector512.Create(Ln2Head) - k * Vector512.Create(Ln2Tail);
        Vector512<double> e = Vector512.Create(E9) * r + Vector512.Create(E8);
        e = e * r + Vector512.Create(E7);
        e = e * r + Vector512.Create(E6);
        e = e * r + Vector512.Create(E5);
        e = e * r + Vector512.Create(E4);
        e = e * r + Vector512.Create(E3);
        e = e * r + Vector512.Create(E2);
        e = e * r + Vector512.Create(E1);
        e = e * r + Vector512.Create(E0);
        Vector512<double> er = Vector512<double>.One + (r + r * r * e);
        Vector512<long> kBits = shifted.AsInt64() - magic.AsInt64();
        return er * Vector512.ShiftLeft(kBits + Vector512.Create(ExponentBias), MantissaBits).AsDouble();
    }
}
