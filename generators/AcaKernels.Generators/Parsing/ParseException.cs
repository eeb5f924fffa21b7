using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Parsing;

/// <summary>Aborts parsing of the current statement with a diagnostic; the parser records it and moves on. A
/// silent exception (no diagnostic) aborts a statement that only fails because of an error already reported,
/// such as a use of a local whose declaration was rejected, so that one mistake yields one diagnostic.</summary>
internal sealed class ParseException(DiagnosticInfo? diagnostic) : Exception(diagnostic?.Id ?? "already reported")
{
    public DiagnosticInfo? Diagnostic { get; } = diagnostic;

    public static ParseException Silent() => new(null);
}
