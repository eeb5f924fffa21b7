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
        var mentioned = new Mentions();
        foreach (Stmt statement in body.Statements)
        {
            if (statement is AssignStmt { Target: LocalTarget target, Op: AssignOp.Set } assign && !mentioned.Ids.Contains(target.Variable))
            {
                var reads = new Mentions();
                reads.Visit(assign.Value);
                if (!reads.Ids.Contains(target.Variable)) found.Add(assign);
            }
            mentioned.Visit(statement);
        }
        return found;
    }

    /// <summary>The scalars a node reads or writes.</summary>
    private sealed class Mentions : IrWalker
    {
        public HashSet<int> Ids { get; } = new();

        public override void Visit(Target target)
        {
            if (target is LocalTarget local) Ids.Add(local.Variable);
        }

        public override void Visit(Expr e)
        {
            if (e is LocalExpr l) Ids.Add(l.Variable);
            else base.Visit(e);
        }
    }
}
