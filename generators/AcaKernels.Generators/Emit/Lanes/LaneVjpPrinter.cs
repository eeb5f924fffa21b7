using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Prints the VJP IR of a straight-line body (<see cref="ReverseMode"/> on <see cref="RegisterForm.Straight"/>) in
/// lane form, the lane twin of <see cref="ScalarVjpPrinter.EmitRegisterBody"/>: the same statements and names, with
/// every value, tape slot and adjoint a vector local and each saved branch decision a mask (br0, br1, …). The
/// forward sweep's branches and the reverse sweep's branches on saved decisions are if-converted, so a lane takes
/// exactly the adjoint updates of the path the scalar VJP follows at its arguments.
/// </summary>
internal static class LaneVjpPrinter
{
    /// <summary>Writes the VJP inline with the leaves of <paramref name="registers"/> (∂/∂t into a local tBar when
    /// <see cref="RegisterScope.TimeGradient"/> is set and <paramref name="vjp"/> accumulates it); returns the math
    /// functions it calls. With <paramref name="liveRanges"/> the seeds and the state gradients' accumulators are printed
    /// where the reverse sweep first needs them (see <see cref="StageVjpLiveRanges"/>), where it can tell.</summary>
    public static IEnumerable<Functions.MathFunction> EmitRegisterBody(VjpFunction vjp, UserNames names, RegisterScope registers,
        LaneTarget target, CodeWriter code, StageVjpLiveRanges? liveRanges = null)
    {
        IrFunction f = vjp.Function;
        string v = target.VectorType;
        var leaves = new ScalarExpressionWriter(f, registers, ScalarVjpPrinter.Names(vjp, names.Scalars, names.Arrays, vjp.Primal, names))
        {
            ElementNames = new Dictionary<int, Func<int, string>> { [vjp.OutputAdjoint] = j => "db" + j },
        };
        var writer = new LaneExpressionWriter(target, leaves);
        Block forward = vjp.Forward;
        HashSet<AssignStmt> declaring = FirstAssignments.Find(forward);
        LaneStatementEmitter.DeclareLocals(vjp.Primal, code, writer, declaring);
        if (vjp.TapeLength > 0)
            code.Line($"{v} " + string.Join(", ", Enumerable.Range(0, checked((int)vjp.TapeLength)).Select(i => $"tp{i} = {target.Zero}")) + ";");
        if (vjp.BranchLength > 0)
            code.Line($"{v} " + string.Join(", ", Enumerable.Range(0, checked((int)vjp.BranchLength)).Select(i => $"br{i} = {target.Zero}")) + ";");
        HashSet<AssignStmt> temporaries = ScalarVjpPrinter.Temporaries(vjp);
        declaring.UnionWith(temporaries);
        var statements = new LaneStatementEmitter(code, writer) { Declaring = declaring, Skip = Unread(vjp.Function.Body, temporaries) };
        statements.Emit(forward);
        code.Line("// Reverse sweep.");
        if (registers.TimeGradient) code.Line($"{v} {leaves.Scalar(vjp.TimeAdjoint)} = {target.Zero};");
        foreach (int id in vjp.ScalarAdjoints)
            code.Line($"{v} {leaves.Scalar(id)} = {target.Zero};");
        foreach (int id in vjp.ArrayAdjoints)
            code.Line($"{v} " + string.Join(", ", Enumerable.Range(0, f.Arrays[id].Length)
                .Select(i => $"{leaves.Element(id, Affine.Of(i))} = {target.Zero}")) + ";");
        if (liveRanges is not null && StageVjpLiveRanges.Touches(vjp) is { } touches)
        {
            EmitReverseByLiveRange(vjp, registers, liveRanges, touches, v, target.Zero, leaves, statements, code);
            return writer.UsedFunctions;
        }
        code.Line($"{v} " + string.Join(", ", Enumerable.Range(0, f.StateSize)
            .Select(j => $"{leaves.Element(vjp.OutputAdjoint, Affine.Of(j))} = {registers.Seed(j)}")) + ";");
        statements.Emit(vjp.Reverse);
        return writer.UsedFunctions;
    }

    /// <summary>The reverse sweep statement by statement, each seed printed before the first statement that touches it,
    /// each state gradient's accumulator declared before the first and finished after the last (untouched ones, which
    /// stay 0, at the end): the same statements in the same order.</summary>
    private static void EmitReverseByLiveRange(VjpFunction vjp, RegisterScope registers, StageVjpLiveRanges liveRanges,
        List<(HashSet<int> Seeds, HashSet<int> Gradients)> touches, string v, string zero, ScalarExpressionWriter leaves,
        LaneStatementEmitter statements, CodeWriter code)
    {
        int n = vjp.Function.StateSize;
        var last = new int[n];
        for (int j = 0; j < n; j++) last[j] = -1;
        for (int k = 0; k < touches.Count; k++)
            foreach (int j in touches[k].Gradients) last[j] = k;
        var seeded = new bool[n];
        var declared = new bool[n];
        var statementList = vjp.Reverse.Statements;
        for (int k = 0; k < touches.Count; k++)
        {
            foreach (int j in touches[k].Seeds.OrderBy(j => j))
                if (!seeded[j])
                {
                    seeded[j] = true;
                    foreach (string line in liveRanges.Seed(j, leaves.Element(vjp.OutputAdjoint, Affine.Of(j)))) code.Line(line);
                }
            foreach (int j in touches[k].Gradients.OrderBy(j => j))
                if (!declared[j])
                {
                    declared[j] = true;
                    code.Line($"{v} {registers.GradState(j)} = {zero};");
                }
            statements.Emit(statementList[k]);
            foreach (int j in touches[k].Gradients.OrderBy(j => j))
                if (last[j] == k) liveRanges.Finish(j);
        }
        for (int j = 0; j < n; j++)
            if (!declared[j])
            {
                code.Line($"{v} {registers.GradState(j)} = {zero};");
                liveRanges.Finish(j);
            }
    }

    /// <summary>
    /// The temporaries nothing reads (the pass names every intermediate value an adjoint rule might read; Atan2's
    /// rule, say, does not read its result). Scalar code leaves them to the JIT, which drops an unused Math call;
    /// a lane fallback helper is an opaque call it cannot drop, so the printer leaves them out (each is assigned
    /// once and pure). Repeated until no temporary read only by dropped ones is left.
    /// </summary>
    internal static HashSet<AssignStmt> Unread(Block body, HashSet<AssignStmt> temporaries)
    {
        var dropped = new HashSet<AssignStmt>(Passes.ReferenceComparer<AssignStmt>.Instance);
        while (true)
        {
            var reads = new Reads(dropped);
            reads.Visit(body);
            int before = dropped.Count;
            foreach (AssignStmt temporary in temporaries)
                if (!reads.Variables.Contains(((LocalTarget)temporary.Target).Variable)) dropped.Add(temporary);
            if (dropped.Count == before) return dropped;
        }
    }

    /// <summary>The scalar variables read by the statements not in <paramref name="dropped"/>.</summary>
    private sealed class Reads(HashSet<AssignStmt> dropped) : IrWalker
    {
        public HashSet<int> Variables { get; } = new();

        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt assign && dropped.Contains(assign)) return;
            base.Visit(statement);
        }

        public override void Visit(Expr e)
        {
            if (e is LocalExpr local) Variables.Add(local.Variable);
            base.Visit(e);
        }
    }
}
