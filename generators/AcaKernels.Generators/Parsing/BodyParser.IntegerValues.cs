using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>int-typed expressions used as real numbers (implicit or explicit int → float/double conversions).</summary>
internal sealed partial class BodyParser
{
    /// <summary>An int expression converted to <paramref name="type"/>: a constant, Math.Sign of a real, an int
    /// ?: (each branch converted), or an affine expression of loop counters and int locals.</summary>
    private Expr ParseIntAsReal(IOperation operation, ScalarType type)
    {
        if (operation.ConstantValue is { HasValue: true, Value: int constant })
            return new ConstExpr(type, type == ScalarType.Single ? (float)constant : constant);
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return ParseIntAsReal(parenthesized.Operand, type);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return new SelectExpr(type, ParseCond(conditional.Condition),
                    ParseIntAsReal(conditional.WhenTrue, type), ParseIntAsReal(whenFalse, type));
            case IInvocationOperation { TargetMethod: { Name: "Sign", Parameters: [var parameter] } method } sign
                when IsMathClass(method) && RealType(parameter.Type) is ScalarType argumentType:
            {
                Expr call = new CallExpr(argumentType, MathFunction.Sign,
                    EquatableArray.Create(ParseReal(sign.Arguments[0].Value, argumentType)));
                return argumentType == type ? call : new ConvertExpr(type, call);
            }
            case IInvocationOperation { TargetMethod: var method } invocation when IsMathClass(method):
                throw Error(DiagnosticDescriptors.IntegerAsReal, operation.Syntax, Text(operation),
                    $"it calls the int overload of {method.ContainingType.Name}.{method.Name}; pass {Emit.Literals.TypeName(type)} arguments (for example '3.0' instead of '3') so the floating-point overload is used");
        }
        try
        {
            return new IntToRealExpr(type, ParseAffine(operation));
        }
        catch (ParseException e) when (e.Diagnostic?.Id == DiagnosticDescriptors.NonAffineIndex.Id)
        {
            throw Error(DiagnosticDescriptors.IntegerAsReal, operation.Syntax, Text(operation),
                "int values convert to real only when they are constants, loop counters, int locals, affine combinations of these, Math.Sign(x) or a ?: of such values; write the arithmetic in floating point instead (for example '2.0 * Math.Sign(x)')");
        }
    }

    private static bool IsMathClass(IMethodSymbol method) =>
        method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF";
}
