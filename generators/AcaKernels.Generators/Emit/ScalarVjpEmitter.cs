using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Writes the reverse-mode vector-Jacobian product as scalar C#: a forward sweep that saves what the
/// <see cref="TapePlan"/> asks for, then the statements in reverse order (loops run backwards, branches follow
/// the saved decisions). At each assignment the reverse sweep takes the target's adjoint, restores the old
/// value, recomputes the right-hand side's intermediate values and pushes the adjoint to its operands.
/// </summary>
internal sealed class ScalarVjpEmitter
{
    private readonly IrFunction _function;
    private readonly CodeWriter _code;
    private readonly TapePlan _plan;
    private readonly List<ForStmt> _loops = new();
    private readonly HashSet<string> _names;
    private readonly RegisterScope? _registers;
    private readonly UserNames? _userNames;
    private readonly AdjointLiveness _liveness;
    private int _temp;

    private ScalarVjpEmitter(IrFunction function, CodeWriter code, TapePlan plan, RegisterScope? registers = null, UserNames? userNames = null)
    {
        _function = function;
        _code = code;
        _plan = plan;
        _registers = registers;
        _userNames = userNames;
        _liveness = AdjointLiveness.Of(function);
        _names = new HashSet<string>(function.Scalars.Select(s => s.Name)
            .Concat(function.Arrays.Select(a => a.Name)).Concat(function.Loops.Select(l => l.Name)), StringComparer.Ordinal);
        if (userNames is not null) _names.UnionWith(userNames.Scalars.Concat(userNames.Arrays));
    }

    /// <summary>
    /// Writes the VJP of a straight-line body (see <see cref="Passes.Unroller"/>) with every value in scalar
    /// locals: the seed, the gradient accumulators and the time come from <paramref name="registers"/>; the tape
    /// and branch decisions are locals (tp0, br0), so nothing is allocated. Declares the user's locals; the caller
    /// opens a block around it when it inlines several copies. Returns nothing: ∂/∂t goes to a local tBar when
    /// <see cref="RegisterScope.TimeGradient"/> is set.
    /// </summary>
    public static void EmitRegisterBody(IrFunction straight, UserNames names, RegisterScope registers, CodeWriter code)
    {
        TapePlan plan = TapePlanner.Plan(straight);
        var emitter = new ScalarVjpEmitter(straight, code, plan, registers, names);
        ScalarExpressionWriter writer = emitter.Writer();
        string t = Literals.TypeName(straight.Type);
        // A taped assignment saves the old value first, so it cannot be the declaration.
        HashSet<AssignStmt> declaring = FirstAssignments.Find(straight.Body);
        declaring.RemoveWhere(plan.SaveSlots.ContainsKey);
        ScalarStatementEmitter.DeclareLocals(straight, code, writer, declaring);
        if (plan.TapeLength > 0)
            code.Line("double " + string.Join(", ", Enumerable.Range(0, checked((int)plan.TapeLength)).Select(i => $"tp{i} = 0D")) + ";");
        if (plan.BranchLength > 0)
            code.Line("bool " + string.Join(", ", Enumerable.Range(0, checked((int)plan.BranchLength)).Select(i => $"br{i} = false")) + ";");
        new ScalarStatementEmitter(code, writer, plan) { Declaring = declaring }.Emit(straight.Body);
        code.Line("// Reverse sweep.");
        if (registers.TimeGradient) code.Line($"{t} tBar = {Literals.Of(straight.Type, 0)};");
        foreach (ScalarVariable v in straight.Scalars)
            code.Line($"{Literals.TypeName(v.Type)} {emitter.Bar(writer.Scalar(v.Id))} = {Literals.Of(v.Type, 0)};");
        foreach (ArrayVariable a in straight.Arrays)
            code.Line($"{Literals.TypeName(a.Type)} " + string.Join(", ", Enumerable.Range(0, a.Length)
                .Select(i => $"{writer.Element(emitter.Bar(writer.Array(a.Id)), Affine.Of(i))} = {Literals.Of(a.Type, 0)}")) + ";");
        code.Line($"{t} " + string.Join(", ", Enumerable.Range(0, straight.StateSize).Select(j => $"db{j} = {registers.Seed(j)}")) + ";");
        emitter.Reverse(straight.Body);
    }

    /// <summary>Writes the body of VectorJacobianProduct (parameters t, z, p, v, gradZ, gradP; returns ∂/∂t).</summary>
    public static void EmitBody(IrFunction function, CodeWriter code)
    {
        TapePlan plan = TapePlanner.Plan(function);
        new ScalarVjpEmitter(function, code, plan).Emit();
    }

    private string Fresh(string stem)
    {
        string name;
        do name = stem + _temp++; while (_names.Contains(name));
        return name;
    }

    private string Bar(string name) => name + "Bar";

    private void Emit()
    {
        string t = Literals.TypeName(_function.Type);
        int n = _function.StateSize;
        ScalarStatementEmitter.DeclareLocals(_function, _code);
        if (_plan.TapeLength > 0)
            _code.Line($"global::System.Span<double> tape = stackalloc double[{_plan.TapeLength}]; // every slot read is written first");
        if (_plan.BranchLength > 0)
            _code.Line($"global::System.Span<bool> branches = stackalloc bool[{_plan.BranchLength}];");
        _code.Line();
        _code.Line("// Forward sweep: the primal values the reverse sweep needs.");
        new ScalarStatementEmitter(_code, Writer(), _plan).Emit(_function.Body);
        _code.Line();
        _code.Line("// Reverse sweep.");
        _code.Line($"{t} tBar = {Literals.Of(_function.Type, 0)};");
        foreach (ScalarVariable s in _function.Scalars)
            _code.Line($"{Literals.TypeName(s.Type)} {Bar(s.Name)} = {Literals.Of(s.Type, 0)};");
        foreach (ArrayVariable a in _function.Arrays)
            ScalarStatementEmitter.ZeroedStackArray(_code, Literals.TypeName(a.Type), Bar(a.Name), a.Length);
        _code.Line($"global::System.Span<{t}> dzBar = stackalloc {t}[{n}];");
        _code.Line($"v.Slice(0, {n}).CopyTo(dzBar);");
        Reverse(_function.Body);
        _code.Line("return tBar;");
    }

    private ScalarExpressionWriter Writer() => new(_function, _registers, _userNames);

    private void Reverse(Block block)
    {
        for (int k = block.Statements.Count - 1; k >= 0; k--)
        {
            switch (block.Statements[k])
            {
                case AssignStmt assign:
                    Reverse(assign);
                    break;
                case ForStmt loop:
                    _code.Open(ScalarStatementEmitter.LoopHeader(loop, Writer().Loop(loop.LoopVariable), reverse: true));
                    _loops.Add(loop);
                    Reverse(loop.Body);
                    _loops.RemoveAt(_loops.Count - 1);
                    _code.Close();
                    break;
                case IfStmt branch:
                    string flag = ScalarStatementEmitter.Branch(ScalarStatementEmitter.Slot(_plan.BranchSlots[branch], _loops, Writer()), Writer());
                    bool hasElse = branch.Else.Statements.Count != 0;
                    _code.Open($"if ({flag})");
                    Reverse(branch.Then);
                    _code.Close();
                    if (hasElse)
                    {
                        _code.Open("else");
                        Reverse(branch.Else);
                        _code.Close();
                    }
                    break;
            }
        }
    }

    private void Reverse(AssignStmt assign)
    {
        ScalarExpressionWriter writer = Writer();
        // A target that never reaches dz has a zero adjoint: push nothing (a dead value that overflowed would
        // otherwise turn 0·∞ into NaN in live adjoints). Its old value is still restored when taped, because
        // a ?: condition re-evaluated later in the reverse sweep may read it.
        if (!_liveness.IsLive(assign))
        {
            if (_plan.SaveSlots.TryGetValue(assign, out long deadSlot))
                _code.Line($"{ScalarStatementEmitter.Target(assign.Target, writer)} = {RestoreCast(assign)}{ScalarStatementEmitter.Tape(ScalarStatementEmitter.Slot(deadSlot, _loops, writer), writer)};");
            return;
        }
        string target = ScalarStatementEmitter.Target(assign.Target, writer);
        string targetBar = assign.Target switch
        {
            LocalTarget l => Bar(writer.Scalar(l.Variable)),
            ArrayTarget a => writer.Element(Bar(writer.Array(a.Array)), a.Index),
            OutputTarget o => _registers is null ? "dzBar[" + writer.Write(o.Index) + "]" : "db" + ScalarExpressionWriter.Constant(o.Index),
            _ => throw new InvalidOperationException("Unknown target"),
        };
        ScalarType type = assign.Value.Type;
        bool saved = _plan.SaveSlots.TryGetValue(assign, out long slot);
        bool differentiable = !Dependencies.IsConstant(assign.Value);
        if (!differentiable && !saved && assign.Op != AssignOp.Set) return;

        _code.Begin();
        _code.Line("// " + Shorten(target + assign.Op switch { AssignOp.Set => " = ", AssignOp.Add => " += ", _ => " -= " } + writer.Write(assign.Value)));
        string g = Fresh("g");
        if (differentiable)
            _code.Line($"var {g} = {(assign.Op == AssignOp.Subtract ? "-" : "")}{targetBar};");
        if (assign.Op == AssignOp.Set)
            _code.Line($"{targetBar} = {Literals.Of(type, 0)};");
        if (saved)
        {
            _code.Line($"{target} = {RestoreCast(assign)}{ScalarStatementEmitter.Tape(ScalarStatementEmitter.Slot(slot, _loops, writer), writer)};");
        }
        if (differentiable)
        {
            Primal(assign.Value, writer, valueNeeded: false);
            Adjoint(assign.Value, g, writer);
        }
        _code.Close();
    }

    /// <summary>The tape holds doubles: a float target needs a cast back.</summary>
    private string RestoreCast(AssignStmt assign) =>
        assign.Target is LocalTarget lt && _function.Scalars[lt.Variable].Type == ScalarType.Single
        || assign.Target is ArrayTarget at && _function.Arrays[at.Array].Type == ScalarType.Single ? "(float)" : "";

    private static string Shorten(string text) => text.Length <= 100 ? text : text.Substring(0, 97) + "...";

    /// <summary>Names the non-leaf nodes of <paramref name="e"/> whose values the adjoint rules read with a
    /// temporary: operands of products, divisors and quotients, call arguments and results, and
    /// <paramref name="valueNeeded"/> (the value of the node itself is read by its parent's rule). Sums, negations
    /// and conversions only pass adjoints through, so their values are not named (a node that needs one inlines
    /// the same arithmetic, so every value is bit-identical to the forward pass).</summary>
    private void Primal(Expr e, ScalarExpressionWriter writer, bool valueNeeded)
    {
        bool named = valueNeeded;
        switch (e)
        {
            case NegateExpr n:
                Primal(n.Operand, writer, false);
                break;
            case ConvertExpr c:
                Primal(c.Operand, writer, false);
                break;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b:
                Primal(b.Left, writer, false);
                Primal(b.Right, writer, false);
                break;
            case BinaryExpr { Op: BinaryOp.Multiply } b:
                Primal(b.Left, writer, !Dependencies.IsConstant(b.Right));
                Primal(b.Right, writer, !Dependencies.IsConstant(b.Left));
                break;
            case BinaryExpr b:
                // ∂/∂left = 1/right, ∂/∂right = -(left/right)/right: the divisor always, the quotient for the right.
                Primal(b.Left, writer, false);
                Primal(b.Right, writer, true);
                named |= !Dependencies.IsConstant(b.Right);
                break;
            case CallExpr call:
                foreach (Expr argument in call.Arguments) Primal(argument, writer, true);
                named = true;
                break;
            case SelectExpr s:
                Primal(s.WhenTrue, writer, valueNeeded);
                Primal(s.WhenFalse, writer, valueNeeded);
                break;
            default:
                return;
        }
        if (!named || Dependencies.IsConstant(e)) return;
        string name = Fresh("r");
        _code.Line($"var {name} = {writer.Write(e)};");
        writer.Computed[e] = name;
    }

    /// <summary>Adds adjoint <paramref name="g"/> (a name or literal-free expression) into <paramref name="e"/>'s inputs.</summary>
    private void Adjoint(Expr e, string g, ScalarExpressionWriter writer)
    {
        if (Dependencies.IsConstant(e)) return;
        switch (e)
        {
            case TimeExpr:
                if (_registers is null || _registers.TimeGradient) _code.Line($"tBar += {g};");
                return;
            case InputExpr i when _registers is not null:
                int index = ScalarExpressionWriter.Constant(i.Index);
                _code.Line($"{(i.Input == InputKind.State ? _registers.GradState(index) : _registers.GradParameter(index))} += {g};");
                return;
            case InputExpr i:
                _code.Line($"{(i.Input == InputKind.State ? "gradZ" : "gradP")}[{writer.Write(i.Index)}] += {g};");
                return;
            case LocalExpr l:
                _code.Line($"{Bar(writer.Scalar(l.Variable))} += {g};");
                return;
            case ArrayExpr a:
                _code.Line($"{writer.Element(Bar(writer.Array(a.Array)), a.Index)} += {g};");
                return;
            case NegateExpr n:
                Push(n.Operand, "-" + g, writer);
                return;
            case ConvertExpr c:
                Push(c.Operand, $"({Literals.TypeName(c.Operand.Type)}){g}", writer);
                return;
            case BinaryExpr b:
                string left = writer.Write(b.Left), right = writer.Write(b.Right);
                switch (b.Op)
                {
                    case BinaryOp.Add:
                        Push(b.Left, g, writer);
                        Push(b.Right, g, writer);
                        break;
                    case BinaryOp.Subtract:
                        Push(b.Left, g, writer);
                        Push(b.Right, "-" + g, writer);
                        break;
                    case BinaryOp.Multiply:
                        Push(b.Left, $"{g} * {Paren(right)}", writer);
                        Push(b.Right, $"{g} * {Paren(left)}", writer);
                        break;
                    default:
                        Push(b.Left, $"{g} / {Paren(right)}", writer);
                        Push(b.Right, $"-({g} * {writer.Write(b)}) / {Paren(right)}", writer);
                        break;
                }
                return;
            case CallExpr call:
                MathFunctionInfo info = KnownMathFunctions.Get(call.Function);
                Expr[] partials = info.Partials(call.Type);
                var rule = new ScalarExpressionWriter(_function)
                {
                    Placeholder = index => Paren(index < 0 ? writer.Write(call) : writer.Write(call.Arguments[index])),
                };
                for (int k = 0; k < call.Arguments.Count; k++)
                    Push(call.Arguments[k], Scale(g, partials[k], rule), writer);
                return;
            case SelectExpr s:
                _code.Open($"if ({writer.Write(s.Condition)})");
                Push(s.WhenTrue, g, writer);
                _code.Close();
                _code.Open("else");
                Push(s.WhenFalse, g, writer);
                _code.Close();
                return;
        }
    }

    /// <summary>g·∂, simplifying a branch-wise partial (Abs, Min, Max) into a choice between g, -g and 0.</summary>
    private static string Scale(string g, Expr partial, ScalarExpressionWriter rule)
    {
        if (partial is ConstExpr { Value: 1 }) return g;
        if (partial is SelectExpr { WhenTrue: ConstExpr a, WhenFalse: ConstExpr b } select)
            return $"({rule.Write(select.Condition)} ? {Times(g, a)} : {Times(g, b)})";
        return $"{g} * ({rule.Write(partial)})";
    }

    private static string Times(string g, ConstExpr c) => c.Value switch
    {
        1 => g,
        -1 => "-" + g,
        0 => Literals.Of(c.Type, 0),
        _ => $"{g} * {Literals.Of(c.Type, c.Value)}",
    };

    /// <summary>Sends adjoint expression <paramref name="adjoint"/> into <paramref name="e"/>, through a temporary
    /// when <paramref name="e"/> is not a leaf.</summary>
    private void Push(Expr e, string adjoint, ScalarExpressionWriter writer)
    {
        if (Dependencies.IsConstant(e)) return;
        if (e is TimeExpr or InputExpr or LocalExpr or ArrayExpr)
        {
            Adjoint(e, Paren(adjoint), writer);
            return;
        }
        if (IsName(adjoint))
        {
            Adjoint(e, adjoint, writer); // already a local: a copy would only add a line
            return;
        }
        string name = Fresh("g");
        _code.Line($"var {name} = {adjoint};");
        Adjoint(e, name, writer);
    }

    private static bool IsName(string text) =>
        text.Length != 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static string Paren(string text)
    {
        foreach (char c in text)
            if (!(char.IsLetterOrDigit(c) || c is '_' || c is '.'))
                return text.StartsWith("(", StringComparison.Ordinal) && text.EndsWith(")", StringComparison.Ordinal) && Balanced(text) ? text : "(" + text + ")";
        return text;
    }

    /// <summary>Whether the outer parentheses of <paramref name="text"/> enclose all of it.</summary>
    private static bool Balanced(string text)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            if (depth == 0 && i < text.Length - 1) return false;
        }
        return true;
    }
}
