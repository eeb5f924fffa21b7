using System.Collections.Generic;
using System.Threading;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// The pipeline's transform for a <c>[RungeKuttaTableau]</c> class: reads the initializer of its
/// <c>static ButcherTableau Tableau { get; } = new("Name", order, errorOrder, c, a, b, error, error2)</c> through
/// the semantic model's constant values (so <c>2.0 / 9 - 7.0 / 24</c> is the double the compiler folds, the one
/// the runtime object holds) and validates it with ButcherTableau itself. Anything else is ACA1024 at the code.
/// </summary>
internal static class TableauParser
{
    private const string TableauType = "AcaKernels.Tableaus.ButcherTableau";

    public static Result<TableauSpec> Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        LocationInfo? classLocation = LocationInfo.From((context.TargetNode as BaseTypeDeclarationSyntax)?.Identifier.GetLocation() ?? context.TargetNode.GetLocation());
        try
        {
            return Parse(context, symbol, classLocation, cancellationToken);
        }
        catch (TableauException e)
        {
            return Fail(e.Location ?? classLocation, symbol.Name, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the generator: report it instead of failing the whole compilation with CS8785.
            return new(null, EquatableArray.Create(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, classLocation,
                symbol.Name, e.GetType().Name + ": " + e.Message)));
        }
    }

    private static Result<TableauSpec> Fail(LocationInfo? location, string name, string problem) =>
        new(null, EquatableArray.Create(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTableau, location, name, problem)));

    private static Result<TableauSpec> Parse(GeneratorAttributeSyntaxContext context, INamedTypeSymbol symbol,
        LocationInfo? classLocation, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? t = symbol; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                throw new TableauException($"'{t.Name}' is {t.DeclaredAccessibility.ToString().ToLowerInvariant()}, so the generated systems cannot " +
                    "reach the tableau; make it public or internal", null);
            if (t.TypeParameters.Length != 0)
                throw new TableauException($"'{t.Name}' is generic; declare the tableau in a non-generic static class", null);
        }
        IPropertySymbol? property = symbol.GetMembers("Tableau").OfType<IPropertySymbol>().FirstOrDefault();
        if (property is null || !property.IsStatic || property.Type.ToDisplayString() != TableauType
            || property.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            throw new TableauException("it needs a public or internal 'static ButcherTableau Tableau { get; } = new(...)'", null);
        var declaration = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
        LocationInfo? propertyLocation = LocationInfo.From(declaration?.Identifier.GetLocation());
        if (declaration?.Initializer is not { } initializer || property.SetMethod is not null || declaration.AccessorList is null
            || declaration.AccessorList.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
            throw new TableauException("'Tableau' must be a get-only auto-property with an initializer: 'static ButcherTableau Tableau { get; } = new(...)'", propertyLocation);

        SemanticModel model = context.SemanticModel.SyntaxTree == initializer.SyntaxTree
            ? context.SemanticModel
            : context.SemanticModel.Compilation.GetSemanticModel(initializer.SyntaxTree);
        IOperation? operation = model.GetOperation(initializer.Value, cancellationToken);
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        if (operation is not IObjectCreationOperation creation || creation.Constructor is null
            || creation.Type?.ToDisplayString() != TableauType
            || creation.Constructor.Parameters.FirstOrDefault()?.Type.SpecialType != SpecialType.System_String)
            throw new TableauException("the initializer must call the constructor that takes a name: new(\"Name\", order: …, errorOrder: …, c: […], a: […], b: […], error: […])",
                LocationInfo.From(initializer.Value));

        var arguments = creation.Arguments.ToDictionary(a => a.Parameter!.Name, a => a.Value);
        string name = arguments["name"].ConstantValue is { HasValue: true, Value: string s } ? s
            : throw new TableauException("the name must be a constant string", LocationInfo.From(arguments["name"].Syntax));
        int order = Int(arguments["order"]), errorOrder = Int(arguments["errorOrder"]);
        double[] c = Vector(arguments["c"], "c")!, b = Vector(arguments["b"], "b")!;
        double[]? error = Vector(arguments["error"], "error"), error2 = Vector(arguments["error2"], "error2");
        double[][] a = Rows(arguments["a"]);

        string reference = "global::" + symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "") + ".Tableau";
        var spec = new TableauSpec(name, symbol.Name, reference, order, errorOrder, c.ToEquatableArray(),
            a.SelectMany(row => row).ToEquatableArray(), b.ToEquatableArray(), error?.ToEquatableArray(), error2?.ToEquatableArray());
        try
        {
            spec.Build(name); // the runtime's own checks: row sums, Σb = 1, Σe = 0, lengths
        }
        catch (ArgumentException e)
        {
            return Fail(propertyLocation ?? classLocation, symbol.Name, e.Message);
        }
        if (error is null)
            return Fail(propertyLocation ?? classLocation, symbol.Name,
                "it has no error weights, so it is a fixed-step method, and only adaptive methods get fused kernels; add error weights or drop [RungeKuttaTableau]");
        return new Result<TableauSpec>(spec, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static int Int(IOperation value) =>
        value.ConstantValue is { HasValue: true, Value: int i } ? i
            : throw new TableauException($"'{value.Syntax}' is not a constant int", LocationInfo.From(value.Syntax));

    private static double Number(IOperation value)
    {
        Optional<object?> constant = value.ConstantValue;
        if (!constant.HasValue || constant.Value is not (double or float or int or long or short or sbyte or byte or uint or ulong or ushort))
            throw new TableauException($"'{value.Syntax}' is not a compile-time constant; write the coefficient as a literal or constant arithmetic (e.g. 2.0 / 9)",
                LocationInfo.From(value.Syntax));
        return Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A double[] argument: null (or left out) gives null, else a collection expression or array creation of constants.</summary>
    private static double[]? Vector(IOperation value, string parameter)
    {
        IEnumerable<IOperation>? elements = Elements(value);
        if (elements is null)
        {
            if (value.ConstantValue is { HasValue: true, Value: null }) return null;
            throw new TableauException($"'{parameter}' must be written out as an array of constants ([…] or new double[] {{ … }})", LocationInfo.From(value.Syntax));
        }
        return elements.Select(Number).ToArray();
    }

    private static double[][] Rows(IOperation value)
    {
        IEnumerable<IOperation> rows = Elements(value)
            ?? throw new TableauException("'a' must be written out as rows of constants ([[], [a10], [a20, a21], …])", LocationInfo.From(value.Syntax));
        return rows.Select(row => Vector(row, "a") ?? throw new TableauException("a row of 'a' is null", LocationInfo.From(row.Syntax))).ToArray();
    }

    private static IEnumerable<IOperation>? Elements(IOperation value)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        return value switch
        {
            ICollectionExpressionOperation collection => collection.Elements,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            _ => null,
        };
    }

    private sealed class TableauException(string message, LocationInfo? location) : Exception(message)
    {
        public LocationInfo? Location { get; } = location;
    }
}
