namespace AcaKernels.Generators.Model;

/// <summary>The outcome of transforming one attributed method: a spec (when valid) and its diagnostics.</summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics) where T : class, IEquatable<T>;
