using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Writes IR statements as lane code, with if-conversion. A branch on loop counters (the same in every lane)
/// stays an <c>if</c>; in straight-line bodies the unroller has already decided it. A branch on reals becomes a
/// pair of masks, Then = outer ∧ c and Else = outer ∧ ¬c, and both sides run for every lane: each assignment
/// under a mask m writes <c>x = ConditionalSelect(m, new, x)</c>, so a lane takes exactly the new values of the
/// side the scalar code runs for it and keeps its old values otherwise. The sides are pure (no calls with
/// effects, every index proved in range), so running the other side only costs time; what it computes in a lane
/// that does not take it (a division by zero, a NaN) is discarded by the select.
/// </summary>
internal sealed class LaneStatementEmitter(CodeWriter code, LaneExpressionWriter writer)
{
    private int _masks;

    /// <summary>Top-level assignments that declare their scalar (straight-line code; see <see cref="FirstAssignments"/>).</summary>
    public HashSet<AssignStmt>? Declaring { get; init; }

    /// <summary>Assignments not to print (unread temporaries, see <see cref="LaneVjpPrinter"/>).</summary>
    public HashSet<AssignStmt>? Skip { get; init; }

    /// <summary>Name prefix of mask locals: a generated stem (no user name has it) that nothing else generated uses
    /// (the VJP's saved branch decisions are br0, br1, …).</summary>
    private const string MaskStem = "ao";

    /// <summary>Appended to every mask local's name: two emitters printing into one scope (the two lane groups of a
    /// pair kernel) keep their masks apart by it.</summary>
    public string MaskSuffix { get; init; } = "";

    /// <summary>Declares the locals of <paramref name="function"/> as vectors: scalars and, in straight-line code,
    /// each array element (A_3); in loop code each array as a cleared buffer of vectors, on the stack or, given
    /// <paramref name="workspace"/>, in it. Scalars in <paramref name="declaredLater"/> are declared by their first
    /// assignment instead.</summary>
    public static void DeclareLocals(IrFunction function, CodeWriter code, LaneExpressionWriter writer, HashSet<AssignStmt>? declaredLater = null,
        LaneWorkspace? workspace = null)
    {
        LaneTarget target = writer.Target;
        ScalarExpressionWriter leaves = writer.Leaves;
        var later = new HashSet<int>((declaredLater ?? []).Select(a => ((LocalTarget)a.Target).Variable));
        foreach (ScalarVariable s in function.Scalars)
            if (!later.Contains(s.Id))
                code.Line($"{target.VectorType} {leaves.Scalar(s.Id)} = {target.Zero};");
        foreach (ArrayVariable a in function.Arrays)
        {
            if (leaves.Registers is not null)
                code.Line($"{target.VectorType} " + string.Join(", ",
                    Enumerable.Range(0, a.Length).Select(i => $"{leaves.Element(a.Id, Affine.Of(i))} = {target.Zero}")) + ";");
            else if (workspace is not null)
                workspace.Declare(leaves.Array(a.Id), a.Length, zeroed: true);
            else
                ScalarStatementEmitter.ZeroedVectorStackArray(code, target.VectorType, leaves.Array(a.Id), a.Length);
        }
    }

    public void Emit(Block block, string? mask = null)
    {
        foreach (Stmt statement in block.Statements) Emit(statement, mask);
    }

    /// <summary>One top-level statement (a pair kernel alternates two emitters statement by statement).</summary>
    public void Emit(Stmt statement) => Emit(statement, mask: null);

    private string NextMask() => MaskStem + _masks++ + MaskSuffix;

    private void Emit(Stmt statement, string? mask)
    {
        switch (statement)
        {
            case AssignStmt assign:
                EmitAssign(assign, mask);
                break;
            case ForStmt loop:
                code.Open(ScalarStatementEmitter.LoopHeader(loop, writer.Leaves.Loop(loop.LoopVariable)));
                writer.Leaves.Indices?.Enter(loop, code, writer.Leaves);
                Emit(loop.Body, mask);
                writer.Leaves.Indices?.Exit(loop);
                code.Close();
                break;
            case IfStmt branch when LaneExpressionWriter.IsUniform(branch.Condition):
                code.Open($"if ({writer.Leaves.Write(branch.Condition)})");
                Emit(branch.Then, mask);
                code.Close();
                if (branch.Else.Statements.Count != 0)
                {
                    code.Open("else");
                    Emit(branch.Else, mask);
                    code.Close();
                }
                break;
            case SaveFlagStmt save:
                // A lane that does not reach the branch keeps false, as the scalar flag does.
                string decision = writer.Mask(save.Condition);
                code.Line($"{writer.Leaves.Flag(save.Slot)} = {(mask is null ? decision : $"{mask} & {decision}")};");
                break;
            case GroupStmt group:
                code.Begin();
                Emit(group.Body, mask);
                code.Close();
                break;
            case IfStmt branch:
                string condition = NextMask(), whenTrue = condition;
                code.Line($"// if ({writer.Leaves.Write(branch.Condition)}), if-converted: both sides run, each lane keeps its side's values.");
                code.Line($"{writer.Target.VectorType} {condition} = {writer.Mask(branch.Condition)};");
                if (mask is not null)
                {
                    whenTrue = NextMask();
                    code.Line($"{writer.Target.VectorType} {whenTrue} = {mask} & {condition};");
                }
                Emit(branch.Then, whenTrue);
                if (branch.Else.Statements.Count != 0)
                {
                    string whenFalse = NextMask();
                    code.Line($"{writer.Target.VectorType} {whenFalse} = {(mask is null ? "~" + condition : writer.Target.Call("AndNot", mask, condition))};");
                    Emit(branch.Else, whenFalse);
                }
                break;
        }
    }

    private void EmitAssign(AssignStmt assign, string? mask)
    {
        if (Skip?.Contains(assign) == true) return;
        string target = assign.Target switch
        {
            LocalTarget l => writer.Leaves.Scalar(l.Variable),
            ArrayTarget a => writer.Leaves.Element(a.Array, a.Index),
            OutputTarget o => writer.Leaves.Output(o.Index),
            TapeTarget t => writer.Leaves.Tape(t.Slot),
            GradientTarget g => writer.Leaves.Gradient(g.Input, g.Index),
            _ => throw new InvalidOperationException("No lane form for " + assign.Target.GetType().Name),
        };
        if (assign.Op == AssignOp.MultiplyAdd)
        {
            // target = fma(a, b, target) per lane; under a mask the lanes that skip the branch keep the target.
            var product = (BinaryExpr)assign.Value;
            string fused = writer.Target.Sums.Fma(writer.Write(product.Left), writer.Write(product.Right), target);
            code.Line($"{target} = {(mask is null ? fused : writer.Target.Select(mask, fused, target))};");
            return;
        }
        string value = writer.Write(assign.Value);
        bool declares = Declaring?.Contains(assign) == true;
        // A declaration needs no select: the new local is read only by later statements under the same mask (a
        // VJP temporary lives in its group), and what it holds in the other lanes is discarded there.
        if (mask is null || declares)
        {
            string op = assign.Op switch { AssignOp.Set => " = ", AssignOp.Add => " += ", _ => " -= " };
            code.Line((declares ? writer.Target.VectorType + " " : "") + target + op + value + ";");
            return;
        }
        // x op= v is x = x op (v) in C#, lane by lane too; the select keeps x where the lane skips the branch.
        string updated = assign.Op switch
        {
            AssignOp.Set => value,
            AssignOp.Add => $"{target} + ({value})",
            _ => $"{target} - ({value})",
        };
        code.Line($"{target} = {writer.Target.Select(mask, updated, target)};");
    }
}
