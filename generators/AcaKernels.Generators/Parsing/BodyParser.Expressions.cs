using System.Collections.Generic;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>Real-valued expressions and conditions.</summary>
internal sealed partial class BodyParser
{
    /// <summary>Parses <paramref name="operation"/> as a value of type <paramref name="expected"/>.</summary>
    private Expr ParseReal(IOperation operation, ScalarType expected)
    {
        Expr value = ParseReal(operation);
        if (value.Type != expected)
            throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
        return value;
    }

    private Expr ParseReal(IOperation operation)
    {
        ScalarType? type = RealType(operation.Type);
        if (type is not ScalarType t)
            throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
        if (operation.ConstantValue is { HasValue: true, Value: var constant })
            return constant switch
            {
                double d => new ConstExpr(t, t == ScalarType.Single ? (float)d : d),
                float f => new ConstExpr(t, f),
                _ => throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation)),
            };
        switch (operation)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
            {
                IOperation operand = conversion.Operand;
                if (RealType(operand.Type) is ScalarType from)
                {
                    Expr inner = ParseReal(operand);
                    return from == t ? inner : new ConvertExpr(t, inner);
                }
                if (IsInt(operand.Type))
                    return ParseIntAsReal(operand, t);
                throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
            }
            case ILocalReferenceOperation local:
                return ReadBinding(Lookup(local.Local, operation), operation);
            case IParameterReferenceOperation parameter:
                return ReadBinding(Lookup(parameter.Parameter, operation), operation);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments: [var argument] } indexer
                when SpanType(instance.Type) is not null:
            {
                SpanView view = ParseView(instance);
                Affine index = ParseIndex(argument.Value, view, indexer.Syntax);
                return view.Source switch
                {
                    SpanSource.State => new InputExpr(t, InputKind.State, index),
                    SpanSource.Parameters => new InputExpr(t, InputKind.Parameters, index),
                    SpanSource.LocalArray => new ArrayExpr(t, view.Array, index),
                    _ => throw Error(DiagnosticDescriptors.ReadsOutput, operation.Syntax, Text(operation)),
                };
            }
            case IArrayElementReferenceOperation element:
                return ParseTableRead(element, t);
            case IBinaryOperation { OperatorMethod: null } binary when BinaryOpOf(binary.OperatorKind) is BinaryOp op:
            {
                Expr left = BeforeHelper(ParseReal(binary.LeftOperand, t), binary.RightOperand);
                Expr right = op == BinaryOp.Divide && Unparenthesized(binary.RightOperand) is IInvocationOperation divisor
                    && RealType(divisor.Type) == t
                    ? ParseCall(divisor, t, isDivisor: true)
                    : ParseReal(binary.RightOperand, t);
                return new BinaryExpr(t, op, left, right);
            }
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus } minus:
                return new NegateExpr(t, ParseReal(minus.Operand, t));
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Plus } plus:
                return ParseReal(plus.Operand, t);
            case IParenthesizedOperation parenthesized:
                return ParseReal(parenthesized.Operand, t);
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return ParseConditional(conditional, t);
            case IInvocationOperation invocation:
                return ParseCall(invocation, t);
            // A const field never gets here (its constant value is read above); a user's 'static readonly double'
            // used to get ACA2006's list of operators, which did not say what to change.
            case IFieldReferenceOperation field:
                throw Error(DiagnosticDescriptors.MemberRead, operation.Syntax, Text(operation), MemberKind(field.Field));
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                throw Error(DiagnosticDescriptors.MemberRead, operation.Syntax, Text(operation), MemberKind(property.Property));
            default:
                throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
        }
    }

    private static string MemberKind(ISymbol member) => member switch
    {
        IPropertySymbol => "a property (its getter is code the generator does not see)",
        IFieldSymbol { IsStatic: false } => "an instance field",
        IFieldSymbol { IsReadOnly: true } => "a static readonly field, not a compile-time constant",
        _ => "a static field, which can change between calls",
    };

    private Expr ReadBinding(Binding binding, IOperation operation) => binding switch
    {
        ScalarBinding s => new LocalExpr(s.Type, s.Variable),
        TimeBinding time => new TimeExpr(time.Type),
        _ => throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation)),
    };

    private Binding Lookup(ISymbol symbol, IOperation operation)
    {
        if (_frame.Bindings.TryGetValue(symbol, out Binding? binding))
            return binding is ErrorBinding ? throw ParseException.Silent() : binding;
        if (_inlineStack.Count == 1)
            throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
        throw Error(DiagnosticDescriptors.UnsupportedHelper, operation.Syntax, _inlineStack[_inlineStack.Count - 1].Name,
            $"'{symbol.Name}' is not a local or parameter of it (captured variables are not supported: pass it as a parameter and make the helper static)");
    }

    /// <summary>A call; <paramref name="isDivisor"/> when its value is only divided by (see <see cref="SmallConstantPower"/>).</summary>
    private Expr ParseCall(IInvocationOperation invocation, ScalarType type, bool isDivisor = false)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string? container = method.ContainingType?.ToDisplayString();
        if (container is "System.Math" or "System.MathF")
        {
            MathFunctionInfo? info = KnownMathFunctions.Find(method.Name, invocation.Arguments.Length);
            if (info is null || method.Parameters.Any(p => RealType(p.Type) != type))
                throw Error(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, Text(invocation), KnownMathFunctions.SupportedNames);
            var arguments = new List<Expr>();
            for (int k = 0; k < invocation.Arguments.Length; k++)
            {
                Expr argument = ParseReal(invocation.Arguments[k].Value, type);
                bool helperLater = invocation.Arguments.Skip(k + 1).Any(a => RunsHelper(a.Value));
                arguments.Add(helperLater && ReadsArray(argument) ? Spill(argument) : argument);
            }
            if (info.Function == MathFunction.Pow && arguments[1] is ConstExpr { Value: var exponent }
                && SmallConstantPower(arguments[0], exponent, isDivisor) is { } power)
                return power;
            return new CallExpr(type, info.Function, arguments.ToEquatableArray());
        }
        return InlineHelper(invocation, wantsValue: true)!;
    }

    private static BinaryOp? BinaryOpOf(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        _ => null,
    };

    private static CompareOp? CompareOpOf(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => CompareOp.Less,
        BinaryOperatorKind.LessThanOrEqual => CompareOp.LessOrEqual,
        BinaryOperatorKind.GreaterThan => CompareOp.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => CompareOp.GreaterOrEqual,
        BinaryOperatorKind.Equals => CompareOp.Equal,
        BinaryOperatorKind.NotEquals => CompareOp.NotEqual,
        _ => null,
    };

    private static CompareOp Flip(CompareOp op) => op switch
    {
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        _ => op,
    };

    private Cond ParseCond(IOperation operation)
    {
        if (operation.ConstantValue is { HasValue: true, Value: bool constant })
            return new BoolConstCond(constant);
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: null } binary when CompareOpOf(binary.OperatorKind) is CompareOp op:
                if (IsInt(binary.LeftOperand.Type) && IsInt(binary.RightOperand.Type))
                    return new IntCompareCond(op, ParseAffine(binary.LeftOperand), ParseAffine(binary.RightOperand));
                Expr left = BeforeHelper(ParseReal(binary.LeftOperand), binary.RightOperand);
                return new CompareCond(op, left, ParseReal(binary.RightOperand, left.Type));
            case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } andOp
                when andOp.Type?.SpecialType == SpecialType.System_Boolean:
                return ParseLogical(andOp, isAnd: true);
            case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } orOp
                when orOp.Type?.SpecialType == SpecialType.System_Boolean:
                return ParseLogical(orOp, isAnd: false);
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Not } not:
                return new NotCond(ParseCond(not.Operand));
            case IParenthesizedOperation parenthesized:
                return ParseCond(parenthesized.Operand);
            default:
                throw Error(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, Text(operation));
        }
    }
}
