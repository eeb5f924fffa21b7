using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Numerics;

/// <summary>The Vector256 form of <see cref="OdeMath"/>: each lane bit-identical to the scalar form.</summary>
public static partial class OdeMath
{
    /// <summary>tanh of each lane, bit-identical to <see cref="Tanh(double)"/> lane by lane: both branches of the
    /// scalar form are computed and each lane selects its own (the other may hold garbage: NaN lanes take the
    /// polynomial branch, as in the scalar form, where every value is that NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> a = Vector256.Abs(x);
        a = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(TanhSaturation)), Vector256.Create(TanhSaturation), a);

        // a ≥ 0.9: 1 − 2u/(1 + u), u = e^{−2a}.
        Vector256<double> u = ExpOfMinusTwice(a);

        // a < 0.9: a + a·s·P(s)/Q(s), s = a².
        Vector256<double> s = a * a;
        Vector256<double> p = ((Vector256.Create(P3) * s + Vector256.Create(P2)) * s + Vector256.Create(P1)) * s + Vector256.Create(P0);
        Vector256<double> q = (((Vector256.Create(Q4) * s + Vector256.Create(Q3)) * s + Vector256.Create(Q2)) * s + Vector256.Create(Q1)) * s + Vector256.Create(Q0);

        Vector256<double> large = Vector256.GreaterThanOrEqual(a, Vector256.Create(TanhSwitch));
        Vector256<double> b = Vector256.ConditionalSelect(large, Vector256<double>.One, a);
        Vector256<double> n = Vector256.ConditionalSelect(large, Vector256.Create(-2.0) * u, a * s * p);
        Vector256<double> d = Vector256.ConditionalSelect(large, Vector256<double>.One + u, q);
        Vector256<double> y = b + n / d;
        return (y.AsInt64() | (x.AsInt64() & Vector256.Create(SignBit))).AsDouble();
    }

    /// <summary>sech²x of each lane from tanh x, bit-identical to <see cref="TanhDerivative(double, double)"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> TanhDerivative(Vector256<double> x, Vector256<double> tanhX)
    {
        Vector256<double> a = Vector256.Abs(x);
        Vector256<double> cutoff = Vector256.Create(DerivativeCutoff);
        Vector256<double> beyond = Vector256.GreaterThan(a, cutoff);
        Vector256<double> u = ExpOfMinusTwice(Vector256.ConditionalSelect(beyond, cutoff, a));
        Vector256<double> w = Vector256<double>.One + Vector256.Abs(tanhX);
        Vector256<double> d = u * (w * w);
        d = Vector256.ConditionalSelect(beyond, Vector256<double>.Zero, d);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), d, x);
    }

    /// <summary>e^{−2a} of each lane, bit-identical to the scalar ExpOfMinusTwice lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpOfMinusTwice(Vector256<double> a)
    {
        Vector256<double> magic = Vector256.Create(RoundMagic);
        Vector256<double> v = Vector256.Create(-2.0) * a;
        Vector256<double> shifted = v * Vector256.Create(InverseLn2) + magic;
        Vector256<double> k = shifted - magic;
        Vector256<double> r = v - k * Vector256.Create(Ln2Head) - k * Vector256.Create(Ln2Tail);
        Vector256<double> e = Vector256.Create(E9) * r + Vector256.Create(E8);
        e = e * r + Vector256.Create(E7);
        e = e * r + Vector256.Create(E6);
        e = e * r + Vector256.Create(E5);
        e = e * r + Vector256.Create(E4);
        e = e * r + Vector256.Create(E3);
        e = e * r + Vector256.Create(E2);
        e = e * r + Vector256.Create(E1);
        e = e * r + Vector256.Create(E0);
        Vector256<double> er = Vector256<double>.One + (r + r * r * e);
        Vector256<long> kBits = shifted.AsInt64() - magic.AsInt64();
        return er * Vector256.ShiftLeft(kBits + Vector256.Create(ExponentBias), MantissaBits).AsDouble();
    }
}
