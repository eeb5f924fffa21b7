using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Diagnostics;

/// <summary>
/// The generator's diagnostics. ACA1xxx: usage (declaration, sizes, ranges); ACA2xxx: code the generator cannot
/// differentiate; ACA3xxx: code with no GPU form (warnings: the CPU kernels are still generated). Every message
/// names the construct and says what to write instead.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Usage = "AcaKernels.Usage";
    private const string Differentiability = "AcaKernels.Differentiability";
    private const string Gpu = "AcaKernels.Gpu";

    public static readonly DiagnosticDescriptor NotPartial = Error("ACA1001", Usage,
        "[OdeDynamics] method in a non-partial type",
        "Type '{0}' must be declared partial so that the generated struct '{1}' can be nested in it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor WrongSignature = Error("ACA1002", Usage,
        "[OdeDynamics] method has the wrong signature",
        "'{0}' must be declared 'static void {0}(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, Span<T> dz)' with T float or double and no type parameters: {1}");

    public static readonly DiagnosticDescriptor InvalidSizes = Error("ACA1003", Usage,
        "Invalid sizes on [OdeDynamics]",
        "[OdeDynamics({0}, {1})] is invalid: the state size must be at least 1 and the parameter size at least 0, both constants");

    public static readonly DiagnosticDescriptor IndexOutOfRange = Error("ACA1004", Usage,
        "Index outside the declared size",
        "Index into '{0}' ranges over [{1}, {2}], outside [0, {3}); fix the index or the size declared on [OdeDynamics] / the stackalloc");

    public static readonly DiagnosticDescriptor NameClash = Error("ACA1005", Usage,
        "Generated struct name is taken",
        "Type '{0}' already has a member named '{1}'; rename the method or that member");

    public static readonly DiagnosticDescriptor StackallocPlacement = Error("ACA1006", Usage,
        "stackalloc must be at the top level of the dynamics",
        "'{0}' is inside a loop or branch; declare it once at the top level of the [OdeDynamics] method, as 'Span<T> name = stackalloc T[constant];'");

    public static readonly DiagnosticDescriptor ParameterMisuse = Error("ACA1007", Usage,
        "Dynamics parameter used in an unsupported way",
        "'{0}' can only be indexed with '[affine index]', sliced with '.Slice(constant, constant)' or passed to a helper; {1}");

    public static readonly DiagnosticDescriptor TapeTooLarge = Error("ACA1008", Usage,
        "Reverse pass needs more stack than the budget",
        "'{0}' makes the reverse pass keep {1} bytes of saved values and branch decisions on the stack ({2} for the whole method), over the budget of {3} bytes that keeps gradients allocation-free without risking a stack overflow; run fewer iterations here (a loop nest multiplies its trip counts, and an update that reads what it overwrites, like x = f(x), saves one value per iteration)");

    public static readonly DiagnosticDescriptor InternalError = Error("ACA1999", Usage,
        "Internal error in the AcaKernels generator",
        "The AcaKernels generator failed on '{0}' ({1}); this is a bug, please report it with the method's code");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("ACA2001", Differentiability,
        "Statement cannot be differentiated",
        "'{0}' is not supported in [OdeDynamics] code: {1}");

    /// <summary>The advice of ACA2001 when nothing more specific applies.</summary>
    public const string SupportedStatements =
        "use local declarations, assignments (=, +=, -=, *=, /=, ++, --), 'for' loops with constant bounds, if/else, return, and calls to static helpers";

    public static readonly DiagnosticDescriptor UnsupportedCall = Error("ACA2002", Differentiability,
        "Call cannot be differentiated",
        "'{0}' cannot be differentiated; call one of Math/MathF {1}, or a static helper method declared in this project");

    public static readonly DiagnosticDescriptor UnsupportedLoop = Error("ACA2003", Differentiability,
        "Loop bounds must be constant",
        "Loop '{0}' is not supported: write 'for (int i = A; i < B; i++)' (or <=, >, >=, i--, i += C) with constant A, B, C and do not assign i in the body");

    public static readonly DiagnosticDescriptor NonAffineIndex = Error("ACA2004", Differentiability,
        "Index must be affine in the loop counters",
        "Index '{0}' is not of the form c0 + c1*i + c2*j… with constant ci and loop counters i, j…; compute indices from loop counters and constants only");

    public static readonly DiagnosticDescriptor ReadsOutput = Error("ACA2005", Differentiability,
        "The output dz is read",
        "'{0}' reads the output; keep the value in a local or a stackalloc array and write dz from it ('dz[i] +=' and 'dz[i] -=' are allowed)");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("ACA2006", Differentiability,
        "Expression cannot be differentiated",
        "'{0}' is not supported in [OdeDynamics] code; use + - * /, unary minus, comparisons, ?:, casts between float and double, and Math/MathF functions");

    public static readonly DiagnosticDescriptor IntegerLocal = Error("ACA2007", Differentiability,
        "Integer locals must be constant expressions of loop counters",
        "Integer local '{0}' must be initialised once from constants and loop counters (affine) and never assigned again; {1}");

    public static readonly DiagnosticDescriptor RecursiveHelper = Error("ACA2008", Differentiability,
        "Helper methods are inlined and cannot recurse",
        "'{0}' calls itself (directly or through other helpers) or nests deeper than {1} levels; helpers are inlined, so write the recursion as a loop");

    public static readonly DiagnosticDescriptor UnsupportedHelper = Error("ACA2009", Differentiability,
        "Helper method cannot be inlined",
        "Helper '{0}' cannot be inlined: {1}");

    // New IDs start at ACA1020 / ACA2020 (IDs are never renumbered; the gap leaves room for other work in flight).

    public static readonly DiagnosticDescriptor StackallocForm = Error("ACA1020", Usage,
        "stackalloc must have a constant size and no initializer",
        "'{0}' cannot be used: {1}");

    public static readonly DiagnosticDescriptor CallerSpanLength = Error("ACA1021", Usage,
        "The length of a caller's span is not a constant",
        "'{0}' is the length of the span the caller passes, which the generated code cannot know; use the declared size ({1}) as a constant");

    public static readonly DiagnosticDescriptor GeneratedNameClash = Error("ACA1022", Usage,
        "Generated struct name collides",
        "'{0}', the struct generated for '{1}', {2}; rename the method");

    public static readonly DiagnosticDescriptor UnknownFusedMethod = Error("ACA1023", Usage,
        "Unknown method in AcaKernelsFusedMethods",
        "The MSBuild property AcaKernelsFusedMethods lists '{0}', which is not an adaptive method with fused kernels; list some of {1} (separated by ';')");

    public static readonly DiagnosticDescriptor InvalidTableau = Error("ACA1024", Usage,
        "[RungeKuttaTableau] class cannot give fused kernels",
        "Tableau '{0}' cannot be compiled into fused kernels: {1}");

    public static readonly DiagnosticDescriptor LoopTooLong = Error("ACA2020", Differentiability,
        "Loop runs too many iterations",
        "Loop '{0}' runs {1} iterations, more than the {2} one loop may run (the reverse pass sizes its tape at compile time); shorten it or split it into nested loops");

    public static readonly DiagnosticDescriptor HeapArray = Error("ACA2021", Differentiability,
        "Arrays cannot be allocated on the heap",
        "'{0}' allocates an array on the heap, which [OdeDynamics] code must not do; write '{1}' instead (at the top level of the method)");

    public static readonly DiagnosticDescriptor IntegerAsReal = Error("ACA2022", Differentiability,
        "Integer expression used as a real number",
        "'{0}' is an int expression used as a real number: {1}");

    public static readonly DiagnosticDescriptor TableMisuse = Error("ACA2023", Differentiability,
        "Array field used in an unsupported way",
        "'{0}' cannot be used: {1}");

    public static readonly DiagnosticDescriptor MemberRead = Error("ACA2024", Differentiability,
        "A field or property cannot be read",
        "'{0}' is {1}: [OdeDynamics] code reads only constants, not values kept outside the call; declare it 'const' if it is fixed, or pass it in p (it then gets a gradient too)");

    public static readonly DiagnosticDescriptor NoGpuForm = new("ACA3001", "A construct has no GPU form",
        "'{0}' has no GPU form, so this system gets no GPU kernels (its CPU kernels are unaffected): {1}", Gpu,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpPage + "#aca3001");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new[]
    {
        NotPartial, WrongSignature, InvalidSizes, IndexOutOfRange, NameClash, StackallocPlacement, ParameterMisuse, TapeTooLarge,
        InternalError, UnsupportedStatement, UnsupportedCall, UnsupportedLoop, NonAffineIndex, ReadsOutput,
        UnsupportedExpression, IntegerLocal, RecursiveHelper, UnsupportedHelper, StackallocForm, CallerSpanLength, GeneratedNameClash, UnknownFusedMethod, InvalidTableau,
        LoopTooLong, HeapArray, IntegerAsReal, TableMisuse, MemberRead, NoGpuForm,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => All[id];

    /// <summary>The page that shows, for every ID, code that triggers it and the fix (docs/diagnostics.md of the
    /// repository; each ID is a heading, so its anchor is the lower-case ID).</summary>
    public const string HelpPage = "https://github.com/AcaKernels/AcaKernels/blob/main/docs/diagnostics.md";

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpPage + "#" + id.ToLowerInvariant());

    /// <summary>Every descriptor (for the help-page and release-tracking tests).</summary>
    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;
}
