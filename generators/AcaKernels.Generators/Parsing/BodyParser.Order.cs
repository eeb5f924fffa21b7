using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using AcaKernels.Generators.Passes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// C#'s evaluation order around inlined helpers. An inlined helper becomes statements placed before the
/// expression that calls it, so without care it would run before the operands to its left are read and even
/// when it sits in the untaken branch of <c>?:</c> or the skipped operand of <c>&amp;&amp;</c>/<c>||</c>. Here:
/// an operand left of a helper call that reads a local array (the only state a helper can write, through a
/// Span argument) is copied into a temporary first; a <c>?:</c> with a helper in a branch becomes an if/else
/// assigning a temporary; a short-circuit operand with a helper runs inside an if on the left operand.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Whether evaluating <paramref name="operation"/> inlines a helper (any call outside the System
    /// namespace: Math, MathF and Span's Slice are not helpers).</summary>
    private static bool RunsHelper(IOperation? operation) =>
        operation is not null && operation.DescendantsAndSelf().Any(o => o is IInvocationOperation invocation
            && invocation.TargetMethod.ContainingType?.ContainingNamespace?.ToDisplayString() is not "System");

    /// <summary>
    /// <paramref name="value"/>, an operand evaluated before <paramref name="later"/>: copied into a temporary
    /// when <paramref name="later"/> runs a helper and the value reads a local array the helper could change.
    /// </summary>
    private Expr BeforeHelper(Expr value, IOperation? later) =>
        RunsHelper(later) && ReadsArray(value) ? Spill(value) : value;

    /// <summary>Whether <paramref name="operation"/>, evaluated after a read of <paramref name="target"/>, may change it.</summary>
    private static bool MayChangeBefore(Target target, IOperation later) => target is ArrayTarget && RunsHelper(later);

    private static bool ReadsArray(Expr value)
    {
        var reads = new HashSet<VariableRef>();
        Dependencies.NeededReads(value, valueNeeded: true, reads);
        return reads.Any(r => r.IsArray);
    }

    private static bool ReadsArray(Cond condition)
    {
        var reads = new HashSet<VariableRef>();
        Dependencies.NeededReads(condition, reads);
        return reads.Any(r => r.IsArray);
    }

    /// <summary>A fresh local holding <paramref name="value"/> as it is now.</summary>
    private LocalExpr Spill(Expr value)
    {
        int id = NewScalar("before", value.Type);
        _output.Add(new AssignStmt(new LocalTarget(id), AssignOp.Set, value));
        return new LocalExpr(value.Type, id);
    }

    /// <summary><c>c ? a : b</c>: a select, or an if/else on a temporary when a branch inlines a helper.</summary>
    private Expr ParseConditional(IConditionalOperation conditional, ScalarType type)
    {
        Cond condition = ParseCond(conditional.Condition);
        if (!RunsHelper(conditional.WhenTrue) && !RunsHelper(conditional.WhenFalse))
            return new SelectExpr(type, condition, ParseReal(conditional.WhenTrue, type), ParseReal(conditional.WhenFalse!, type));
        int result = NewScalar("choice", type);
        Block then = Branch(() => ParseReal(conditional.WhenTrue, type), result);
        Block otherwise = Branch(() => ParseReal(conditional.WhenFalse!, type), result);
        _output.Add(new IfStmt(condition, then, otherwise));
        return new LocalExpr(type, result);
    }

    /// <summary>The statements of one branch: whatever parsing <paramref name="value"/> emits, then result = value.</summary>
    private Block Branch(Func<Expr> value, int result)
    {
        List<Stmt> saved = _output;
        _output = new List<Stmt>();
        _controlDepth++;
        try
        {
            Expr parsed = value();
            _output.Add(new AssignStmt(new LocalTarget(result), AssignOp.Set, parsed));
            return new Block(_output.ToEquatableArray());
        }
        finally
        {
            _controlDepth--;
            _output = saved;
        }
    }

    /// <summary>
    /// <c>a &amp;&amp; b</c>, <c>a || b</c>, <c>a &amp; b</c>, <c>a | b</c> on bools. When b inlines a helper the
    /// result goes through a 0/1 flag (a constant for differentiation): set by an if on a for the short-circuit
    /// forms, so b's helper runs only when C# would run it; after a is saved for the others.
    /// </summary>
    private Cond ParseLogical(IBinaryOperation operation, bool isAnd)
    {
        Cond left = ParseCond(operation.LeftOperand);
        if (!RunsHelper(operation.RightOperand))
            return new LogicalCond(isAnd, left, ParseCond(operation.RightOperand));
        bool shortCircuit = operation.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr;
        if (!shortCircuit)
        {
            Cond saved = ReadsArray(left) ? Flag(left) : left;
            return new LogicalCond(isAnd, saved, ParseCond(operation.RightOperand));
        }
        ScalarType type = _type;
        int flag = NewScalar("flag", type);
        // a && b: flag = 0; if (a) flag = b.   a || b: flag = 1; if (!a) flag = b.
        _output.Add(new AssignStmt(new LocalTarget(flag), AssignOp.Set, new ConstExpr(type, isAnd ? 0 : 1)));
        Block evaluateRight = Branch(() => FlagValue(ParseCond(operation.RightOperand), type), flag);
        _output.Add(new IfStmt(isAnd ? left : new NotCond(left), evaluateRight, Block.Empty));
        return new CompareCond(CompareOp.NotEqual, new LocalExpr(type, flag), new ConstExpr(type, 0));
    }

    private static Expr FlagValue(Cond condition, ScalarType type) =>
        new SelectExpr(type, condition, new ConstExpr(type, 1), new ConstExpr(type, 0));

    /// <summary>The value of <paramref name="condition"/> now, kept in a 0/1 local.</summary>
    private Cond Flag(Cond condition)
    {
        LocalExpr flag = Spill(FlagValue(condition, _type));
        return new CompareCond(CompareOp.NotEqual, flag, new ConstExpr(_type, 0));
    }
}
