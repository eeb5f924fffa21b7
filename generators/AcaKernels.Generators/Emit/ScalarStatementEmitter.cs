using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes IR statements as scalar C# in order: Evaluate's body, and both sweeps of the VJP (see
/// <see cref="ScalarVjpPrinter"/>), whose tape slots, branch flags and gradient targets it prints as the form
/// asks (spans, or locals in register code).
/// </summary>
internal sealed class ScalarStatementEmitter(CodeWriter code, ScalarExpressionWriter writer)
{
    /// <summary>Declares every scalar local and local array once, at the top (IR locals have unique names).</summary>
    public static void DeclareLocals(IrFunction function, CodeWriter code)
    {
        foreach (ScalarVariable s in function.Scalars)
            code.Line($"{Literals.TypeName(s.Type)} {s.Name} = {Literals.Of(s.Type, 0)};");
        foreach (ArrayVariable a in function.Arrays)
            ZeroedStackArray(code, Literals.TypeName(a.Type), a.Name, a.Length);
    }

    /// <summary>
    /// Declares a scalar stack array that starts at zero. stackalloc zeroes only when the module keeps the
    /// locals-init flag; under <c>[SkipLocalsInit]</c> (which the generated struct carries where the compilation
    /// allows unsafe code) it holds whatever the stack held (adjoint arrays accumulate with +=, so they must start
    /// at zero), hence the explicit zeroing whatever the attributes. See <see cref="ZeroLoop"/> for why by a loop.
    /// </summary>
    public static void ZeroedStackArray(CodeWriter code, string type, string name, int length)
    {
        code.Line($"global::System.Span<{type}> {name} = stackalloc {type}[{length}];");
        ZeroLoop(code, name, length);
    }

    /// <summary>Declares a stack array of vectors (lane code) that starts at zero, cleared by Span.Clear.</summary>
    public static void ZeroedVectorStackArray(CodeWriter code, string type, string name, int length)
    {
        code.Line($"global::System.Span<{type}> {name} = stackalloc {type}[{length}];");
        code.Line($"{name}.Clear();");
    }

    /// <summary>
    /// Zeroes <paramref name="name"/>[0, <paramref name="length"/>) of a float or double span one element at a time.
    /// Not Span.Clear (nor CopyTo, see <see cref="CopyLoop"/>): the JIT inlines those as 256/512-bit moves, which
    /// leave the upper vector state dirty, and the Math.Log, Sin, … calls that follow in scalar code enter the C
    /// runtime without a vzeroupper; on this project's AVX-512 machine each such call then cost ~330 ns instead of
    /// ~15 (benchmarks/RESULTS.md, section V). The JIT does not vectorise this loop. The index name is reserved
    /// (<see cref="GeneratedNames"/>).
    /// </summary>
    public static void ZeroLoop(CodeWriter code, string name, int length) =>
        code.Line($"for (int {I} = 0; {I} < {length}; {I}++) {name}[{I}] = 0;");

    /// <summary>Copies <paramref name="source"/>[0, <paramref name="length"/>) to <paramref name="target"/> one
    /// element at a time, not by CopyTo, for the reason <see cref="ZeroLoop"/> gives.</summary>
    public static void CopyLoop(CodeWriter code, string source, string target, int length) =>
        code.Line($"for (int {I} = 0; {I} < {length}; {I}++) {target}[{I}] = {source}[{I}];");

    private const string I = GeneratedNames.ElementIndex;

    /// <summary>Assignments that declare their scalar ("double x = …;"): first assignments in register code
    /// (see <see cref="FirstAssignments"/>) and the VJP's temporaries.</summary>
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

    public void Emit(Block block)
    {
        foreach (Stmt statement in block.Statements) Emit(statement);
    }

    private void Emit(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assign:
                string declare = Declaring?.Contains(assign) == true ? Literals.TypeName(assign.Value.Type) + " " : "";
                code.Line(declare + Assignment(assign) + ";");
                break;
            case ForStmt loop:
                code.Open(LoopHeader(loop, writer.Loop(loop.LoopVariable)));
                writer.Indices?.Enter(loop, code, writer);
                Emit(loop.Body);
                writer.Indices?.Exit(loop);
                code.Close();
                break;
            case IfStmt branch:
                code.Open($"if ({writer.Write(branch.Condition)})");
                Emit(branch.Then);
                code.Close();
                if (branch.Else.Statements.Count != 0)
                {
                    code.Open("else");
                    Emit(branch.Else);
                    code.Close();
                }
                break;
            case SaveFlagStmt save:
                code.Line($"{writer.Flag(save.Slot)} = {writer.Write(save.Condition)};");
                break;
            case GroupStmt group:
                code.Begin();
                code.Line("// " + Shorten(Assignment(group.Origin)));
                Emit(group.Body);
                code.Close();
                break;
            default:
                throw IrWalker.Unknown(statement);
        }
    }

    private string Assignment(AssignStmt assign)
    {
        if (assign.Op == AssignOp.MultiplyAdd)
        {
            string accumulator = Target(assign.Target);
            return accumulator + " = " + writer.FusedMultiplyAdd((BinaryExpr)assign.Value, accumulator);
        }
        string op = assign.Op switch { AssignOp.Set => " = ", AssignOp.Add => " += ", _ => " -= " };
        return Target(assign.Target) + op + writer.Write(assign.Value);
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text.Substring(0, 97) + "...";

    private string Target(Target target) => target switch
    {
        LocalTarget l => writer.Scalar(l.Variable),
        ArrayTarget a => writer.Element(a.Array, a.Index),
        OutputTarget o => writer.Output(o.Index),
        TapeTarget t => writer.Tape(t.Slot),
        GradientTarget g => writer.Gradient(g.Input, g.Index),
        _ => throw IrWalker.Unknown(target),
    };

    /// <summary>"for (int i = 0; i &lt; 3; i++)", "for (int i = 2; i &gt; -1; i--)", or with a longer step.</summary>
    public static string LoopHeader(ForStmt loop, string counter)
    {
        int first = loop.Start, last = loop.Last, step = loop.Step;
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
