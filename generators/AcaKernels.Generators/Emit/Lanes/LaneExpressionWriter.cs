using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Writes IR expressions as lane (SIMD) C#: every real value is a vector of <see cref="LaneTarget.Lanes"/> lanes,
/// one trajectory per lane. The operators + − × ÷ and unary − keep C#'s precedence and IEEE meaning per lane, so
/// each lane computes exactly the scalar expression; constants, table entries and loop counters used as reals are
/// broadcast; math functions follow <see cref="LaneMathTable"/>. Conditions become masks (all bits set where true),
/// and <c>?:</c> on reals a <c>ConditionalSelect</c> of both sides, which are pure: a side a lane does not take may compute
/// ∞ or NaN there, and the select discards it. Leaves (inputs, locals, array elements, outputs) are named by the
/// scalar writer, so register code and loop code name them as the scalar kernels do.
/// </summary>
internal sealed class LaneExpressionWriter(LaneTarget target, ScalarExpressionWriter leaves)
{
    private const int SelectPrecedence = 0, AdditivePrecedence = 1, MultiplicativePrecedence = 2, UnaryPrecedence = 3, AtomPrecedence = 4;

    public LaneTarget Target => target;

    /// <summary>The scalar writer that names leaves and writes integer (loop counter) expressions.</summary>
    public ScalarExpressionWriter Leaves => leaves;

    /// <summary>The math functions written so far (their Select or Fallback helpers must be emitted).</summary>
    public HashSet<MathFunction> UsedFunctions { get; } = new();

    public string Write(Expr e) => Write(e, out _);

    private string Write(Expr e, out int precedence)
    {
        precedence = AtomPrecedence;
        switch (e)
        {
            case ConstExpr c:
                return target.Broadcast(Literals.Of(c.Type, c.Value));
            case TableExpr or IntToRealExpr:
                return target.Broadcast(leaves.Write(e));
            case TimeExpr or InputExpr or LocalExpr or ArrayExpr or TapeExpr:
                return leaves.Write(e);
            case NegateExpr n:
                precedence = UnaryPrecedence;
                return "-" + Operand(n.Operand, AtomPrecedence);
            case BinaryExpr b:
                int own = b.Op is BinaryOp.Add or BinaryOp.Subtract ? AdditivePrecedence : MultiplicativePrecedence;
                precedence = own;
                string op = b.Op switch { BinaryOp.Add => " + ", BinaryOp.Subtract => " - ", BinaryOp.Multiply => " * ", _ => " / " };
                return Operand(b.Left, own) + op + Operand(b.Right, own + 1);
            case CallExpr call:
                LaneMathForm form = LaneMathTable.For(target, call.Function);
                string[] arguments = call.Arguments.Select(Write).ToArray();
                if (form.Kind == LaneMathKind.Vector) return target.Call(form.Name, arguments);
                if (form.Kind == LaneMathKind.Runtime) return form.Name + "(" + string.Join(", ", arguments) + ")";
                UsedFunctions.Add(call.Function);
                return form.Name + "(" + string.Join(", ", arguments) + ")";
            case SelectExpr s when IsUniform(s.Condition):
                // The same side in every lane (loop code: a loop-counter condition): a plain ?: runs only that side.
                precedence = SelectPrecedence;
                return leaves.Write(s.Condition) + " ? " + Operand(s.WhenTrue, AdditivePrecedence) + " : " + Operand(s.WhenFalse, AdditivePrecedence);
            case SelectExpr s:
                return target.Select(Mask(s.Condition), Write(s.WhenTrue), Write(s.WhenFalse));
            default:
                // LaneSupport refuses every other node before printing starts.
                throw new InvalidOperationException("No lane form for " + e.GetType().Name);
        }
    }

    private string Operand(Expr e, int minimum)
    {
        string text = Write(e, out int precedence);
        return precedence >= minimum ? text : "(" + text + ")";
    }

    /// <summary>Whether <paramref name="c"/> reads no real value: the same in every lane (loop counters only).</summary>
    public static bool IsUniform(Cond c) => c switch
    {
        CompareCond or FlagCond => false,
        LogicalCond l => IsUniform(l.Left) && IsUniform(l.Right),
        NotCond n => IsUniform(n.Operand),
        _ => true,
    };

    /// <summary>
    /// <paramref name="c"/> as a lane mask. Ordered compares (false on NaN) match C#'s &lt; &lt;= &gt; &gt;= ==,
    /// and != is the complement of == (true on NaN), as in C#; a uniform part is a scalar bool turned into a mask.
    /// </summary>
    public string Mask(Cond c) => c switch
    {
        _ when IsUniform(c) => "(" + leaves.Write(c) + " ? " + target.AllBitsSet + " : " + target.Zero + ")",
        CompareCond k => k.Op == CompareOp.NotEqual
            ? "~" + target.Call("Equals", Write(k.Left), Write(k.Right))
            : target.Call(CompareName(k.Op), Write(k.Left), Write(k.Right)),
        LogicalCond l => "(" + Mask(l.Left) + (l.IsAnd ? " & " : " | ") + Mask(l.Right) + ")",
        NotCond n => "~" + Mask(n.Operand),
        // A branch decision the VJP's forward sweep saved: a mask local in lane code.
        FlagCond f => leaves.Flag(f.Slot),
        _ => throw new InvalidOperationException("Unknown condition " + c.GetType().Name),
    };

    private static string CompareName(CompareOp op) => op switch
    {
        CompareOp.Less => "LessThan",
        CompareOp.LessOrEqual => "LessThanOrEqual",
        CompareOp.Greater => "GreaterThan",
        CompareOp.GreaterOrEqual => "GreaterThanOrEqual",
        _ => "Equals",
    };
}
