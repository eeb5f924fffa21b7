using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes IR statements as scalar C# in forward order. Used for Evaluate (plain), and for the forward sweep of
/// the VJP (with a <see cref="TapePlan"/>: writes to dz are dropped, overwritten values and branch decisions
/// are saved).
/// </summary>
internal sealed class ScalarStatementEmitter(CodeWriter code, ScalarExpressionWriter writer, TapePlan? plan)
{
    private readonly List<ForStmt> _loops = new();

    /// <summary>Declares every scalar local and local array once, at the top (IR locals have unique names).</summary>
    public static void DeclareLocals(IrFunction function, CodeWriter code)
    {
        foreach (ScalarVariable s in function.Scalars)
            code.Line($"{Literals.TypeName(s.Type)} {s.Name} = {Literals.Of(s.Type, 0)};");
        foreach (ArrayVariable a in function.Arrays)
            ZeroedStackArray(code, Literals.TypeName(a.Type), a.Name, a.Length);
    }

    /// <summary>
    /// Declares a stack array that starts at zero. stackalloc zeroes only when the module keeps the locals-init
    /// flag; under <c>[module: SkipLocalsInit]</c> it holds whatever the stack held (adjoint arrays accumulate
    /// with +=, so they must start at zero), hence the explicit Clear whatever the module's attributes.
    /// </summary>
    public static void ZeroedStackArray(CodeWriter code, string type, string name, int length)
    {
        code.Line($"global::System.Span<{type}> {name} = stackalloc {type}[{length}];");
        code.Line($"{name}.Clear();");
    }

    /// <summary>Top-level assignments that declare their scalar (register code; see <see cref="FirstAssignments"/>).</summary>
    public HashSet<AssignStmt>? Declaring { get; init; }

    /// <summary>Declares the locals of register code: user scalars and every array element as a scalar. Scalars
    /// in <paramref name="declaredLater"/> are declared by their first assignment instead.</summary>
    public static void DeclareLocals(IrFunction function, CodeWriter code, ScalarExpressionWriter writer, HashSet<AssignStmt>? declaredLater = null)
    {
        if (writer.Registers is null)
        {
            DeclareLocals(function, code);
            return;
        }
        var later = new HashSet<int>((declaredLater ?? []).Select(a => ((LocalTarget)a.Target).Variable));
        foreach (ScalarVariable s in function.Scalars)
            if (!later.Contains(s.Id))
                code.Line($"{Literals.TypeName(s.Type)} {writer.Scalar(s.Id)} = {Literals.Of(s.Type, 0)};");
        foreach (ArrayVariable a in function.Arrays)
            code.Line($"{Literals.TypeName(a.Type)} " + string.Join(", ",
                Enumerable.Range(0, a.Length).Select(i => $"{writer.Element(a.Id, Affine.Of(i))} = {Literals.Of(a.Type, 0)}")) + ";");
    }

    /// <summary>Tape slot <paramref name="slot"/>: "tape[slot]", or the local "tp5" in register code.</summary>
    public static string Tape(string slot, ScalarExpressionWriter writer) =>
        writer.Registers is null ? $"tape[{slot}]" : "tp" + slot;

    /// <summary>Branch slot <paramref name="slot"/>: "branches[slot]", or the local "br5" in register code.</summary>
    public static string Branch(string slot, ScalarExpressionWriter writer) =>
        writer.Registers is null ? $"branches[{slot}]" : "br" + slot;

    /// <summary>The tape slot of the current execution of a site whose run starts at <paramref name="baseSlot"/>.</summary>
    public static string Slot(long baseSlot, IReadOnlyList<ForStmt> loops, ScalarExpressionWriter writer)
    {
        string text = baseSlot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long stride = 1;
        for (int k = loops.Count - 1; k >= 0; k--)
        {
            ForStmt loop = loops[k];
            string counter = writer.Loop(loop.LoopVariable);
            string iteration = loop.Step switch
            {
                1 => loop.Start == 0 ? counter : $"({counter} - {loop.Start})",
                -1 => $"({loop.Start} - {counter})",
                _ => $"(({counter} - {loop.Start}) / {loop.Step})",
            };
            text += stride == 1 ? " + " + iteration : $" + {stride} * {iteration}";
            stride = checked(stride * loop.Trips);
        }
        return text;
    }

    public void Emit(Block block)
    {
        foreach (Stmt statement in block.Statements) Emit(statement);
    }

    private void Emit(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assign:
                EmitAssign(assign);
                break;
            case ForStmt loop:
                code.Open(LoopHeader(loop, writer.Loop(loop.LoopVariable), reverse: false));
                _loops.Add(loop);
                Emit(loop.Body);
                _loops.RemoveAt(_loops.Count - 1);
                code.Close();
                break;
            case IfStmt branch:
                string condition = writer.Write(branch.Condition);
                if (plan is not null)
                {
                    string flag = Branch(Slot(plan.BranchSlots[branch], _loops, writer), writer);
                    code.Line($"{flag} = {condition};");
                    condition = flag;
                }
                code.Open($"if ({condition})");
                Emit(branch.Then);
                code.Close();
                if (branch.Else.Statements.Count != 0)
                {
                    code.Open("else");
                    Emit(branch.Else);
                    code.Close();
                }
                break;
        }
    }

    private void EmitAssign(AssignStmt assign)
    {
        if (plan is not null && assign.Target is OutputTarget) return;
        string target = Target(assign.Target, writer);
        if (plan is not null && plan.SaveSlots.TryGetValue(assign, out long slot))
            code.Line($"{Tape(Slot(slot, _loops, writer), writer)} = {target};");
        string op = assign.Op switch { AssignOp.Set => " = ", AssignOp.Add => " += ", _ => " -= " };
        string declare = Declaring?.Contains(assign) == true ? Literals.TypeName(assign.Value.Type) + " " : "";
        code.Line(declare + target + op + writer.Write(assign.Value) + ";");
    }

    public static string Target(Target target, ScalarExpressionWriter writer) => target switch
    {
        LocalTarget l => writer.Scalar(l.Variable),
        ArrayTarget a => writer.Element(a.Array, a.Index),
        OutputTarget o => writer.Output(o.Index),
        _ => throw new InvalidOperationException("Unknown target"),
    };

    /// <summary>"for (int i = 0; i &lt; 3; i++)", or the same iterations in reverse order.</summary>
    public static string LoopHeader(ForStmt loop, string counter, bool reverse)
    {
        int first = reverse ? loop.Last : loop.Start, last = reverse ? loop.Start : loop.Last;
        int step = reverse ? -loop.Step : loop.Step;
        string condition = step switch
        {
            1 => $"{counter} < {last + 1}",
            -1 => $"{counter} > {last - 1}",
            > 0 => $"{counter} <= {last}",
            _ => $"{counter} >= {last}",
        };
        string increment = step switch { 1 => counter + "++", -1 => counter + "--", > 0 => $"{counter} += {step}", _ => $"{counter} -= {-step}" };
        return $"for (int {counter} = {first}; {condition}; {increment})";
    }
}
