using System.Collections.Generic;
using System.Text;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes IR expressions as scalar C#: System.Math for double, System.MathF for float (or AcaKernels' own form,
/// <see cref="ScalarMathTable"/>), exact literals,
/// parentheses only where precedence needs them (so evaluation order is exactly the IR's).
/// </summary>
internal sealed class ScalarExpressionWriter(IrFunction function, RegisterScope? registers = null, UserNames? names = null)
{
    private const int SelectPrecedence = 0, AdditivePrecedence = 1, MultiplicativePrecedence = 2, UnaryPrecedence = 3, AtomPrecedence = 4;

    /// <summary>Name of loop counter <paramref name="id"/>.</summary>
    public string Loop(int id) => function.Loops[id].Name;

    /// <summary>The leaves' locals in register code (straight-line bodies); null for the span form.</summary>
    public RegisterScope? Registers => registers;

    public string Scalar(int id) => names?.Scalars[id] ?? function.Scalars[id].Name;

    public string Array(int id) => names?.Arrays[id] ?? function.Arrays[id].Name;

    /// <summary>Element <paramref name="index"/> of a local array: "a[i]", or the scalar local "a_3" in register code.</summary>
    public string Element(int array, Affine index) =>
        (registers ?? StateLocals) is not null && ElementNames is not null && ElementNames.TryGetValue(array, out Func<int, string>? name)
            ? name(Constant(index)) : Element(Array(array), index);

    /// <summary>Element of the array (or adjoint array) named <paramref name="name"/>.</summary>
    public string Element(string name, Affine index) =>
        registers is null ? name + "[" + Write(index) + "]" : name + "_" + Constant(index);

    /// <summary>Register code and <see cref="StateLocals"/> code: arrays whose elements have names of their own instead
    /// of name_i or name[i] (the VJP's output adjoint is db0, db1, ...).</summary>
    public Dictionary<int, Func<int, string>>? ElementNames { get; init; }

    /// <summary>Loop code whose state and dz indices are all constants (<see cref="Passes.StateLoopUnroller"/>): z[j], dz[j]
    /// and the accumulators of vᵀ∂f/∂z[j] as this scope's locals (and the arrays of <see cref="ElementNames"/> element by
    /// element), everything else as loop code writes it; null for plain loop code.</summary>
    public RegisterScope? StateLocals { get; init; }

    /// <summary>A target's own method for a math function (the GPU form's Clamp and Sign, which have no ILGPU form
    /// as System.Math methods), or null for System.Math / System.MathF. Register code takes it from the scope.</summary>
    public Func<MathFunction, string?>? MathCall { get; init; }

    /// <summary>Loop code: the local that holds ∂L/∂p[index] for the moment, or null for gradP[index] (the GPU parameter
    /// sweep keeps the elements one loop iteration writes in locals, see <see cref="Gpu.StageParameterSweep"/>).</summary>
    public Func<Affine, string?>? ParameterGradients { get; init; }

    /// <summary>Loop code: index arithmetic hoisted into int locals loop level by loop level (the statement printers
    /// declare them on entering each loop); null writes every index in full.</summary>
    public LoopIndexLocals? Indices { get; init; }

    /// <summary>Tape slot: "tape[slot]", or the local "tp5" in register code.</summary>
    public string Tape(TapeSlot slot) => registers is null ? "tape[" + Slot(slot) + "]" : "tp" + Write(slot);

    /// <summary>Branch flag slot: "branches[slot]", or the local "br5" in register code.</summary>
    public string Flag(TapeSlot slot) => registers is null ? "branches[" + Slot(slot) + "]" : "br" + Write(slot);

    /// <summary>A slot in loop code: as an index (see <see cref="Indices"/>) where it is one.</summary>
    private string Slot(TapeSlot slot) =>
        Indices is not null && LoopIndexLocals.SlotIndex(slot) is { } index ? Write(index) : Write(slot);

    /// <summary>The slot of the current iteration: base + Σ stride·(iteration index of each enclosing loop).</summary>
    public string Write(TapeSlot slot)
    {
        string text = slot.Base.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long stride = 1;
        for (int k = slot.Loops.Count - 1; k >= 0; k--)
        {
            SlotLoop loop = slot.Loops[k];
            string counter = Loop(loop.LoopVariable);
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

    /// <summary>The value of an index of a straight-line body.</summary>
    public static int Constant(Affine index) =>
        index.IsConstant ? index.Constant : throw new InvalidOperationException("Register code needs constant indices");

    /// <summary>The output element dz[i] as an assignment target.</summary>
    public string Output(Affine index) =>
        (registers ?? StateLocals) is { } locals ? locals.Output(Constant(index)) : "dz[" + Write(index) + "]";

    /// <summary>The gradient accumulator of z[index] or p[index]: "gradZ[i]", or the register scope's local.</summary>
    public string Gradient(InputKind input, Affine index)
    {
        if (registers is not null)
            return input == InputKind.State ? registers.GradState(Constant(index)) : registers.GradParameter(Constant(index));
        if (StateLocals is not null && input == InputKind.State) return StateLocals.GradState(Constant(index));
        if (input == InputKind.Parameters && ParameterGradients?.Invoke(index) is { } local) return local;
        return (input == InputKind.State ? "gradZ[" : "gradP[") + Write(index) + "]";
    }

    public static string MathClass(ScalarType type) =>
        type == ScalarType.Single ? "global::System.MathF" : "global::System.Math";

    public string Write(Expr e) => Write(e, out _);

    /// <summary>fma(a, b, <paramref name="accumulator"/>) for the product a * b, by the callee a FusedMultiplyAdd
    /// call gets here (<see cref="AssignOp.MultiplyAdd"/>).</summary>
    public string FusedMultiplyAdd(BinaryExpr product, string accumulator) =>
        Callee(MathFunction.FusedMultiplyAdd, product.Type) + "(" + Write(product.Left) + ", " + Write(product.Right) + ", " + accumulator + ")";

    private string Callee(MathFunction function, ScalarType type)
    {
        // MathF has no Clamp: Math.Clamp has the float overload.
        string owner = function == MathFunction.Clamp ? "global::System.Math" : MathClass(type);
        return (MathCall ?? registers?.MathCall)?.Invoke(function)
            ?? ScalarMathTable.Callee(function) ?? owner + "." + KnownMathFunctions.Get(function).Name;
    }

    private string Write(Expr e, out int precedence)
    {
        precedence = AtomPrecedence;
        switch (e)
        {
            case ConstExpr c:
                string literal = Literals.Of(c.Type, c.Value);
                if (literal.StartsWith("-", StringComparison.Ordinal)) precedence = UnaryPrecedence;
                return literal;
            case TimeExpr:
                return (registers ?? StateLocals)?.Time ?? "t";
            case InputExpr i:
                if (registers is not null)
                    return i.Input == InputKind.State ? registers.State(Constant(i.Index)) : registers.Parameter(Constant(i.Index));
                if (StateLocals is not null && i.Input == InputKind.State) return StateLocals.State(Constant(i.Index));
                return (i.Input == InputKind.State ? "z[" : "p[") + Write(i.Index) + "]";
            case LocalExpr l:
                return Scalar(l.Variable);
            case ArrayExpr a:
                return Element(a.Array, a.Index);
            case TableExpr table:
                return table.Field + "[" + Write(table.Index) + "]";
            case TapeExpr tape:
                return Tape(tape.Slot);
            case NegateExpr n:
                precedence = UnaryPrecedence;
                return "-" + Operand(n.Operand, AtomPrecedence);
            case ConvertExpr c:
                precedence = UnaryPrecedence;
                return "(" + Literals.TypeName(c.Type) + ")" + Operand(c.Operand, AtomPrecedence);
            case IntToRealExpr r:
                precedence = UnaryPrecedence;
                string value = Write(r.Value);
                return "(" + Literals.TypeName(r.Type) + ")" + (r.Value.Terms.Count == 0 && r.Value.Constant >= 0 ? value : "(" + value + ")");
            case BinaryExpr b:
                int own = b.Op is BinaryOp.Add or BinaryOp.Subtract ? AdditivePrecedence : MultiplicativePrecedence;
                precedence = own;
                string op = b.Op switch { BinaryOp.Add => " + ", BinaryOp.Subtract => " - ", BinaryOp.Multiply => " * ", _ => " / " };
                return Operand(b.Left, own) + op + Operand(b.Right, own + 1);
            case CallExpr call:
                string text = Callee(call.Function, call.Type) + "(" + string.Join(", ", call.Arguments.Select(Write)) + ")";
                if (!KnownMathFunctions.ReturnsInt(call.Function)) return text;
                precedence = UnaryPrecedence;
                return "(" + Literals.TypeName(call.Type) + ")" + text;
            case SelectExpr s:
                precedence = SelectPrecedence;
                return Write(s.Condition) + " ? " + Operand(s.WhenTrue, AdditivePrecedence) + " : " + Operand(s.WhenFalse, AdditivePrecedence);
            default:
                throw new InvalidOperationException("Unknown expression " + e.GetType().Name);
        }
    }

    private string Operand(Expr e, int minimum)
    {
        string text = Write(e, out int precedence);
        return precedence >= minimum ? text : "(" + text + ")";
    }

    public string Write(Cond c) => c switch
    {
        CompareCond k => Operand(k.Left, AdditivePrecedence) + Op(k.Op) + Operand(k.Right, AdditivePrecedence),
        IntCompareCond k => Write(k.Left) + Op(k.Op) + Write(k.Right),
        LogicalCond l => "(" + Write(l.Left) + (l.IsAnd ? ") && (" : ") || (") + Write(l.Right) + ")",
        NotCond n => "!(" + Write(n.Operand) + ")",
        BoolConstCond b => b.Value ? "true" : "false",
        FlagCond f => Flag(f.Slot),
        _ => throw new InvalidOperationException("Unknown condition " + c.GetType().Name),
    };

    private static string Op(CompareOp op) => op switch
    {
        CompareOp.Less => " < ",
        CompareOp.LessOrEqual => " <= ",
        CompareOp.Greater => " > ",
        CompareOp.GreaterOrEqual => " >= ",
        CompareOp.Equal => " == ",
        _ => " != ",
    };

    /// <summary>An index: "3 * i + j + 2", or with a hoisted local (see <see cref="Indices"/>) "ix2 + j + 2".</summary>
    public string Write(Affine a) =>
        Indices?.Find(a) is { } hoisted ? Write(hoisted.Remainder, hoisted.Name) : Write(a, lead: null);

    private string Write(Affine a, string? lead)
    {
        var text = new StringBuilder(lead);
        foreach (AffineTerm term in a.Terms)
        {
            int c = term.Coefficient;
            if (text.Length == 0) text.Append(c < 0 ? "-" : "");
            else text.Append(c < 0 ? " - " : " + ");
            int magnitude = System.Math.Abs(c);
            if (magnitude != 1) text.Append(magnitude).Append(" * ");
            text.Append(Loop(term.LoopVariable));
        }
        if (text.Length == 0) return a.Constant.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (a.Constant != 0) text.Append(a.Constant < 0 ? " - " : " + ").Append(System.Math.Abs((long)a.Constant));
        return text.ToString();
    }
}
