namespace AcaKernels.Numerics;

/// <summary>The constants of <see cref="OdeMath"/>'s algorithms, shared by its scalar and vector forms.</summary>
public static partial class OdeMath
{
    // tanh: where it rounds to 1 (tanh 19.06… = 1 − 2^-54), and where the exponential form takes over.
    private const double TanhSaturation = 20.0;
    private const double TanhSwitch = 0.9;

    // exp: beyond these e^x is 0 (below e^−745.13…, half the smallest subnormal) or ∞ (above ln of the largest double,
    // 709.78…), and 2^k stays a product of two normal powers of two.
    private const double ExpHigh = 710.0, ExpLow = -746.0;

    // sech²: beyond |x| = 350 it is below 1e-303 and returned as 0 (2^k stays a normal number up to there).
    private const double DerivativeCutoff = 350.0;

    // [3/4] Padé approximant of (tanh √s − √s)/s^{3/2} = P(s)/Q(s), s = a² ≤ 0.81 (coefficients rounded to double).
    private const double P0 = -0.3333333333333333, P1 = -0.023529411764705882, P2 = -0.00037348272642390287,
        P3 = -1.2768640219620611e-06;
    private const double Q0 = 1.0, Q1 = 0.47058823529411764, Q2 = 0.027450980392156862, Q3 = 0.00040221216691804925,
        Q4 = 1.3058836588248353e-06;

    // e^r = 1 + r + r²·E(r) on |r| ≤ 0.35: Chebyshev interpolation at 10 nodes (60 digits), rounded to double.
    private const double E0 = 0.5000000000000001, E1 = 0.16666666666666669, E2 = 0.04166666666662068,
        E3 = 0.008333333333329796, E4 = 0.0013888888918918907, E5 = 0.00019841269864364933, E6 = 2.4801518672268355e-05,
        E7 = 2.7557266442353424e-06, E8 = 2.7621324269313687e-07, E9 = 2.5101335854788522e-08;

    // ln(1 + f) = 2s + s·s²·P(s²), s = f/(2 + f), |s| ≤ 3 − 2√2: P is the Chebyshev interpolation of
    // 2(atanh √z/√z − 1)/z = 2/3 + 2z/5 + … on z ≤ 0.02944 at 8 nodes (60 digits), rounded to double.
    private const double L0 = 0.6666666666666666, L1 = 0.4000000000000088, L2 = 0.2857142857080323,
        L3 = 0.2222222239180047, L4 = 0.18181795630884753, L5 = 0.15386240205813478, L6 = 0.13268759668560612,
        L7 = 0.13086767009948175;
    private const double SmallestNormal = 2.2250738585072014e-308; // 2^−1022: below, log scales x by 2^52 first
    private const double TwoTo52 = 4503599627370496.0;
    private const long SqrtHalfBits = 0x3FE6A09E667F3BCD;           // √½: x/√½'s exponent puts m in [√½, √2)
    private const long RoundMagicBits = 0x4338000000000000;         // RoundMagic's bits: + k, − RoundMagic gives k

    // pow: ln m = 2s + s³·(2/3 + s²·Q(s²)), Q the Chebyshev interpolation of (P(z) − 2/3)/z = 2/5 + 2z/7 + … on
    // z ≤ 0.0295 at 8 nodes (60 digits), rounded to double (2^−53.8 relative); 2/3 as a double-double; the fast path's
    // bounds on y·ln x (beyond, the result is near or past the ends of the normal range: Math.Pow).
    private const double PowQ0 = 0.4, PowQ1 = 0.2857142857142938, PowQ2 = 0.2222222222164882, PowQ3 = 0.1818181833699257,
        PowQ4 = 0.15384594791762352, PowQ5 = 0.13334813971292003, PowQ6 = 0.11705988156500907, PowQ7 = 0.11725771221811145;
    private const double TwoThirds = 0.6666666666666666, TwoThirdsTail = 3.700743415417188e-17;
    private const double PowLow = -708.0, PowHigh = 709.0;

    // sin/cos/tan: |x| up to 2^26 is reduced by π/2 in three parts (beyond, OdeMath.LargeReduction.cs).
    private const double TrigBound = 67108864.0;             // 2^26
    private const double TwoOverPi = 0.6366197723675814;
    private const double PiOver2A = 1.5707963267948966;      // π/2 rounded; k·A is exact inside an FMA
    private const double PiOver2B = 6.123233995736766e-17;   // π/2 − A, rounded
    private const double PiOver2C = -1.4973849048591698e-33; // π/2 − A − B, rounded (what is left: 5.6e-50)

    // sin r = r + r³·S(r²) and cos r = 1 − r²/2 + r⁴·C(r²) on |r| ≤ π/4: the minimax polynomials published with
    // fdlibm (k_sin.c, k_cos.c), 2^-57.6 relative and 2^-59.8 absolute error there (checked in 400-bit arithmetic).
    private const double Sin1 = -0.16666666666666632, Sin2 = 0.00833333333332249, Sin3 = -0.0001984126982985795,
        Sin4 = 2.7557313707070068e-06, Sin5 = -2.5050760253406863e-08, Sin6 = 1.58969099521155e-10;
    private const double Cos1 = 0.0416666666666666, Cos2 = -0.001388888888887411, Cos3 = 2.480158728947673e-05,
        Cos4 = -2.7557314351390663e-07, Cos5 = 2.087572321298175e-09, Cos6 = -1.1359647557788195e-11;

    // atan: fdlibm's breakpoints between its five ranges (7/16, 11/16, 19/16, 39/16), the ranges' constants atan ½,
    // atan 1 and atan 1.5 as double-doubles (rounded value + rounded rest, 300-bit arithmetic; π/2 is PiOver2A + B),
    // and atan t = t − t·z·P(z), z = t², |t| ≤ 7/16: P the minimax polynomial published with fdlibm (s_atan.c, aT[0..10]).
    private const double AtanBreak1 = 0.4375, AtanBreak2 = 0.6875, AtanBreak3 = 1.1875, AtanBreak4 = 2.4375;
    private const double AtanHalfHi = 0.4636476090008061, AtanHalfLo = 2.2698777452961687e-17;
    private const double AtanOneHi = 0.7853981633974483, AtanOneLo = 3.061616997868383e-17;
    private const double AtanThreeHalvesHi = 0.982793723247329, AtanThreeHalvesLo = 1.3903311031230998e-17;
    private const double AtanP0 = 3.33333333333329318027e-01, AtanP1 = -1.99999999998764832476e-01,
        AtanP2 = 1.42857142725034663711e-01, AtanP3 = -1.11111104054623557880e-01, AtanP4 = 9.09088713343650656196e-02,
        AtanP5 = -7.69187620504482999495e-02, AtanP6 = 6.66107313738753120669e-02, AtanP7 = -5.83357013379057348645e-02,
        AtanP8 = 4.97687799461593236017e-02, AtanP9 = -3.65315727442169155270e-02, AtanP10 = 1.62858201153657823623e-02;

    // atan2: the fast path's bounds on the larger magnitude (2^-1000, 2^1000: sums and the range compares' products
    // stay normal and finite), and π − c as double-doubles (rounded value + rounded rest, 300-bit arithmetic) for the
    // ranges' constants c = 0, atan ½, atan 1, atan 1.5 (π − π/2 is PiOver2A + B) when x < 0.
    private const double Atan2Large = 1.0715086071862673e+301, Atan2Small = 9.332636185032189e-302;
    private const double PiHi = 3.141592653589793, PiLo = 1.2246467991473532e-16;
    private const double PiMinusAtanHalfHi = 2.677945044588987, PiMinusAtanHalfLo = 1.5527705369303147e-16;
    private const double ThreeQuartersPiHi = 2.356194490192345, ThreeQuartersPiLo = 9.184850993605148e-17;
    private const double PiMinusAtanThreeHalvesHi = 2.158798930342464, PiMinusAtanThreeHalvesLo = 2.1958367134601997e-16;

    // asin/acos: asin √u = √u + √u·u·P(u)/Q(u) on u ≤ ¼, the rational approximation published with fdlibm (e_asin.c,
    // pS0..pS5 and qS1..qS4 as numbers; 2^-58.75 relative there); where |x| switches from x² to (1 − |x|)/2, and where
    // asin's π/4-centred sum stops being exact (2√u below π/8); π/4 rounded (half of PiOver2A, exactly).
    private const double AsinP0 = 1.66666666666666657415e-01, AsinP1 = -3.25565818622400915405e-01,
        AsinP2 = 2.01212532134862925881e-01, AsinP3 = -4.00555345006794114027e-02, AsinP4 = 7.91534994289814532176e-04,
        AsinP5 = 3.47933107596021167570e-05;
    private const double AsinQ1 = -2.40339491173441421878e+00, AsinQ2 = 2.02094576023350569471e+00,
        AsinQ3 = -6.88283971605453293030e-01, AsinQ4 = 7.70381505559019352791e-02;
    private const double AsinSwitch = 0.5, AsinNearOne = 0.921875;
    private const double PiOver4Hi = PiOver2A / 2;

    // sinh/cosh: |x| is held at 711 (past 710.4758…, where both overflow); 2^(−2k) is held at 2^−1022 from k = 511
    // on (a normal number, and below the result's last bit by 2^−1022 anyway). sinh r = r + r³·S(r²) and
    // cosh r = 1 + r²/2 + r⁴·C(r²) on |r| ≤ ln 2/2: Taylor coefficients 1/n!, each rounded once to double (n! itself is
    // exact in double up to 18!).
    private const double HyperbolicClamp = 711.0;
    private const long MaxHalfExponentK = 511;
    private const double InverseFactorial3 = 1.0 / 6.0, InverseFactorial5 = 1.0 / 120.0, InverseFactorial7 = 1.0 / 5040.0,
        InverseFactorial9 = 1.0 / 362880.0, InverseFactorial11 = 1.0 / 39916800.0, InverseFactorial13 = 1.0 / 6227020800.0;
    private const double InverseFactorial4 = 1.0 / 24.0, InverseFactorial6 = 1.0 / 720.0, InverseFactorial8 = 1.0 / 40320.0,
        InverseFactorial10 = 1.0 / 3628800.0, InverseFactorial12 = 1.0 / 479001600.0, InverseFactorial14 = 1.0 / 87178291200.0;
    private const double InverseFactorial3Tail = 9.25185853854297e-18;  // 1/6 − InverseFactorial3 = 2^−55/3, rounded

    private const double InverseLn2 = 1.4426950408889634;
    private const double Ln2Head = 0.6931471805598903;       // ln 2 to 42 bits: k·head is exact for |k| < 2^11
    private const double Ln2Tail = 5.497923018708371e-14;    // ln 2 − head, rounded
    private const double RoundMagic = 6755399441055744.0;    // 1.5·2^52: y + magic − magic rounds y to an integer
    private const long ExponentBias = 1023;
    private const int MantissaBits = 52;
    private const long SignBit = long.MinValue;
}
