using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>Integer (index) expressions, span views and the static range check of every index.</summary>
internal sealed partial class BodyParser
{
    /// <summary>Parses an integer expression that must be affine in the loop counters.</summary>
    private Affine ParseAffine(IOperation operation)
    {
        if (operation.ConstantValue is { HasValue: true, Value: int constant })
            return Affine.Of(constant);
        try
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when Lookup(local.Local, operation) is IntBinding b:
                    return b.Value;
                case IParameterReferenceOperation parameter when Lookup(parameter.Parameter, operation) is IntBinding b:
                    return b.Value;
                case IConversionOperation { OperatorMethod: null, Conversion.IsIdentity: true } identity:
                    return ParseAffine(identity.Operand);
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } span } when SpanType(span.Type) is not null:
                {
                    SpanView view = ParseView(span);
                    return view.KnownLength ? Affine.Of(view.Length)
                        : throw Error(DiagnosticDescriptors.CallerSpanLength, operation.Syntax, Text(operation), view.Length.ToString());
                }
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: IFieldReferenceOperation field }
                    when field.Type is IArrayTypeSymbol:
                    return Affine.Of(TableLength(field, operation.Syntax));
                case IParenthesizedOperation parenthesized:
                    return ParseAffine(parenthesized.Operand);
                case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus } minus:
                    return ParseAffine(minus.Operand).Scale(-1);
                case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Plus } plus:
                    return ParseAffine(plus.Operand);
                case IBinaryOperation { OperatorMethod: null } binary when IsInt(binary.Type):
                    Affine left = ParseAffine(binary.LeftOperand), right = ParseAffine(binary.RightOperand);
                    switch (binary.OperatorKind)
                    {
                        case BinaryOperatorKind.Add:
                            return left.Add(right);
                        case BinaryOperatorKind.Subtract:
                            return left.Subtract(right);
                        case BinaryOperatorKind.Multiply when right.IsConstant:
                            return left.Scale(right.Constant);
                        case BinaryOperatorKind.Multiply when left.IsConstant:
                            return right.Scale(left.Constant);
                    }
                    break;
            }
        }
        catch (OverflowException)
        {
        }
        throw Error(DiagnosticDescriptors.NonAffineIndex, operation.Syntax, Text(operation));
    }

    /// <summary>Parses an index into <paramref name="view"/>, proves it in range, and returns it relative to the
    /// underlying array.</summary>
    private Affine ParseIndex(IOperation index, SpanView view, SyntaxNode site)
    {
        Affine local = ParseAffine(index);
        CheckRange(local, 0, view.Length, view.Name, site);
        return view.Offset.Add(local);
    }

    /// <summary>Reports ACA1004 unless <paramref name="index"/> + [0, extent) stays within [0, length) for every
    /// value the loop counters take.</summary>
    private void CheckRange(Affine index, int extent, int length, string name, SyntaxNode site, int minExtent = 1)
    {
        (long min, long max) = Range(index);
        long top = max + System.Math.Max(extent, minExtent) - 1;
        if (min < 0 || top >= length)
            throw Error(DiagnosticDescriptors.IndexOutOfRange, site, name, min.ToString(), top.ToString(), length.ToString());
    }

    private (long Min, long Max) Range(Affine index)
    {
        long min = index.Constant, max = index.Constant;
        foreach (AffineTerm term in index.Terms)
        {
            (int lo, int hi) = _loopRanges[term.LoopVariable];
            long a = (long)term.Coefficient * lo, b = (long)term.Coefficient * hi;
            min += System.Math.Min(a, b);
            max += System.Math.Max(a, b);
        }
        return (min, max);
    }

    /// <summary>Resolves a span-valued operation (z, p, dz, a span local or parameter, x.Slice(a, b)).</summary>
    private SpanView ParseView(IOperation operation)
    {
        switch (operation)
        {
            case IParameterReferenceOperation parameter when Lookup(parameter.Parameter, operation) is SpanBinding s:
                return s.View;
            case ILocalReferenceOperation local when Lookup(local.Local, operation) is SpanBinding s:
                return s.View;
            case IConversionOperation { Operand: var operand } conversion
                when SpanType(conversion.Type) is { Writable: false } && SpanType(operand.Type) is not null:
                return ParseView(operand) with { Writable = false };
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice
                when SpanType(instance.Type) is not null && slice.Arguments.Length is 1 or 2:
            {
                SpanView view = ParseView(instance);
                Affine start = ParseAffine(slice.Arguments[0].Value);
                int length;
                if (slice.Arguments.Length == 2)
                {
                    if (slice.Arguments[1].Value.ConstantValue is not { HasValue: true, Value: int l } || l < 0)
                        throw Error(DiagnosticDescriptors.ParameterMisuse, slice.Arguments[1].Syntax, view.Name,
                            "the length of a slice must be a non-negative constant");
                    length = l;
                }
                else if (start.IsConstant)
                    length = view.Length - start.Constant;
                else
                    throw Error(DiagnosticDescriptors.ParameterMisuse, slice.Syntax, view.Name,
                        "give the slice a constant length: .Slice(start, length)");
                CheckRange(start, length, view.Length, view.Name, slice.Syntax, minExtent: 0);
                if (length < 0)
                    throw Error(DiagnosticDescriptors.IndexOutOfRange, slice.Syntax, view.Name, start.Constant.ToString(),
                        start.Constant.ToString(), view.Length.ToString());
                return view with
                {
                    Offset = view.Offset.Add(start), Length = length, Name = Shorten(slice.Syntax.ToString()),
                    KnownLength = view.KnownLength || slice.Arguments.Length == 2,
                };
            }
            default:
                throw Error(DiagnosticDescriptors.ParameterMisuse, operation.Syntax, Text(operation),
                    "other span operations are not supported");
        }
    }
}
