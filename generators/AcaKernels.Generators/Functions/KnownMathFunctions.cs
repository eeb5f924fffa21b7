using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Functions;

/// <summary>
/// One differentiable math function: its name on System.Math/System.MathF, arity, and its partial derivatives as
/// IR over placeholders (<see cref="PlaceholderExpr"/>: argument i, or -1 for the function's own result), so
/// every target emitter derives the same rule.
/// </summary>
internal sealed record MathFunctionInfo(MathFunction Function, string Name, int Arity,
    Func<ScalarType, Expr[]> Partials);

/// <summary>The table of supported math functions and their derivative rules.</summary>
/// <remarks>Rules follow the usual calculus identities; where a function is not differentiable (Abs at 0, Min and
/// Max at ties) the derivative of the branch the forward pass takes is used: Abs' (0) = 1, Min picks the left
/// operand when a ≤ b, Max when a ≥ b. Pow's exponent derivative r·ln a is taken as 0 for a ≤ 0; its base derivative is b·r/a where r is normal. Clamp follows
/// the branch it takes (min when value &lt; min, else max when value &gt; max, else value). Floor, Ceiling, Round
/// and Sign are piecewise constant: derivative 0 (no adjoint flows through them at all).</remarks>
internal static class KnownMathFunctions
{
    private static readonly Dictionary<string, MathFunctionInfo> ByName = Build().ToDictionary(f => f.Name + "/" + f.Arity);

    private static readonly MathFunctionInfo[] Internal = BuildInternal().ToArray();

    /// <summary>Looks up Math.Name / MathF.Name with <paramref name="arity"/> arguments.</summary>
    public static MathFunctionInfo? Find(string name, int arity) =>
        ByName.TryGetValue(name + "/" + arity, out MathFunctionInfo? info) ? info : null;

    public static MathFunctionInfo Get(MathFunction function) =>
        ByName.Values.FirstOrDefault(f => f.Function == function) ?? Internal.First(f => f.Function == function);

    /// <summary>Floor, Ceiling, Round and Sign: piecewise constant, derivative 0 everywhere it exists.</summary>
    public static bool IsPiecewiseConstant(MathFunction function) =>
        function is MathFunction.Floor or MathFunction.Ceiling or MathFunction.Round or MathFunction.Sign;

    /// <summary>Sign returns int in C#; the IR holds it as a real of its argument's type.</summary>
    public static bool ReturnsInt(MathFunction function) => function == MathFunction.Sign;

    /// <summary>Names of all supported functions, for diagnostics.</summary>
    public static string SupportedNames => string.Join(", ", ByName.Values.Select(f => f.Name).Distinct());

    private static IEnumerable<MathFunctionInfo> Build()
    {
        yield return Unary(MathFunction.Exp, (a, r, k) => r);
        yield return Unary(MathFunction.Log, (a, r, k) => Div(k(1), a));
        yield return Unary(MathFunction.Log10, (a, r, k) => Div(k(1), Mul(a, k(2.302585092994046))));
        yield return Unary(MathFunction.Sqrt, (a, r, k) => Div(k(1), Add(r, r)));
        yield return Unary(MathFunction.Cbrt, (a, r, k) => Div(k(1), Mul(Mul(k(3), r), r)));
        yield return new MathFunctionInfo(MathFunction.Pow, "Pow", 2, t =>
        {
            Expr a = Arg(t, 0), b = Arg(t, 1), r = Result(t);
            // ∂/∂a = b·a^(b−1) = b·r/a from the value r the forward computed: one divide instead of a second pow
            // (a call of tens of ns in the scalar kernels), wherever r is a normal number (so a ≠ 0 and r/a keeps
            // r's relative accuracy: ≤ 2.5 ulp against pow's 1.5); where r is 0, subnormal, ∞ or NaN (a = 0, under-
            // and overflow), b·Pow(a, b − 1) as before. A runtime function (OdeMath.PowBaseDerivative), not a select:
            // its lane form computes the second arm only in the lanes that need it.
            return
            [
                Call(MathFunction.PowBaseDerivative, a, b, r),
                new SelectExpr(t, new CompareCond(CompareOp.Greater, a, Const(t, 0)),
                    Mul(r, Call(MathFunction.Log, a)), Const(t, 0)),
            ];
        });
        yield return Unary(MathFunction.Sin, (a, r, k) => Call(MathFunction.Cos, a));
        yield return Unary(MathFunction.Cos, (a, r, k) => new NegateExpr(a.Type, Call(MathFunction.Sin, a)));
        yield return Unary(MathFunction.Tan, (a, r, k) => Add(k(1), Mul(r, r)));
        yield return Unary(MathFunction.Asin, (a, r, k) => Div(k(1), Call(MathFunction.Sqrt, Sub(k(1), Mul(a, a)))));
        yield return Unary(MathFunction.Acos, (a, r, k) => Div(k(-1), Call(MathFunction.Sqrt, Sub(k(1), Mul(a, a)))));
        yield return Unary(MathFunction.Atan, (a, r, k) => Div(k(1), Add(k(1), Mul(a, a))));
        yield return new MathFunctionInfo(MathFunction.Atan2, "Atan2", 2, t =>
        {
            Expr y = Arg(t, 0), x = Arg(t, 1);
            Expr r2 = Add(Mul(x, x), Mul(y, y));
            return [Div(x, r2), Div(new NegateExpr(t, y), r2)];
        });
        yield return Unary(MathFunction.Sinh, (a, r, k) => Call(MathFunction.Cosh, a));
        yield return Unary(MathFunction.Cosh, (a, r, k) => Call(MathFunction.Sinh, a));
        // sech² a from a and the value t = tanh a the forward computed (OdeMath.TanhDerivative: e^{−2|a|}·(1 + |t|)²,
        // no cosh, vector code in lanes). Not 1 − t² = (1 − t)(1 + t), though cheaper: it keeps only its absolute
        // accuracy where t rounds near ±1 (5e-10 relative at a = 8, 0 instead of 2e-17 at a = 20), which the
        // dual-number checks at 1e-12 relative catch.
        yield return Unary(MathFunction.Tanh, (a, r, k) => Call(MathFunction.TanhDerivative, a, r));
        yield return Unary(MathFunction.Asinh, (a, r, k) => Div(k(1), Call(MathFunction.Sqrt, Add(Mul(a, a), k(1)))));
        yield return Unary(MathFunction.Acosh, (a, r, k) => Div(k(1), Call(MathFunction.Sqrt, Sub(Mul(a, a), k(1)))));
        yield return Unary(MathFunction.Atanh, (a, r, k) => Div(k(1), Sub(k(1), Mul(a, a))));
        yield return Unary(MathFunction.Abs, (a, r, k) =>
            new SelectExpr(a.Type, new CompareCond(CompareOp.Less, a, k(0)), k(-1), k(1)));
        yield return MinMax(MathFunction.Min, CompareOp.LessOrEqual);
        yield return MinMax(MathFunction.Max, CompareOp.GreaterOrEqual);
        yield return new MathFunctionInfo(MathFunction.FusedMultiplyAdd, "FusedMultiplyAdd", 3,
            t => [Arg(t, 1), Arg(t, 0), Const(t, 1)]);
        yield return new MathFunctionInfo(MathFunction.Clamp, "Clamp", 3, t =>
        {
            var belowMin = new CompareCond(CompareOp.Less, Arg(t, 0), Arg(t, 1));
            var aboveMax = new CompareCond(CompareOp.Greater, Arg(t, 0), Arg(t, 2));
            return
            [
                new SelectExpr(t, new LogicalCond(false, belowMin, aboveMax), Const(t, 0), Const(t, 1)),
                new SelectExpr(t, belowMin, Const(t, 1), Const(t, 0)),
                new SelectExpr(t, new LogicalCond(true, new NotCond(belowMin), aboveMax), Const(t, 1), Const(t, 0)),
            ];
        });
        foreach (MathFunction f in new[] { MathFunction.Floor, MathFunction.Ceiling, MathFunction.Round, MathFunction.Sign })
            yield return Unary(f, (a, r, k) => k(0));
    }

    /// <summary>Functions only derivative rules call (never parsed from user code, so not found by
    /// <see cref="Find"/> nor listed in <see cref="SupportedNames"/>). TanhDerivative(x, t) = sech²x where t = tanh x:
    /// d/dx = −2·sech²x·tanh x; t is only x's cached tanh, so its own partial is 0.</summary>
    private static IEnumerable<MathFunctionInfo> BuildInternal()
    {
        yield return Unary(MathFunction.ThreeHalvesPower, (a, r, k) => Mul(k(1.5), Call(MathFunction.Sqrt, a)));
        // PowBaseDerivative(a, b, r) = b·a^(b−1), r = a^b only a's cached power (its own partial 0, as tanh's t above):
        // ∂/∂a = (b − 1)·d/a, ∂/∂b = (r/a)·(1 + b·ln a) for a > 0 (0 otherwise, as pow's exponent rule).
        yield return new MathFunctionInfo(MathFunction.PowBaseDerivative, "PowBaseDerivative", 3, t =>
        {
            Expr a = Arg(t, 0), b = Arg(t, 1), r = Arg(t, 2);
            return
            [
                Mul(Sub(b, Const(t, 1)), Div(Result(t), a)),
                new SelectExpr(t, new CompareCond(CompareOp.Greater, a, Const(t, 0)),
                    Mul(Div(r, a), Add(Const(t, 1), Mul(b, Call(MathFunction.Log, a)))), Const(t, 0)),
                Const(t, 0),
            ];
        });
        yield return new MathFunctionInfo(MathFunction.TanhDerivative, "TanhDerivative", 2, t =>
            [Mul(Mul(Const(t, -2), Result(t)), Arg(t, 1)), Const(t, 0)]);
    }

    private static MathFunctionInfo Unary(MathFunction f, Func<Expr, Expr, Func<double, Expr>, Expr> rule) =>
        new(f, f.ToString(), 1, t => [rule(Arg(t, 0), Result(t), v => Const(t, v))]);

    private static MathFunctionInfo MinMax(MathFunction f, CompareOp pickLeft) => new(f, f.ToString(), 2, t =>
    {
        var cond = new CompareCond(pickLeft, Arg(t, 0), Arg(t, 1));
        return [new SelectExpr(t, cond, Const(t, 1), Const(t, 0)), new SelectExpr(t, cond, Const(t, 0), Const(t, 1))];
    });

    private static Expr Arg(ScalarType t, int i) => new PlaceholderExpr(t, i);

    private static Expr Result(ScalarType t) => new PlaceholderExpr(t, -1);

    private static Expr Const(ScalarType t, double v) => new ConstExpr(t, t == ScalarType.Single ? (float)v : v);

    private static Expr Add(Expr a, Expr b) => new BinaryExpr(a.Type, BinaryOp.Add, a, b);

    private static Expr Sub(Expr a, Expr b) => new BinaryExpr(a.Type, BinaryOp.Subtract, a, b);

    private static Expr Mul(Expr a, Expr b) => new BinaryExpr(a.Type, BinaryOp.Multiply, a, b);

    private static Expr Div(Expr a, Expr b) => new BinaryExpr(a.Type, BinaryOp.Divide, a, b);

    private static Expr Call(MathFunction f, params Expr[] args) =>
        new CallExpr(args[0].Type, f, new EquatableArray<Expr>(args));
}
