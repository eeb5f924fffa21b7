using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators.Model;

/// <summary>A diagnostic to report, held as plain data (descriptor id, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id),
        Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
