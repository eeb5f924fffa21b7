using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Parsing;

/// <summary>What a C# local or parameter stands for while parsing one inlined frame.</summary>
internal abstract record Binding;

/// <summary>A real-valued scalar local of the IR.</summary>
internal sealed record ScalarBinding(int Variable, ScalarType Type) : Binding;

/// <summary>The time parameter t of the dynamics.</summary>
internal sealed record TimeBinding(ScalarType Type) : Binding;

/// <summary>An integer that is an affine function of loop counters (int locals, int helper parameters).</summary>
internal sealed record IntBinding(Affine Value, bool IsLoopCounter) : Binding;

/// <summary>A local whose declaration was rejected (already reported): its uses are skipped silently.</summary>
internal sealed record ErrorBinding : Binding;

/// <summary>A span: a window [Offset, Offset + Length) of one of the underlying arrays.</summary>
internal sealed record SpanBinding(SpanView View) : Binding;

/// <summary>The arrays a span can view.</summary>
internal enum SpanSource
{
    State,
    Parameters,
    Output,
    LocalArray,
}

/// <summary>A window of z, p, dz or a local array (<paramref name="Array"/> is the array id then).
/// <paramref name="KnownLength"/>: the span's runtime Length is always <paramref name="Length"/> (stackalloc arrays and
/// slices with a constant length); z, p and dz are as long as the caller makes them, at least the declared size.</summary>
internal sealed record SpanView(SpanSource Source, int Array, Affine Offset, int Length, bool Writable, string Name,
    bool KnownLength = false);
