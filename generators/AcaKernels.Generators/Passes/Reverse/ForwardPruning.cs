using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// Dead-code elimination of a VJP's forward sweep. The sweep is f without its writes to dz, so it still computes
/// every value f computes, also those only dz needed: in conv → tanh → conv the second convolution, whose result
/// the reverse sweep never reads (its adjoint rule reads the hidden values and the weights, not the sum). Kept are
/// the values the reverse sweep reads, and, to a fixed point, the values those are computed from; per variable
/// (a scalar, or a whole local array), flow-insensitive, hence conservative. An assignment to any other variable
/// is dropped from the forward sweep, with its tape save and the reverse sweep's restore of it, and loops and
/// branches left empty go too. Branch decisions are always saved (the reverse sweep follows them). What is kept
/// is computed by the same statements in the same order, so every kept value has the same bits as before.
/// </summary>
internal static class ForwardPruning
{
    /// <summary>The forward sweep without the assignments nothing in <paramref name="reverse"/> needs, and
    /// <paramref name="reverse"/> without the restores of variables no longer computed.</summary>
    public static (List<Stmt> Forward, List<Stmt> Reverse) Prune(List<Stmt> forward, List<Stmt> reverse)
    {
        var needed = new Reads();
        foreach (Stmt statement in reverse) needed.Visit(statement);
        // Branch decisions are read by the reverse sweep whatever they test.
        foreach (Stmt statement in forward) new FlagConditions(needed).Visit(statement);
        int before;
        do
        {
            before = needed.Count;
            foreach (Stmt statement in forward) new KeptReads(needed).Visit(statement);
        }
        while (needed.Count != before);
        return (Keep(forward, needed, restores: false), Keep(reverse, needed, restores: true));
    }

    /// <summary>Whether an assignment writes a variable that is needed (tape saves: whether the value saved is).
    /// With <paramref name="restores"/> (the reverse sweep) only restores from the tape can be dropped.</summary>
    private static bool Needed(AssignStmt assign, Reads needed, bool restores)
    {
        if (restores && !IsRestore(assign.Value)) return true;
        return assign.Target switch
        {
            LocalTarget l => needed.Scalars.Contains(l.Variable),
            ArrayTarget a => needed.Arrays.Contains(a.Array),
            TapeTarget => AllNeeded(assign.Value, needed),
            _ => true,
        };
    }

    private static bool IsRestore(Expr value) => value is TapeExpr || value is ConvertExpr { Operand: TapeExpr };

    private static bool AllNeeded(Expr value, Reads needed)
    {
        var reads = new Reads();
        reads.Visit(value);
        return reads.Scalars.All(needed.Scalars.Contains) && reads.Arrays.All(needed.Arrays.Contains);
    }

    private static List<Stmt> Keep(IEnumerable<Stmt> statements, Reads needed, bool restores)
    {
        var kept = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    if (Needed(assign, needed, restores)) kept.Add(assign);
                    break;
                case ForStmt loop:
                    List<Stmt> body = Keep(loop.Body.Statements, needed, restores);
                    if (body.Count != 0) kept.Add(loop with { Body = new Block(body.ToEquatableArray()) });
                    break;
                case IfStmt branch:
                    List<Stmt> then = Keep(branch.Then.Statements, needed, restores), otherwise = Keep(branch.Else.Statements, needed, restores);
                    if (then.Count != 0 || otherwise.Count != 0)
                        kept.Add(branch with { Then = new Block(then.ToEquatableArray()), Else = new Block(otherwise.ToEquatableArray()) });
                    break;
                case GroupStmt group:
                    List<Stmt> inner = Keep(group.Body.Statements, needed, restores);
                    if (inner.Count != 0) kept.Add(group with { Body = new Block(inner.ToEquatableArray()) });
                    break;
                default:
                    kept.Add(statement);
                    break;
            }
        }
        return kept;
    }

    /// <summary>The scalars and local arrays read by what it visits.</summary>
    private sealed class Reads : IrWalker
    {
        public HashSet<int> Scalars { get; } = new();
        public HashSet<int> Arrays { get; } = new();
        public int Count => Scalars.Count + Arrays.Count;

        public override void Visit(Stmt statement)
        {
            // x += v reads x too.
            if (statement is AssignStmt { Op: not AssignOp.Set } compound)
            {
                if (compound.Target is LocalTarget l) Scalars.Add(l.Variable);
                else if (compound.Target is ArrayTarget a) Arrays.Add(a.Array);
            }
            base.Visit(statement);
        }

        public override void Visit(Expr e)
        {
            if (e is LocalExpr l) Scalars.Add(l.Variable);
            else if (e is ArrayExpr a) Arrays.Add(a.Array);
            base.Visit(e);
        }
    }

    /// <summary>Adds the reads of every saved branch condition.</summary>
    private sealed class FlagConditions(Reads needed) : IrWalker
    {
        public override void Visit(Stmt statement)
        {
            if (statement is SaveFlagStmt save) needed.Visit(save.Condition);
            base.Visit(statement);
        }
    }

    /// <summary>Adds the reads of the forward assignments that are kept (their values, and a compound
    /// assignment's old value, which its target being needed already covers).</summary>
    private sealed class KeptReads(Reads needed) : IrWalker
    {
        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt assign)
            {
                if (Needed(assign, needed, restores: false)) needed.Visit(assign.Value);
                return;
            }
            base.Visit(statement);
        }
    }
}
