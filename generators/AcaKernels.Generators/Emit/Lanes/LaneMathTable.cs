using System.Collections.Generic;
using AcaKernels.Generators.Functions;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>How a lane kernel computes one math function.</summary>
internal enum LaneMathKind
{
    /// <summary>A method of the vector class with exactly the scalar function's results (IEEE-exact operations).</summary>
    Vector,
    /// <summary>A generated helper built from compares and selects that reproduces the scalar definition.</summary>
    Select,
    /// <summary>Each lane through the scalar System.Math function itself (no vector form gives the same bits).</summary>
    Fallback,
    /// <summary>The vector overload of the runtime's own function that the scalar kernels call
    /// (<see cref="ScalarMathTable"/>), bit-identical to its scalar form lane by lane.</summary>
    Runtime,
}

/// <summary>One function's lane form: its kind and, for <see cref="LaneMathKind.Vector"/>, the vector method's name
/// (for <see cref="LaneMathKind.Runtime"/> the runtime method's full name).</summary>
internal sealed record LaneMathForm(LaneMathKind Kind, string Name);

/// <summary>
/// Per target, function → lane form. Only correctly rounded operations (Sqrt, FusedMultiplyAdd), exact ones (Abs,
/// Floor, Ceiling, Round to even) and IEEE 754:2019 minimum/maximum (what Math.Min/Max compute since .NET Core 3.0,
/// and Vector512.Min/Max since .NET 9: NaN propagates, -0 &lt; +0) map to vector methods; each was checked bit for
/// bit against System.Math on ±0, ±∞, NaNs with payloads, halves and subnormals. Math.Clamp is not Vector512.Clamp
/// (that is Min(Max(x, min), max), which turns Clamp(-0, +0, 1) into +0 where Math.Clamp returns -0), so it is a
/// select of Math.Clamp's own comparisons; Sign likewise. Every transcendental function is the runtime's OdeMath
/// function in the scalar kernels too (<see cref="ScalarMathTable"/>), so its lane form is OdeMath's vector overload
/// (Vector512.Exp and friends round differently from both). So every function the generator accepts has a vector form
/// for Vector512&lt;double&gt; (LaneMathTableTests holds that); the per-lane fallback is for a target or a function added
/// without one, and stays exact because it calls the scalar function.
/// </summary>
internal static class LaneMathTable
{
    private static readonly Dictionary<MathFunction, LaneMathForm> Vector512Double = new()
    {
        [MathFunction.Sqrt] = new(LaneMathKind.Vector, "Sqrt"),
        [MathFunction.Abs] = new(LaneMathKind.Vector, "Abs"),
        [MathFunction.Min] = new(LaneMathKind.Vector, "Min"),
        [MathFunction.Max] = new(LaneMathKind.Vector, "Max"),
        [MathFunction.Floor] = new(LaneMathKind.Vector, "Floor"),
        [MathFunction.Ceiling] = new(LaneMathKind.Vector, "Ceiling"),
        [MathFunction.Round] = new(LaneMathKind.Vector, "Round"),
        [MathFunction.FusedMultiplyAdd] = new(LaneMathKind.Vector, "FusedMultiplyAdd"),
        [MathFunction.Clamp] = new(LaneMathKind.Select, "LaneClamp"),
        [MathFunction.Sign] = new(LaneMathKind.Select, "LaneSign"),
        [MathFunction.Exp] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Exp"),
        [MathFunction.Log] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Log"),
        [MathFunction.Pow] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Pow"),
        [MathFunction.Sin] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Sin"), [MathFunction.Cos] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Cos"),
        [MathFunction.Tan] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Tan"),
        [MathFunction.Atan] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Atan"),
        [MathFunction.Atan2] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Atan2"),
        [MathFunction.Asin] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Asin"), [MathFunction.Acos] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Acos"),
        [MathFunction.Sinh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Sinh"), [MathFunction.Cosh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Cosh"),
        [MathFunction.Tanh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Tanh"),
        [MathFunction.Log10] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Log10"), [MathFunction.Cbrt] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Cbrt"),
        [MathFunction.Asinh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Asinh"), [MathFunction.Acosh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Acosh"),
        [MathFunction.Atanh] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".Atanh"),
        [MathFunction.TanhDerivative] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".TanhDerivative"),
        [MathFunction.ThreeHalvesPower] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".ThreeHalvesPower"),
        [MathFunction.PowBaseDerivative] = new(LaneMathKind.Runtime, ScalarMathTable.OdeMath + ".PowBaseDerivative"),
    };

    /// <summary>The lane form of <paramref name="function"/> on <paramref name="target"/>: the table's entry, else
    /// the per-lane fallback (always exact, since it calls the scalar function).</summary>
    public static LaneMathForm For(LaneTarget target, MathFunction function)
    {
        if (target.ElementType == "double" && Vector512Double.TryGetValue(function, out LaneMathForm? form)) return form;
        return new LaneMathForm(LaneMathKind.Fallback, "Lane" + function);
    }
}
