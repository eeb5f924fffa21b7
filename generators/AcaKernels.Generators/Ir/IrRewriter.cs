using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>
/// Rebuilds a body node by node. The defaults rebuild each composite node from its rewritten children (a fresh
/// node, even when nothing changed: passes that key on node identity get distinct nodes) and keep leaves as they
/// are; override a Rewrite method to replace one kind of node (call base to rebuild it as usual). Children are
/// rewritten in evaluation order. Unknown IR nodes are an error, as in <see cref="IrWalker"/>.
/// </summary>
internal abstract class IrRewriter
{
    public virtual Block Rewrite(Block block) => new(block.Statements.Select(Rewrite).ToEquatableArray());

    public virtual Stmt Rewrite(Stmt statement) => statement switch
    {
        AssignStmt assign => new AssignStmt(Rewrite(assign.Target), assign.Op, Rewrite(assign.Value)),
        ForStmt loop => loop with { Body = Rewrite(loop.Body) },
        IfStmt branch => new IfStmt(Rewrite(branch.Condition), Rewrite(branch.Then), Rewrite(branch.Else)),
        SaveFlagStmt save => save with { Condition = Rewrite(save.Condition) },
        GroupStmt group => group with { Body = Rewrite(group.Body) },
        _ => throw IrWalker.Unknown(statement),
    };

    /// <summary>An index (loop counters, constants); unchanged by default.</summary>
    public virtual Affine Rewrite(Affine index) => index;

    public virtual Target Rewrite(Target target) => target switch
    {
        LocalTarget or TapeTarget => target,
        OutputTarget o => new OutputTarget(Rewrite(o.Index)),
        ArrayTarget a => new ArrayTarget(a.Array, Rewrite(a.Index)),
        GradientTarget g => new GradientTarget(g.Input, Rewrite(g.Index)),
        _ => throw IrWalker.Unknown(target),
    };

    public virtual Expr Rewrite(Expr e) => e switch
    {
        ConstExpr or TimeExpr or LocalExpr or PlaceholderExpr or TapeExpr => e,
        InputExpr i => i with { Index = Rewrite(i.Index) },
        ArrayExpr a => a with { Index = Rewrite(a.Index) },
        IntToRealExpr r => r with { Value = Rewrite(r.Value) },
        TableExpr table => table with { Index = Rewrite(table.Index) },
        NegateExpr n => new NegateExpr(n.Type, Rewrite(n.Operand)),
        ConvertExpr c => new ConvertExpr(c.Type, Rewrite(c.Operand)),
        BinaryExpr b => RewriteBinary(b),
        CallExpr call => new CallExpr(call.Type, call.Function, call.Arguments.Select(Rewrite).ToEquatableArray()),
        SelectExpr s => RewriteSelect(s),
        _ => throw IrWalker.Unknown(e),
    };

    /// <summary>Left before right (evaluation order), then the node.</summary>
    private BinaryExpr RewriteBinary(BinaryExpr b)
    {
        Expr left = Rewrite(b.Left);
        return new BinaryExpr(b.Type, b.Op, left, Rewrite(b.Right));
    }

    /// <summary>A select: the condition, then both arms. Override to fold a decided condition.</summary>
    protected virtual Expr RewriteSelect(SelectExpr s)
    {
        Cond condition = Rewrite(s.Condition);
        Expr whenTrue = Rewrite(s.WhenTrue);
        return new SelectExpr(s.Type, condition, whenTrue, Rewrite(s.WhenFalse));
    }

    public virtual Cond Rewrite(Cond c) => c switch
    {
        BoolConstCond or FlagCond => c,
        IntCompareCond k => new IntCompareCond(k.Op, Rewrite(k.Left), Rewrite(k.Right)),
        CompareCond k => RewriteCompare(k),
        LogicalCond l => RewriteLogical(l),
        NotCond n => new NotCond(Rewrite(n.Operand)),
        _ => throw IrWalker.Unknown(c),
    };

    private CompareCond RewriteCompare(CompareCond k)
    {
        Expr left = Rewrite(k.Left);
        return new CompareCond(k.Op, left, Rewrite(k.Right));
    }

    private LogicalCond RewriteLogical(LogicalCond l)
    {
        Cond left = Rewrite(l.Left);
        return new LogicalCond(l.IsAnd, left, Rewrite(l.Right));
    }
}
