using System.Collections.Generic;
using System.Threading;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AcaKernels.Generators.Parsing;

/// <summary>The pipeline's transform: validates an <c>[OdeDynamics]</c> method and parses it into a spec.</summary>
internal static class DynamicsParser
{
    public static Result<DynamicsSpec> Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var gpuNotes = new List<DiagnosticInfo>();
        DynamicsSpec? spec = null;
        string name = context.TargetSymbol.Name;
        try
        {
            spec = TryParse(context, diagnostics, gpuNotes, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bug in the generator: report it instead of failing the whole compilation with CS8785.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError,
                LocationInfo.From(context.TargetNode), name, e.GetType().Name + ": " + e.Message));
            spec = null;
        }
        return diagnostics.Count == 0
            ? new Result<DynamicsSpec>(spec, diagnostics.ToEquatableArray(), gpuNotes.ToEquatableArray())
            : new Result<DynamicsSpec>(null, diagnostics.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static DynamicsSpec? TryParse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics,
        List<DiagnosticInfo> gpuNotes, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongSignature, LocationInfo.From(context.TargetNode),
                context.TargetSymbol.Name, "it must be a method declared in a type (not a local function)"));
            return null;
        }
        LocationInfo? location = LocationInfo.From(syntax.Identifier.GetLocation());
        string? signatureProblem = SignatureProblem(method, syntax);
        if (signatureProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongSignature, location, method.Name, signatureProblem));
            return null;
        }
        ScalarType type = BodyParser.RealType(method.Parameters[0].Type)!.Value;

        var containing = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            var declaration = t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || !t.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax d
                    && d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, LocationInfo.From(declaration?.Identifier.GetLocation()) ?? location,
                    t.Name, method.Name + "Ode"));
                return null;
            }
            containing.Insert(0, new ContainingTypeSpec(Keyword(declaration), t.Name,
                t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => p.Name)) + ">"));
        }
        string structName = GeneratedStructName(method);
        if (NameClash(method, structName) is DiagnosticInfo clash)
        {
            diagnostics.Add(clash with { Location = location });
            return null;
        }

        AttributeData attribute = context.Attributes[0];
        LocationInfo? attributeLocation = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? location;
        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not int n || attribute.ConstructorArguments[1].Value is not int m
            || n < 1 || m < 0)
        {
            string Arg(int i) => attribute.ConstructorArguments.Length > i ? attribute.ConstructorArguments[i].Value?.ToString() ?? "?" : "?";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSizes, attributeLocation, Arg(0), Arg(1)));
            return null;
        }

        IOperation? body = context.SemanticModel.GetOperation(syntax, cancellationToken);
        if (body is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongSignature, location, method.Name, "it has no body"));
            return null;
        }
        (IrFunction? function, List<DiagnosticInfo> bodyDiagnostics, List<DiagnosticInfo> bodyGpuNotes) =
            BodyParser.Parse(context.SemanticModel.Compilation, method, body, type, n, m, cancellationToken);
        diagnostics.AddRange(bodyDiagnostics);
        gpuNotes.AddRange(bodyGpuNotes);
        if (function is null) return null;

        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } nsSymbol ? nsSymbol.ToDisplayString() : "";
        string hint = string.Join(".", new[] { ns }.Where(s => s.Length != 0)
            .Concat(containing.Select(c => c.Name + (c.TypeParameters.Length == 0 ? "" : "`" + c.TypeParameters.Count(ch => ch == ',') + 1)))
            .Concat(new[] { structName, Literals(type) }));
        return new DynamicsSpec(ns, containing.ToEquatableArray(), method.Name, structName, hint, function, GpuParameterSweep(attribute));
    }

    private const string AttributeName = "AcaKernels.OdeDynamicsAttribute";

    /// <summary>The attribute's named argument <c>GpuParameterSweep</c>, true where it is not given.</summary>
    private static bool GpuParameterSweep(AttributeData attribute) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == "GpuParameterSweep").Value.Value is not false;

    private static bool IsMarked(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    /// <summary>
    /// The struct generated for <paramref name="method"/>: <c>{Name}Ode</c>; a float overload whose double overload
    /// is marked too gets <c>{Name}SingleOde</c>, so the two never share a name (the signature is fixed, so a
    /// name has at most these two marked overloads).
    /// </summary>
    internal static string GeneratedStructName(IMethodSymbol method)
    {
        bool single = method.Parameters.FirstOrDefault()?.Type.SpecialType == SpecialType.System_Single;
        bool doubleSibling = method.ContainingType?.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            !SymbolEqualityComparer.Default.Equals(other, method) && IsMarked(other)
            && other.Parameters.FirstOrDefault()?.Type.SpecialType == SpecialType.System_Double) == true;
        return method.Name + (single && doubleSibling ? "SingleOde" : "Ode");
    }

    /// <summary>A collision of the generated struct's name with the containing type, one of its members, or the
    /// struct of another marked method (location filled in by the caller).</summary>
    private static DiagnosticInfo? NameClash(IMethodSymbol method, string structName)
    {
        INamedTypeSymbol type = method.ContainingType!;
        if (type.Name == structName)
            return DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, null, structName, method.Name,
                "is the name of the type that contains it (a member cannot share its type's name)");
        if (type.GetMembers(structName).Length != 0)
            return DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, null, type.Name, structName);
        foreach (IMethodSymbol other in type.GetMembers().OfType<IMethodSymbol>())
            if (!SymbolEqualityComparer.Default.Equals(other, method) && IsMarked(other) && GeneratedStructName(other) == structName)
                return DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, null, structName, method.Name,
                    $"is also the struct generated for '{other.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'");
        if (type.TypeParameters.Any(p => p.Name == structName))
            return DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, null, structName, method.Name,
                "is the name of a type parameter of the containing type");
        return null;
    }

    private static string Literals(ScalarType type) => type == ScalarType.Single ? "Single" : "Double";

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private static string? SignatureProblem(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        if (!method.IsStatic) return "it is not static";
        if (!method.ReturnsVoid) return "it does not return void";
        if (method.IsGenericMethod) return "it has type parameters";
        if (method.Parameters.Length != 4) return $"it has {method.Parameters.Length} parameters instead of 4";
        if (syntax.Body is null && syntax.ExpressionBody is null) return "it has no body";
        ScalarType? t = BodyParser.RealType(method.Parameters[0].Type);
        if (t is null) return $"its first parameter has type {method.Parameters[0].Type.ToDisplayString()}, expected float or double";
        if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams)) return "its parameters must be passed by value";
        if (BodyParser.SpanType(method.Parameters[1].Type) is not { Writable: false } z || z.Element != t)
            return $"'{method.Parameters[1].Name}' must be ReadOnlySpan<{Emit.Literals.TypeName(t.Value)}>";
        if (BodyParser.SpanType(method.Parameters[2].Type) is not { Writable: false } p || p.Element != t)
            return $"'{method.Parameters[2].Name}' must be ReadOnlySpan<{Emit.Literals.TypeName(t.Value)}>";
        if (BodyParser.SpanType(method.Parameters[3].Type) is not { Writable: true } dz || dz.Element != t)
            return $"'{method.Parameters[3].Name}' must be Span<{Emit.Literals.TypeName(t.Value)}>";
        return null;
    }
}
