using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// For the unrollers: replaces the loop counters that have a value (the loops being unrolled) by it, keeps the others,
/// and folds what becomes decided: integer comparisons of constants, logic over decided operands, selects on decided
/// conditions (conditions have no side effects, so dropping the arm not taken changes nothing).
/// </summary>
internal sealed class LoopCounterFolder(Dictionary<int, int> values) : IrRewriter
{
    public override Affine Rewrite(Affine index)
    {
        if (index.IsConstant) return index;
        Affine result = Affine.Of(index.Constant);
        foreach (AffineTerm term in index.Terms)
            result = result.Add(values.TryGetValue(term.LoopVariable, out int value)
                ? Affine.Of(checked(term.Coefficient * value))
                : Affine.Variable(term.LoopVariable).Scale(term.Coefficient));
        return result;
    }

    protected override Expr RewriteSelect(SelectExpr s) => Rewrite(s.Condition) switch
    {
        BoolConstCond decided => Rewrite(decided.Value ? s.WhenTrue : s.WhenFalse),
        Cond condition => new SelectExpr(s.Type, condition, Rewrite(s.WhenTrue), Rewrite(s.WhenFalse)),
    };

    public override Cond Rewrite(Cond c)
    {
        switch (c)
        {
            case IntCompareCond k:
                Affine left = Rewrite(k.Left), right = Rewrite(k.Right);
                if (!left.IsConstant || !right.IsConstant) return new IntCompareCond(k.Op, left, right);
                return new BoolConstCond(k.Op switch
                {
                    CompareOp.Less => left.Constant < right.Constant,
                    CompareOp.LessOrEqual => left.Constant <= right.Constant,
                    CompareOp.Greater => left.Constant > right.Constant,
                    CompareOp.GreaterOrEqual => left.Constant >= right.Constant,
                    CompareOp.Equal => left.Constant == right.Constant,
                    _ => left.Constant != right.Constant,
                });
            case NotCond n:
                Cond operand = Rewrite(n.Operand);
                return operand is BoolConstCond b ? new BoolConstCond(!b.Value) : new NotCond(operand);
            case LogicalCond l:
                Cond x = Rewrite(l.Left), y = Rewrite(l.Right);
                if (x is BoolConstCond bx) return bx.Value == l.IsAnd ? y : bx;
                if (y is BoolConstCond by) return by.Value == l.IsAnd ? x : by;
                return new LogicalCond(l.IsAnd, x, y);
            default:
                return base.Rewrite(c);
        }
    }
}
