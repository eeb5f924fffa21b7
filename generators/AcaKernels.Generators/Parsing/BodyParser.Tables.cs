using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>Constant tables: elements of <c>static readonly</c> float[] / double[] fields, read-only.</summary>
internal sealed partial class BodyParser
{
    private const string TableAdvice =
        "[OdeDynamics] code reads array elements only from 'static readonly' float[] or double[] fields (constant tables); use a stackalloc Span<T> for values it computes";

    /// <summary>Table[index] as a real value.</summary>
    private Expr ParseTableRead(IArrayElementReferenceOperation element, ScalarType type)
    {
        IFieldReferenceOperation field = TableField(element);
        if (element.Indices.Length != 1)
            throw Error(DiagnosticDescriptors.TableMisuse, element.Syntax, Text(element), "tables have one dimension; index them with one affine index");
        Affine index = ParseAffine(element.Indices[0]);
        int length = KnownTableLength(field.Field);
        if (length >= 0) CheckRange(index, 0, length, field.Field.Name, element.Syntax);
        else CheckNonNegative(index, field.Field.Name, element.Syntax);
        if (length < 0) GpuNote(element.Syntax, Emit.Gpu.GpuSupport.TableReason);
        return new TableExpr(type, FieldName(field.Field), length, index);
    }

    /// <summary>A table whose length the source does not show still cannot be read below 0: refused here, since
    /// the unrolled code would index it with a negative constant (CS0251 inside generated code).</summary>
    private void CheckNonNegative(Affine index, string name, SyntaxNode site)
    {
        (long min, long max) = Range(index);
        if (min < 0)
            throw Error(DiagnosticDescriptors.IndexOutOfRange, site, name, min.ToString(), max.ToString(), name + ".Length");
    }

    /// <summary>The table an element reference reads; anything else is diagnosed.</summary>
    private IFieldReferenceOperation TableField(IArrayElementReferenceOperation element)
    {
        switch (element.ArrayReference)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type: IArrayTypeSymbol { Rank: 1 } array } } field
                when RealType(array.ElementType) is not null:
                return field;
            case IFieldReferenceOperation { Field: { Type: IArrayTypeSymbol { Rank: 1 } array } field }
                when RealType(array.ElementType) is not null:
                throw Error(DiagnosticDescriptors.TableMisuse, element.Syntax, Text(element),
                    $"'{field.Name}' is not 'static readonly'; declare it 'static readonly {array.ToDisplayString()} {field.Name}' so that the forward and reverse passes read the same values");
            case ILocalReferenceOperation local:
                Lookup(local.Local, local); // a rejected heap array declaration: already reported
                break;
        }
        throw Error(DiagnosticDescriptors.TableMisuse, element.Syntax, Text(element), TableAdvice);
    }

    /// <summary>Table.Length: known only from an array-creation initializer.</summary>
    private int TableLength(IFieldReferenceOperation field, SyntaxNode site)
    {
        int length = KnownTableLength(field.Field);
        return length >= 0 ? length : throw Error(DiagnosticDescriptors.TableMisuse, site, Shorten(site.ToString()),
            $"the length of '{field.Field.Name}' is known at compile time only when the field is initialised with an array creation ('{{ … }}', 'new[] {{ … }}', '[ … ]' or 'new double[N]'); use a constant instead");
    }

    /// <summary>The length the field's initializer creates, or -1 when it cannot be seen in source.</summary>
    private int KnownTableLength(IFieldSymbol field)
    {
        if (field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Initializer?.Value is not { } value)
            return -1;
        switch (value)
        {
            case InitializerExpressionSyntax list:
                return list.Expressions.Count;
            case ImplicitArrayCreationExpressionSyntax implicitCreation:
                return implicitCreation.Initializer.Expressions.Count;
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return initializer.Expressions.Count;
            case ArrayCreationExpressionSyntax { Type.RankSpecifiers: [{ Sizes: [var size] }] }:
#pragma warning disable RS1030 // the field may be declared in another file; its constant needs that file's model.
                SemanticModel model = _compilation.GetSemanticModel(size.SyntaxTree);
#pragma warning restore RS1030
                return model.GetConstantValue(size, _cancellationToken) is { HasValue: true, Value: int n } ? n : -1;
            case CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax):
                return collection.Elements.Count;
            default:
                return -1;
        }
    }

    private static string FieldName(IFieldSymbol field)
    {
        string name = SyntaxFacts.GetKeywordKind(field.Name) != SyntaxKind.None ? "@" + field.Name : field.Name;
        return field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + name;
    }
}
