using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// The top-level loops whose iterations the GPU form's reverse sweep recomputes instead of restoring from the tape: a loop
/// whose body assigns only scalar locals that nothing outside it mentions, each assigned (<c>=</c>) before the body
/// reads it, and no branch, and that the tape would otherwise save values of (a loop whose values the reverse sweep
/// never reads, such as an output layer's sums, costs nothing as it is: the forward sweep drops it). Iteration k then depends only on k and the inputs, so the reverse sweep runs iteration k's
/// forward statements again just before its adjoint statements, and the forward sweep drops the loop. The tanh-MLP's
/// <c>for k: a = b₁[k] + Σⱼ W₁[k, j] z[j]; h = tanh(a); dz[i] += W₂[i, k] h</c> saves a and h of every unit (two tape
/// slots per unit: 64 floats per stage VJP, which a GPU keeps in off-chip local memory; the MLP's backward kernel had
/// 3.4 KB of it per thread, RESULTS §59): recomputed, no tape and the same number of tanh (the forward sweep computed
/// them once to save them; the reverse sweep computes them once instead). The recomputed values are made by the same
/// statements from the same inputs, so they have the same bits. The CPU forms keep the tape: there it stays in L1, and
/// a unit's tanh computed in the forward sweep overlaps the others' (the recomputed scalar VJP of a 4-16-4 MLP
/// measured 1.11× the taped one).
/// </summary>
internal static class RecomputedLoops
{
    public static HashSet<ForStmt> Find(IrFunction f)
    {
        var found = new HashSet<ForStmt>(ReferenceComparer<ForStmt>.Instance);
        IReadOnlyList<Stmt> top = f.Body.Statements;
        TapePlan taped = TapePlanner.Plan(f);
        for (int k = 0; k < top.Count; k++)
        {
            if (top[k] is not ForStmt loop) continue;
            var assigned = new Mentions();
            assigned.Visit(loop.Body);
            if (assigned.HasBranch || assigned.AssignsArray || assigned.AssignedScalars.Count == 0) continue;
            if (!assigned.Assignments.Any(taped.SaveSlots.ContainsKey)) continue;
            bool mentionedOutside = false;
            for (int j = 0; j < top.Count && !mentionedOutside; j++)
            {
                if (j == k) continue;
                var other = new Mentions();
                other.Visit(top[j]);
                mentionedOutside = other.Scalars.Overlaps(assigned.AssignedScalars);
            }
            if (mentionedOutside) continue;
            var defined = new HashSet<int>();
            if (DefinedBeforeRead(loop.Body, assigned.AssignedScalars, defined)) found.Add(loop);
        }
        return found;
    }

    /// <summary>Walks <paramref name="block"/> in program order (a nested loop's body once: its first iteration is the
    /// one with the fewest values defined): whether every read of a variable of <paramref name="iterationLocals"/>
    /// comes after a plain assignment to it.</summary>
    private static bool DefinedBeforeRead(Block block, HashSet<int> iterationLocals, HashSet<int> defined)
    {
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case ForStmt inner:
                    if (!DefinedBeforeRead(inner.Body, iterationLocals, defined)) return false;
                    break;
                case AssignStmt assign:
                    var reads = new Mentions();
                    reads.Visit(assign.Value);
                    if (assign.Op != AssignOp.Set && assign.Target is LocalTarget compound) reads.Scalars.Add(compound.Variable);
                    foreach (int variable in reads.Scalars)
                        if (iterationLocals.Contains(variable) && !defined.Contains(variable)) return false;
                    if (assign is { Op: AssignOp.Set, Target: LocalTarget set }) defined.Add(set.Variable);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>The scalars a node mentions (read or written), those it assigns, and whether it assigns a local array or
    /// holds a branch.</summary>
    private sealed class Mentions : IrWalker
    {
        public HashSet<int> Scalars { get; } = new();
        public HashSet<int> AssignedScalars { get; } = new();
        public List<AssignStmt> Assignments { get; } = new();
        public bool AssignsArray { get; private set; }
        public bool HasBranch { get; private set; }

        public override void Visit(Stmt statement)
        {
            if (statement is IfStmt) HasBranch = true;
            if (statement is AssignStmt assign) Assignments.Add(assign);
            base.Visit(statement);
        }

        public override void Visit(Target target)
        {
            if (target is LocalTarget l)
            {
                Scalars.Add(l.Variable);
                AssignedScalars.Add(l.Variable);
            }
            else if (target is ArrayTarget) AssignsArray = true;
            base.Visit(target);
        }

        public override void Visit(Expr e)
        {
            if (e is LocalExpr l) Scalars.Add(l.Variable);
            base.Visit(e);
        }
    }
}
