namespace AcaKernels.Generators.Model;

/// <summary>The outcome of transforming one attributed method: a spec (when valid) and its diagnostics.</summary>
/// <param name="GpuNotes">The constructs with no GPU form (ACA3001), reported only when the compilation references
/// the GPU contract: kept apart so that the pipeline can decide that without re-running the transform.</param>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DiagnosticInfo> GpuNotes = default)
    where T : class, IEquatable<T>;
