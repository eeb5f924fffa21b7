using System.Collections.Generic;
using System.Threading;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Emit;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// Turns the IOperation tree of an <c>[OdeDynamics]</c> method into the IR: inlines helpers, gives locals unique
/// names, resolves indices to affine forms and proves them in range. Errors become diagnostics; parsing goes on
/// with the next statement so one run reports every problem. This file holds the state; the statement,
/// expression, index and helper parts are in the other <c>BodyParser.*.cs</c> files.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Helpers nest at most this deep (a guard against runaway inlining).</summary>
    private const int MaxInlineDepth = 16;

    /// <summary>A loop may run at most this many iterations (the tape is sized statically).</summary>
    private const int MaxTrips = 1 << 20;

    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly ScalarType _type;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<DiagnosticInfo> _gpuNotes = new();
    private readonly List<ScalarVariable> _scalars = new();
    private readonly List<ArrayVariable> _arrays = new();
    private readonly List<LoopVariable> _loops = new();
    private readonly Dictionary<int, (int Min, int Max)> _loopRanges = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal) { "t", "z", "p", "dz", "v", "gradZ", "gradP" };
    private readonly List<IMethodSymbol> _inlineStack = new();
    private Frame _frame;
    private List<Stmt> _output = new();
    private int _controlDepth;

    private BodyParser(Compilation compilation, ScalarType type, Frame topFrame, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _type = type;
        _frame = topFrame;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Local and parameter bindings of one (inlined) method body.</summary>
    private sealed class Frame
    {
        public Dictionary<ISymbol, Binding> Bindings { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>Parses <paramref name="body"/> (the dynamics method's body operation). GpuNotes name each construct
    /// with no GPU form, once per place in the source (see <see cref="GpuNote"/>).</summary>
    public static (IrFunction? Function, List<DiagnosticInfo> Diagnostics, List<DiagnosticInfo> GpuNotes) Parse(Compilation compilation,
        IMethodSymbol method, IOperation body, ScalarType type, int stateSize, int parameterSize,
        CancellationToken cancellationToken)
    {
        var frame = new Frame();
        frame.Bindings[method.Parameters[0]] = new TimeBinding(type);
        frame.Bindings[method.Parameters[1]] = new SpanBinding(new SpanView(SpanSource.State, -1, Affine.Of(0), stateSize, false, method.Parameters[1].Name));
        frame.Bindings[method.Parameters[2]] = new SpanBinding(new SpanView(SpanSource.Parameters, -1, Affine.Of(0), parameterSize, false, method.Parameters[2].Name));
        frame.Bindings[method.Parameters[3]] = new SpanBinding(new SpanView(SpanSource.Output, -1, Affine.Of(0), stateSize, true, method.Parameters[3].Name));
        var parser = new BodyParser(compilation, type, frame, cancellationToken);
        parser._inlineStack.Add(method.OriginalDefinition);
        Block block = parser.ParseMethodBody(body);
        if (parser._diagnostics.Count != 0)
            return (null, parser._diagnostics, parser._gpuNotes);
        var function = new IrFunction(type, stateSize, parameterSize, block, parser._scalars.ToEquatableArray(),
            parser._arrays.ToEquatableArray(), parser._loops.ToEquatableArray());
        if (parser.CheckTapeBudget(function, method) is { } tooLarge)
        {
            parser._diagnostics.Add(tooLarge);
            return (null, parser._diagnostics, parser._gpuNotes);
        }
        return (function, parser._diagnostics, parser._gpuNotes);
    }

    /// <summary>
    /// A name for an IR local that no other IR local and no generated name can have (<see cref="GeneratedNames"/>),
    /// printable as C# (keywords get their verbatim '@' back).
    /// </summary>
    private string UniqueName(string name)
    {
        string stem = GeneratedNames.Unreserved(name), candidate = stem;
        for (int i = 1; !_names.Add(candidate); i++)
            candidate = stem + "_" + i;
        return GeneratedNames.Printable(candidate);
    }

    private int NewScalar(string name, ScalarType type)
    {
        int id = _scalars.Count;
        _scalars.Add(new ScalarVariable(id, UniqueName(name), type));
        return id;
    }

    /// <summary>Notes a construct with no GPU form (ACA3001) at <paramref name="node"/>, once per place (an inlined
    /// helper is parsed once per call). The system then gets no GPU form; its CPU kernels are unaffected.</summary>
    private void GpuNote(SyntaxNode node, string reason)
    {
        var note = DiagnosticInfo.Create(DiagnosticDescriptors.NoGpuForm, LocationInfo.From(node), Shorten(node.ToString()), reason);
        if (!_gpuNotes.Contains(note)) _gpuNotes.Add(note);
    }

    private static ParseException Error(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] args) =>
        new(DiagnosticInfo.Create(descriptor, LocationInfo.From(node), args));

    private static string Text(IOperation operation) => Shorten(operation.Syntax.ToString());

    private static string Shorten(string text)
    {
        text = string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }

    /// <summary>float or double for a real type symbol; null for anything else.</summary>
    internal static ScalarType? RealType(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Single => ScalarType.Single,
        SpecialType.System_Double => ScalarType.Double,
        _ => null,
    };

    private static bool IsInt(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Int32;

    /// <summary>Whether <paramref name="type"/> is Span&lt;T&gt; (writable) or ReadOnlySpan&lt;T&gt;; null otherwise.</summary>
    internal static (bool Writable, ScalarType Element)? SpanType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named) return null;
        if (named.ContainingNamespace?.ToDisplayString() != "System") return null;
        ScalarType? element = RealType(named.TypeArguments[0]);
        if (element is null) return null;
        return named.Name switch
        {
            "Span" => (true, element.Value),
            "ReadOnlySpan" => (false, element.Value),
            _ => null,
        };
    }
}
