namespace AcaKernels.Generators.Ir;

/// <summary>
/// Visits every node of a body in evaluation order (statement, then its target, then its value; a branch's
/// condition before its blocks). Override a Visit method to look at one kind of node and call base to go on
/// into its children. An IR node this walker does not know is an error, so that a construct added to the IR
/// without being added here cannot be skipped silently by every analysis built on it.
/// </summary>
internal abstract class IrWalker
{
    public virtual void Visit(Block block)
    {
        foreach (Stmt statement in block.Statements) Visit(statement);
    }

    public virtual void Visit(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assign:
                Visit(assign.Target);
                Visit(assign.Value);
                break;
            case ForStmt loop:
                Visit(loop.Body);
                break;
            case IfStmt branch:
                Visit(branch.Condition);
                Visit(branch.Then);
                Visit(branch.Else);
                break;
            case SaveFlagStmt save:
                Visit(save.Condition);
                break;
            case GroupStmt group:
                Visit(group.Body);
                break;
            default:
                throw Unknown(statement);
        }
    }

    public virtual void Visit(Target target)
    {
        switch (target)
        {
            case LocalTarget or ArrayTarget or OutputTarget or TapeTarget or GradientTarget:
                break;
            default:
                throw Unknown(target);
        }
    }

    public virtual void Visit(Expr e)
    {
        switch (e)
        {
            case ConstExpr or TimeExpr or InputExpr or LocalExpr or ArrayExpr or IntToRealExpr or TableExpr or PlaceholderExpr or TapeExpr:
                break;
            case NegateExpr n:
                Visit(n.Operand);
                break;
            case ConvertExpr c:
                Visit(c.Operand);
                break;
            case BinaryExpr b:
                Visit(b.Left);
                Visit(b.Right);
                break;
            case CallExpr call:
                foreach (Expr argument in call.Arguments) Visit(argument);
                break;
            case SelectExpr s:
                Visit(s.Condition);
                Visit(s.WhenTrue);
                Visit(s.WhenFalse);
                break;
            default:
                throw Unknown(e);
        }
    }

    public virtual void Visit(Cond c)
    {
        switch (c)
        {
            case IntCompareCond or BoolConstCond or FlagCond:
                break;
            case CompareCond k:
                Visit(k.Left);
                Visit(k.Right);
                break;
            case LogicalCond l:
                Visit(l.Left);
                Visit(l.Right);
                break;
            case NotCond n:
                Visit(n.Operand);
                break;
            default:
                throw Unknown(c);
        }
    }

    internal static InvalidOperationException Unknown(object node) =>
        new("IR node " + node.GetType().Name + " is unknown to the IR walker/rewriter; add it there (Ir/IrWalker.cs, Ir/IrRewriter.cs).");
}
