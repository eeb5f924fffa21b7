using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// The values a straight-line VJP's reverse sweep computes again from inside a statement's value: the reverse group of
/// <c>dz[0] = p0 / (1 + Math.Pow(z[5], p3))</c> evaluates the pow and the quotient once more (their rules read their
/// own values), and that of <c>dz[0] = p0 − p1·Math.Exp(z[1])</c> the exponential. <see cref="ResultReuse"/> reads back
/// only a statement's root, from its target; a nested value has no variable of its own. A step VJP's replay evaluates
/// the same subexpressions at the same inputs, so it can keep them (<see cref="ReplayReuse"/>).
/// <para>Found here: in the reverse group of a top-level assignment, each temporary assigned a call or a quotient by a
/// non-constant whose value, once the group's earlier temporaries are written out, is structurally a subexpression of
/// the assignment's value outside any select (a select's arms are not both evaluated by every target). The group runs
/// with every variable restored to what it held when the assignment ran, so the temporary holds that subexpression's
/// forward value, bit for bit.</para>
/// </summary>
internal static class RecomputedValues
{
    /// <summary>Per top-level assignment of <paramref name="vjp"/>'s primal (by reference): its group's temporaries that
    /// recompute a subexpression of its value, each with that subexpression as the primal writes it.</summary>
    public static Dictionary<AssignStmt, List<(AssignStmt Temporary, Expr Value)>> Find(VjpFunction vjp)
    {
        var found = new Dictionary<AssignStmt, List<(AssignStmt, Expr)>>(ReferenceComparer<AssignStmt>.Instance);
        var topLevel = new HashSet<AssignStmt>(vjp.Primal.Body.Statements.OfType<AssignStmt>(), ReferenceComparer<AssignStmt>.Instance);
        foreach (Stmt statement in vjp.Reverse.Statements)
        {
            if (statement is not GroupStmt group || !topLevel.Contains(group.Origin)) continue;
            var subexpressions = new Subexpressions();
            subexpressions.Visit(group.Origin.Value);
            var expansions = new Dictionary<int, Expr>();
            var written = new HashSet<int>();
            var values = new List<(AssignStmt, Expr)>();
            foreach (Stmt inGroup in group.Body.Statements)
            {
                if (inGroup is not AssignStmt { Op: AssignOp.Set, Target: LocalTarget temporary } assign || temporary.Variable < vjp.FirstTemporary)
                    continue;
                // Temporaries are assigned once (VjpFunction); one written twice is left unexpanded, to match nothing.
                if (!written.Add(temporary.Variable))
                {
                    expansions.Remove(temporary.Variable);
                    continue;
                }
                Expr expanded = new Expansion(expansions).Rewrite(assign.Value);
                expansions[temporary.Variable] = expanded;
                if (ResultReuse.RootValueRead(expanded) && subexpressions.Found.Contains(expanded)) values.Add((assign, expanded));
            }
            if (values.Count != 0) found[group.Origin] = values;
        }
        return found;
    }

    /// <summary>An expression with the temporaries already expanded written out.</summary>
    private sealed class Expansion(Dictionary<int, Expr> expansions) : IrRewriter
    {
        public override Expr Rewrite(Expr e) =>
            e is LocalExpr local && expansions.TryGetValue(local.Variable, out Expr? expanded) ? expanded : base.Rewrite(e);
    }

    /// <summary>Every subexpression outside selects.</summary>
    private sealed class Subexpressions : IrWalker
    {
        public HashSet<Expr> Found { get; } = new();

        public override void Visit(Expr e)
        {
            if (e is SelectExpr) return;
            Found.Add(e);
            base.Visit(e);
        }
    }
}
