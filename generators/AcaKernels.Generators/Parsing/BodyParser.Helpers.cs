using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>Inlining of static helper methods (and static local functions) declared in the same compilation.</summary>
internal sealed partial class BodyParser
{
    /// <summary>Inlines a helper call at the current point; returns its value (a fresh local) or null for void.</summary>
    private Expr? InlineHelper(IInvocationOperation invocation, bool wantsValue)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string name = method.Name;
        ScalarType? returnType = RealType(method.ReturnType);
        SyntaxNode? declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        if (declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
            || method.ContainingType?.ContainingNamespace?.ToDisplayString() is "System")
            throw Error(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, Text(invocation),
                Functions.KnownMathFunctions.SupportedNames);
        if (!method.IsStatic && method.MethodKind != MethodKind.LocalFunction || invocation.Instance is not null)
            throw Error(DiagnosticDescriptors.UnsupportedHelper, invocation.Syntax, name, "make it a static method");
        if (method.IsGenericMethod)
            throw Error(DiagnosticDescriptors.UnsupportedHelper, invocation.Syntax, name, "generic helpers are not supported; write it for float or double");
        if (wantsValue ? returnType is null : !method.ReturnsVoid && returnType is null)
            throw Error(DiagnosticDescriptors.UnsupportedHelper, invocation.Syntax, name, "it must return void, float or double");
        if (_inlineStack.Count > MaxInlineDepth || _inlineStack.Any(m => SymbolEqualityComparer.Default.Equals(m, method.OriginalDefinition)))
            throw Error(DiagnosticDescriptors.RecursiveHelper, invocation.Syntax, name, MaxInlineDepth.ToString());

        var frame = new Frame();
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            IParameterSymbol? parameter = argument.Parameter;
            if (parameter is null || parameter.RefKind is not (RefKind.None or RefKind.In) || argument.ArgumentKind != ArgumentKind.Explicit)
                throw Error(DiagnosticDescriptors.UnsupportedHelper, argument.Syntax, name,
                    "pass every parameter explicitly and by value (no ref/out, optional or params parameters)");
            if (RealType(parameter.Type) is ScalarType real)
            {
                Expr value = ParseReal(argument.Value, real);
                int id = NewScalar(parameter.Name, real);
                _output.Add(new AssignStmt(new LocalTarget(id), AssignOp.Set, value));
                frame.Bindings[parameter] = new ScalarBinding(id, real);
            }
            else if (IsInt(parameter.Type))
                frame.Bindings[parameter] = new IntBinding(ParseAffine(argument.Value), IsLoopCounter: false);
            else if (SpanType(parameter.Type) is { } span)
            {
                SpanView view = ParseView(argument.Value);
                if (span.Writable && !view.Writable)
                    throw Error(DiagnosticDescriptors.ParameterMisuse, argument.Syntax, view.Name, "only dz and stackalloc arrays can be passed as Span<T>");
                frame.Bindings[parameter] = new SpanBinding(view with { Writable = span.Writable && view.Writable, Name = parameter.Name });
            }
            else
                throw Error(DiagnosticDescriptors.UnsupportedHelper, argument.Syntax, name,
                    $"parameter '{parameter.Name}' has type {parameter.Type.ToDisplayString()}; use float, double, int, Span<T> or ReadOnlySpan<T>");
        }

        SemanticModel model = invocation.SemanticModel!.SyntaxTree == declaration.SyntaxTree
            ? invocation.SemanticModel
#pragma warning disable RS1030 // helpers may live in other files; their operations need that file's model.
            : _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
        IOperation? body = model.GetOperation(declaration, _cancellationToken);
        if (body is null)
            throw Error(DiagnosticDescriptors.UnsupportedHelper, invocation.Syntax, name, "it has no body");

        Frame saved = _frame;
        _frame = frame;
        _inlineStack.Add(method.OriginalDefinition);
        try
        {
            Block block = ParseBody(body, wantsValue, out IOperation? returned);
            foreach (Stmt statement in block.Statements) _output.Add(statement);
            if (!wantsValue) return null;
            Expr value = ParseReal(returned!, returnType!.Value);
            int result = NewScalar(name, returnType.Value);
            _output.Add(new AssignStmt(new LocalTarget(result), AssignOp.Set, value));
            return new LocalExpr(returnType.Value, result);
        }
        finally
        {
            _inlineStack.RemoveAt(_inlineStack.Count - 1);
            _frame = saved;
        }
    }
}
