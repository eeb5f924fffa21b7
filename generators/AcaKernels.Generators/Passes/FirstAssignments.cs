using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// In a straight-line body: the top-level plain assignments that are the first mention of their scalar, so the
/// register emitters declare the local there ("double x = …;") instead of "double x = 0;" plus "x = …;".
/// Nothing earlier reads or writes the scalar and the value does not read it, so the meaning is unchanged.
/// </summary>
internal static class FirstAssignments
{
    public static HashSet<AssignStmt> Find(Block body)
    {
        var found = new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
        var mentioned = new HashSet<int>();
        foreach (Stmt statement in body.Statements)
        {
            if (statement is AssignStmt { Target: LocalTarget target, Op: AssignOp.Set } assign && !mentioned.Contains(target.Variable))
            {
                var reads = new HashSet<int>();
                Mentions(assign.Value, reads);
                if (!reads.Contains(target.Variable)) found.Add(assign);
            }
            Mentions(statement, mentioned);
        }
        return found;
    }

    private static void Mentions(Stmt statement, HashSet<int> ids)
    {
        switch (statement)
        {
            case AssignStmt assign:
                if (assign.Target is LocalTarget local) ids.Add(local.Variable);
                Mentions(assign.Value, ids);
                break;
            case ForStmt loop:
                foreach (Stmt inner in loop.Body.Statements) Mentions(inner, ids);
                break;
            case IfStmt branch:
                Mentions(branch.Condition, ids);
                foreach (Stmt inner in branch.Then.Statements) Mentions(inner, ids);
                foreach (Stmt inner in branch.Else.Statements) Mentions(inner, ids);
                break;
        }
    }

    private static void Mentions(Expr e, HashSet<int> ids)
    {
        switch (e)
        {
            case LocalExpr l:
                ids.Add(l.Variable);
                break;
            case NegateExpr n:
                Mentions(n.Operand, ids);
                break;
            case ConvertExpr c:
                Mentions(c.Operand, ids);
                break;
            case BinaryExpr b:
                Mentions(b.Left, ids);
                Mentions(b.Right, ids);
                break;
            case CallExpr call:
                foreach (Expr argument in call.Arguments) Mentions(argument, ids);
                break;
            case SelectExpr s:
                Mentions(s.Condition, ids);
                Mentions(s.WhenTrue, ids);
                Mentions(s.WhenFalse, ids);
                break;
        }
    }

    private static void Mentions(Cond c, HashSet<int> ids)
    {
        switch (c)
        {
            case CompareCond k:
                Mentions(k.Left, ids);
                Mentions(k.Right, ids);
                break;
            case LogicalCond l:
                Mentions(l.Left, ids);
                Mentions(l.Right, ids);
                break;
            case NotCond n:
                Mentions(n.Operand, ids);
                break;
        }
    }
}
