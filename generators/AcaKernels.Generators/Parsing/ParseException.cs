using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Parsing;

/// <summary>Aborts parsing of the current statement with a diagnostic; the parser records it and moves on.</summary>
internal sealed class ParseException(DiagnosticInfo diagnostic) : Exception(diagnostic.Id)
{
    public DiagnosticInfo Diagnostic { get; } = diagnostic;
}
