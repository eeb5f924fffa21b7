using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Lanes;

/// <summary>
/// <see cref="Length"/> vectors from a byte offset of a pinned array, starting on a cache line (one buffer of an
/// <see cref="AlignedVectorBlock{T}"/>). It reads and writes like the <see cref="Vector512{T}"/> array it stands for:
/// an indexer, <see cref="Length"/>, <see cref="AsSpan"/>, and implicit conversions to the spans the lane kernels take.
/// </summary>
/// <remarks>
/// The members are forced inline: the engine's step methods are large enough that the JIT's inlining budget runs out,
/// and a conversion left as a call costs more than the misalignment the view avoids (LaneEngine's AsDouble says so).
/// The read-only span is built directly, not through Span's conversion, for the same reason.
/// </remarks>
internal readonly struct AlignedVectorView<T> where T : unmanaged
{
    private readonly Vector512<T>[] _block;
    private readonly nuint _byteOffset;

    /// <summary>The vectors [byteOffset, byteOffset + 64·length) of a pinned <paramref name="block"/>.</summary>
    public AlignedVectorView(Vector512<T>[] block, nuint byteOffset, int length)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteOffset + (nuint)length * AlignedVectors.Alignment,
            (nuint)block.Length * AlignedVectors.Alignment, nameof(length));
        (_block, _byteOffset, Length) = (block, byteOffset, length);
    }

    public int Length { get; }

    public Span<Vector512<T>> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => AlignedVectors.ViewAt(_block, _byteOffset, Length);
    }

    public ref Vector512<T> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Span[index];
    }

    /// <summary>Vectors [start, start + length) of the view, as the array's AsSpan gives them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<Vector512<T>> AsSpan(int start, int length) => Span.Slice(start, length);

    /// <summary>Vectors [start, start + length) of the view as a view of their own (on a cache line too).</summary>
    public AlignedVectorView<T> Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + length, Length, nameof(length));
        return new AlignedVectorView<T>(_block, _byteOffset + (nuint)start * AlignedVectors.Alignment, length);
    }

    /// <summary>The same vectors typed by <typeparamref name="TOther"/>, which must be <typeparamref name="T"/> itself:
    /// for a generic caller that knows its T at run time (the lane engine runs doubles only). A checked cast of the
    /// block, so any other type throws <see cref="InvalidCastException"/>.</summary>
    public AlignedVectorView<TOther> As<TOther>() where TOther : unmanaged =>
        new((Vector512<TOther>[])(object)_block, _byteOffset, Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Span<Vector512<T>>(AlignedVectorView<T> view) => view.Span;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator ReadOnlySpan<Vector512<T>>(AlignedVectorView<T> view) =>
        MemoryMarshal.CreateReadOnlySpan(ref AlignedVectors.RefAt(view._block, view._byteOffset), view.Length);
}
