using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// Which assignments <c>x = e</c> let their reverse sweep read e's value back from x instead of computing e again.
/// The derivative of a quotient reads the quotient, that of √, exp, tanh, pow… reads the call's result: before this
/// pass the reverse sweep recomputed them (the three-body's c = 1/(r·r·r) and r = √(dx² + dy²) cost a second divide
/// and square root per pair in every VJP). Reading x is exact (the forward sweep computed x by the same operations,
/// so the value is the same bits) when x still holds that value when the reverse sweep reaches the assignment: every
/// later write to x must have been undone by then, that is saved on the tape. Reuse is therefore chosen only where
/// it costs no tape: an assignment is a candidate when it is live, a plain <c>=</c> of a value whose root is a call
/// or a quotient by a non-constant (the nodes whose value the rules read), of the target's own type; the tape plan is
/// made again with the candidates reading their results (<see cref="TapePlanner"/>), and a variable whose writes
/// that makes save anything more keeps recomputing. What remains reuses for free: a local assigned once outside
/// loops, or a value already taped by its next write (the MLP's <c>h[i] = tanh(h[i])</c>).
/// </summary>
internal static class ResultReuse
{
    /// <summary>The assignments of <paramref name="f"/> whose reverse reads their result, and the tape plan (the
    /// same saves as <see cref="TapePlanner.Plan(IrFunction)"/>'s, as the budget check counted them, less those of the
    /// <paramref name="recomputed"/> loops).</summary>
    public static (HashSet<AssignStmt> Reused, TapePlan Plan) Choose(IrFunction f, AdjointLiveness liveness, HashSet<ForStmt> recomputed)
    {
        TapePlan plain = TapePlanner.Plan(f, new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance), recomputed);
        var candidates = new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
        new Candidates(f, liveness, candidates).Visit(f.Body);
        if (candidates.Count == 0) return (candidates, plain);

        TapePlan trial = TapePlanner.Plan(f, candidates, recomputed);
        var costly = new HashSet<VariableRef>();
        foreach (AssignStmt saved in trial.SaveSlots.Keys)
            if (!plain.SaveSlots.ContainsKey(saved) && Variable(saved.Target) is VariableRef variable) costly.Add(variable);
        candidates.RemoveWhere(c => costly.Contains(Variable(c.Target)!.Value));
        if (candidates.Count == 0) return (candidates, plain);

        // A variable's saves depend only on the reads of that variable, so the others' plans are the plain one.
        TapePlan plan = TapePlanner.Plan(f, candidates, recomputed);
        bool same = plan.TapeLength == plain.TapeLength && plan.SaveSlots.Count == plain.SaveSlots.Count
            && plan.SaveSlots.All(s => plain.SaveSlots.TryGetValue(s.Key, out long slot) && slot == s.Value);
        return same ? (candidates, plan) : (new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance), plain);
    }

    /// <summary>Whether the reverse rule of <paramref name="value"/>'s root reads the root's own value: a call, or a
    /// quotient whose divisor is not constant (see <c>AssignmentSweep.Primal</c>).</summary>
    public static bool RootValueRead(Expr value) =>
        !Dependencies.IsConstant(value) && value switch
        {
            CallExpr => true,
            BinaryExpr { Op: BinaryOp.Divide } b => !Dependencies.IsConstant(b.Right),
            _ => false,
        };

    private static VariableRef? Variable(Target target) => target switch
    {
        LocalTarget l => new VariableRef(false, l.Variable),
        ArrayTarget a => new VariableRef(true, a.Array),
        _ => null,
    };

    private sealed class Candidates(IrFunction f, AdjointLiveness liveness, HashSet<AssignStmt> found) : IrWalker
    {
        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt assign)
            {
                if (assign.Op == AssignOp.Set && liveness.IsLive(assign) && RootValueRead(assign.Value)
                    && TargetType(assign.Target) == assign.Value.Type)
                    found.Add(assign);
                return;
            }
            base.Visit(statement);
        }

        private ScalarType? TargetType(Target target) => target switch
        {
            LocalTarget l => f.Scalars[l.Variable].Type,
            ArrayTarget a => f.Arrays[a.Array].Type,
            _ => null,
        };
    }
}
