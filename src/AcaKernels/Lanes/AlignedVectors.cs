using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Lanes;

/// <summary>
/// Runs of <see cref="Vector512{T}"/> whose data starts on a 64-byte (cache-line) boundary. .NET aligns an array's
/// data to 8 bytes only, so a <c>Vector512</c> array is off a cache line by a multiple of 8 in seven cases of eight,
/// and then every load and store of the lane kernels touches two cache lines: the step VJP kernel ran 1.2–1.4× slower
/// on its scratch, adjoints and state at +8 or +32 bytes than at a cache-line start (RESULTS.md §8).
/// </summary>
/// <remarks>
/// Every aligned buffer of the lane code is a byte-offset view into a pinned array one vector longer than it needs:
/// the offset (at most 56 bytes) takes the data to the array's first cache-line boundary, and pinning (the pinned
/// object heap never moves an array) keeps it there, so the offset found once holds for the array's life. The engine's
/// small buffers share one such array (<see cref="AlignedVectorBlock{T}"/>); the step VJP's scratch and the checkpoint
/// log's slots have one each. One allocation per buffer set, whatever the heap's placement (retrying allocations
/// until one landed on a boundary needed a lock and dropped the misaligned tries).
/// </remarks>
internal static class AlignedVectors
{
    /// <summary>Bytes of a cache line, and of one <see cref="Vector512{T}"/>.</summary>
    public const int Alignment = 64;

    /// <summary>A pinned array of <paramref name="length"/> vectors, not zeroed, placed wherever the heap puts it (the
    /// caller aligns by an offset into it).</summary>
    public static Vector512<T>[] AllocateUninitialized<T>(int length) where T : unmanaged =>
        GC.AllocateUninitializedArray<Vector512<T>>(length, pinned: true);

    /// <summary>A zeroed, pinned array one vector longer than <paramref name="length"/>, for
    /// <see cref="AlignedView{T}"/>.</summary>
    public static Vector512<T>[] AllocateForView<T>(int length) where T : unmanaged =>
        GC.AllocateArray<Vector512<T>>(length + 1, pinned: true);

    /// <summary>The <paramref name="length"/> vectors of an <see cref="AllocateForView{T}"/> array that start on its
    /// first cache-line boundary (the array is pinned, so the offset is the same on every call).</summary>
    public static Span<Vector512<T>> AlignedView<T>(Vector512<T>[] array, int length) where T : unmanaged =>
        ViewAt(array, AlignmentOffset(array), length);

    /// <summary>Bytes from the start of a pinned <paramref name="array"/>'s data to its first cache-line boundary.</summary>
    public static nuint AlignmentOffset<T>(Vector512<T>[] array) where T : unmanaged =>
        (nuint)((Alignment - MisalignmentOf(array)) % Alignment);

    /// <summary>The <paramref name="length"/> vectors from byte <paramref name="byteOffset"/> of <paramref name="array"/>
    /// (an offset that is not a multiple of a vector's size: hence not a plain slice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<Vector512<T>> ViewAt<T>(Vector512<T>[] array, nuint byteOffset, int length) where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref RefAt(array, byteOffset), length);

    /// <summary>The vector at byte <paramref name="byteOffset"/> of <paramref name="array"/>'s data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref Vector512<T> RefAt<T>(Vector512<T>[] array, nuint byteOffset) where T : unmanaged =>
        ref Unsafe.As<byte, Vector512<T>>(ref Unsafe.AddByteOffset(
            ref Unsafe.As<Vector512<T>, byte>(ref MemoryMarshal.GetArrayDataReference(array)), byteOffset));

    /// <summary>Bytes from the last cache-line boundary to the start of <paramref name="array"/>'s data (0: aligned).
    /// Meaningful for a pinned array only (any other may move).</summary>
    public static unsafe int MisalignmentOf<TElement>(TElement[] array) where TElement : unmanaged =>
        (int)((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) % Alignment);
}
