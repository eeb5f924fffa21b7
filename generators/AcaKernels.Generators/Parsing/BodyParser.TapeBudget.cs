using System.Collections.Generic;
using System.Globalization;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using AcaKernels.Generators.Passes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// The stack budget of the reverse pass. The loop-form VJP keeps its tape (overwritten values) and branch
/// decisions in stackalloc'd buffers, sized statically from the constant trip counts, so that a gradient
/// allocates nothing; IOdeDynamics&lt;T&gt;.VectorJacobianProduct has no workspace argument to hold a larger
/// one. A body whose tape would exceed <see cref="StackBudgetBytes"/> is refused here, at the loop responsible,
/// instead of overflowing the stack at run time.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// Most bytes of tape and branch flags one VJP call may put on the stack: 128 KiB, an eighth of the smallest
    /// default thread stack .NET uses (1 MiB on Windows; 1.5 MiB for secondary threads on Linux), leaving the rest
    /// to the solver's frames and the user's own stackalloc arrays.
    /// </summary>
    public const long StackBudgetBytes = 128 * 1024;

    /// <summary>Where each parsed loop came from, for the budget diagnostic (not part of the model).</summary>
    private readonly Dictionary<ForStmt, (LocationInfo? Location, string Text)> _loopSources = new(ReferenceComparer<ForStmt>.Instance);

    private void RememberLoop(ForStmt statement, IForLoopOperation loop)
    {
        SyntaxNode syntax = loop.Syntax;
        LocationInfo? location = syntax is ForStatementSyntax f
            ? LocationInfo.From(Location.Create(f.SyntaxTree, TextSpan.FromBounds(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End)))
            : LocationInfo.From(syntax);
        _loopSources[statement] = (location, LoopText(loop));
    }

    /// <summary>A located diagnostic when the tape of <paramref name="function"/> exceeds the budget; null otherwise.</summary>
    private DiagnosticInfo? CheckTapeBudget(IrFunction function, IMethodSymbol method)
    {
        TapePlan plan = TapePlanner.Plan(function);
        if (plan.StackBytes <= StackBudgetBytes) return null;
        // The top-level statement that adds the most is the loop nest to shrink.
        KeyValuePair<Stmt, long> largest = plan.TopLevelBytes.OrderByDescending(kv => kv.Value).First();
        (LocationInfo? location, string text) = largest.Key is ForStmt loop && _loopSources.TryGetValue(loop, out var source)
            ? source
            : (LocationInfo.From(method.Locations.FirstOrDefault()), method.Name);
        return DiagnosticInfo.Create(DiagnosticDescriptors.TapeTooLarge, location, text, Bytes(largest.Value),
            Bytes(plan.StackBytes), StackBudgetBytes.ToString(CultureInfo.InvariantCulture));
    }

    private static string Bytes(long bytes) => bytes == long.MaxValue
        ? "more than " + long.MaxValue.ToString(CultureInfo.InvariantCulture)
        : bytes.ToString(CultureInfo.InvariantCulture);
}
