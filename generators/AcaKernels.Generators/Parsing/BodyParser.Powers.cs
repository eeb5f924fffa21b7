using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// <c>Math.Pow(x, e)</c> with a small constant exponent, written as the multiplications a user would write by hand.
/// C# has no power operator, so dynamics code is full of <c>Math.Pow(d, 2)</c> and <c>Math.Pow(r, 3)</c>; as a call
/// each is the C runtime's pow (tens of nanoseconds, run lane by lane in the SIMD kernels) and its derivative a
/// second pow. Rewritten at parse time, every target gets the multiplications, reverse mode differentiates them like
/// any product, and the passes that know products see them (<c>1 / Math.Pow(s, 1.5)</c>'s form <c>1 / (s·√s)</c> is a
/// power chain, <see cref="Passes.Reverse.PowerChains"/>).
/// </summary>
/// <remarks>
/// The exponents rewritten, and the forms:
/// <list type="bullet">
/// <item>0 → 1, 1 → x, 2 → x·x, 3 → x·x·x, 4 → x·x·x·x (left to right);</item>
/// <item>0.5 → √x;</item>
/// <item>1.5, 2.5, 3.5 → T(x), x·T(x), x·x·T(x), with T(x) = x^(3/2) = x·√x the function
/// <c>OdeMath.ThreeHalvesPower</c>; as a divisor, <c>a / Math.Pow(s, 1.5)</c> (gravity as it is usually written),
/// x^m·√x instead, the form the power-chain rule differentiates without a divide;</item>
/// <item>−e for each of these → 1 / (x^m·√x or x^m).</item>
/// </list>
/// Values: a multiplication rounds once, so x² is correctly rounded as pow is (nearly) and x⁴ is within 1.5 ulp;
/// a half power and a reciprocal add 0.5 ulp each (≤ 2.5 ulp for x^−3.5). Beyond |e| = 4 the error of a chain of
/// products grows past pow's, and those exponents stay calls. Special values agree with Math.Pow (signs of negative
/// bases under integer powers, NaN for a negative base under a half power, ±∞ at ±0 for negative powers) except:
/// √(−0) is −0 where pow(−0, 0.5) is +0 (and so 1/√(−0) is −∞ where pow gives +∞), √(−∞) is NaN where pow gives +∞,
/// and 1/x^m overflows or underflows at the intermediate x^m where pow's result is just inside the range.
/// Derivatives: the product rule's 2·x, 3·x·x, … equal n·x^(n−1) to rounding. T has its own rule, (3/2)·√x: x·√x's
/// product rule would read √'s derivative 1/(2√x), infinite at x = 0, and times x = 0 give NaN where
/// (m + ½)·x^(m − ½) is 0. As a divisor, and for the negative powers, the quotient and its derivative are infinite at
/// x = 0 whichever form is used.
/// </remarks>
internal sealed partial class BodyParser
{
    private const double LargestRewrittenExponent = 4;

    /// <summary>x^<paramref name="exponent"/> as products, a square root and a reciprocal, or null when the exponent is
    /// not one of those rewritten (see the remarks; <paramref name="isDivisor"/>: the power is the right operand of a
    /// division, where a positive half power is x^m·√x rather than x^(m−1)·T(x)).</summary>
    private Expr? SmallConstantPower(Expr x, double exponent, bool isDivisor)
    {
        double magnitude = Math.Abs(exponent), whole = Math.Floor(magnitude);
        bool half = magnitude - whole == 0.5;
        if (magnitude > LargestRewrittenExponent || (magnitude != whole && !half))
            return null;
        ScalarType type = x.Type;
        if (exponent == 0) return new ConstExpr(type, 1);
        // x^m·√x, or x^(m−1)·T(x) for a positive half power outside a divisor: the factors x, then √x or T(x).
        bool threeHalves = half && exponent > 1 && !isDivisor;
        int plainFactors = (int)whole - (threeHalves ? 1 : 0);
        if (plainFactors + (half ? 1 : 0) > 1 && !IsLeaf(x)) x = Spill(x);
        Expr? power = null;
        void Times(Expr factor) => power = power is null ? factor : new BinaryExpr(type, BinaryOp.Multiply, power, factor);
        for (int i = 0; i < plainFactors; i++) Times(x);
        if (half) Times(new CallExpr(type, threeHalves ? MathFunction.ThreeHalvesPower : MathFunction.Sqrt, new[] { x }.ToEquatableArray()));
        return exponent > 0 ? power! : new BinaryExpr(type, BinaryOp.Divide, new ConstExpr(type, 1), power!);
    }

    private static IOperation Unparenthesized(IOperation operation) =>
        operation is IParenthesizedOperation parenthesized ? Unparenthesized(parenthesized.Operand) : operation;

    /// <summary>Values read again without recomputation: a local, an input or array element, t, a constant.</summary>
    private static bool IsLeaf(Expr x) => x is LocalExpr or InputExpr or ArrayExpr or TimeExpr or ConstExpr;
}
