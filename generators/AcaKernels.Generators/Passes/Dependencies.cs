using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes;

/// <summary>A variable of the IR that a statement can write: a scalar local or a local array.</summary>
internal readonly record struct VariableRef(bool IsArray, int Id);

/// <summary>Facts about expressions that the differentiation passes need.</summary>
internal static class Dependencies
{
    /// <summary>True when the derivative of <paramref name="e"/> is zero: it depends on no input, local or array,
    /// or only through a piecewise-constant function (Floor, Sign…) or a constant table.</summary>
    public static bool IsConstant(Expr e) => e switch
    {
        ConstExpr or IntToRealExpr or TableExpr => true,
        NegateExpr n => IsConstant(n.Operand),
        ConvertExpr c => IsConstant(c.Operand),
        BinaryExpr b => IsConstant(b.Left) && IsConstant(b.Right),
        CallExpr c => Functions.KnownMathFunctions.IsPiecewiseConstant(c.Function) || c.Arguments.All(IsConstant),
        SelectExpr s => IsConstant(s.WhenTrue) && IsConstant(s.WhenFalse),
        _ => false,
    };

    /// <summary>
    /// Adds to <paramref name="reads"/> every variable whose <i>value</i> the reverse pass of an expression uses:
    /// operands of products, quotients, function calls and comparisons. Reads that only pass adjoints through
    /// (sums, negation, conversion) are left out, so accumulators are not taped.
    /// </summary>
    public static void NeededReads(Expr e, bool valueNeeded, HashSet<VariableRef> reads)
    {
        switch (e)
        {
            case LocalExpr l:
                if (valueNeeded) reads.Add(new VariableRef(false, l.Variable));
                break;
            case ArrayExpr a:
                if (valueNeeded) reads.Add(new VariableRef(true, a.Array));
                break;
            case NegateExpr n:
                NeededReads(n.Operand, valueNeeded, reads);
                break;
            case ConvertExpr c:
                NeededReads(c.Operand, valueNeeded, reads);
                break;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b:
                NeededReads(b.Left, valueNeeded, reads);
                NeededReads(b.Right, valueNeeded, reads);
                break;
            case BinaryExpr { Op: BinaryOp.Multiply } b:
                NeededReads(b.Left, valueNeeded || !IsConstant(b.Right), reads);
                NeededReads(b.Right, valueNeeded || !IsConstant(b.Left), reads);
                break;
            case BinaryExpr b:
                NeededReads(b.Left, valueNeeded || !IsConstant(b.Right), reads);
                NeededReads(b.Right, true, reads);
                break;
            case CallExpr c:
                foreach (Expr argument in c.Arguments) NeededReads(argument, true, reads);
                break;
            case SelectExpr s:
                NeededReads(s.Condition, reads);
                NeededReads(s.WhenTrue, valueNeeded, reads);
                NeededReads(s.WhenFalse, valueNeeded, reads);
                break;
        }
    }

    /// <summary>Every variable a condition reads (all of them are needed to re-evaluate it).</summary>
    public static void NeededReads(Cond c, HashSet<VariableRef> reads)
    {
        switch (c)
        {
            case CompareCond k:
                NeededReads(k.Left, true, reads);
                NeededReads(k.Right, true, reads);
                break;
            case LogicalCond l:
                NeededReads(l.Left, reads);
                NeededReads(l.Right, reads);
                break;
            case NotCond n:
                NeededReads(n.Operand, reads);
                break;
        }
    }

    /// <summary>Needed reads anywhere in a statement (branch conditions are taped, so they do not count).</summary>
    public static void NeededReads(Stmt s, HashSet<VariableRef> reads)
    {
        switch (s)
        {
            case AssignStmt a:
                NeededReads(a.Value, false, reads);
                break;
            case ForStmt f:
                foreach (Stmt inner in f.Body.Statements) NeededReads(inner, reads);
                break;
            case IfStmt i:
                foreach (Stmt inner in i.Then.Statements) NeededReads(inner, reads);
                foreach (Stmt inner in i.Else.Statements) NeededReads(inner, reads);
                break;
        }
    }
}
