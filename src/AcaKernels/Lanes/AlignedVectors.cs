using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AcaKernels.Lanes;

/// <summary>
/// Arrays of <see cref="Vector512{T}"/> whose data starts on a 64-byte (cache-line) boundary. .NET aligns an array's
/// data to 8 bytes only, so a <c>Vector512</c> array is off a cache line by a multiple of 8 in seven cases of eight,
/// and then every load and store of the lane kernels touches two cache lines: the step VJP kernel ran 1.2–1.4× slower
/// on its scratch, adjoints and state at +8 or +32 bytes than at a cache-line start (RESULTS.md §8).
/// </summary>
/// <remarks>
/// An array allocated pinned (on the pinned object heap) never moves, so alignment checked once holds for its life.
/// Consecutive pinned allocations advance by the array's size (24 bytes of header and length plus whole vectors,
/// 24 mod 64), so within eight tries one starts on a boundary, unless the heap opens a new region in between (seen:
/// then the cycle restarts, hence up to 64 tries); the misaligned tries are dropped (small: these are the
/// engine's few-kilobyte buffers; the checkpoint log aligns its large array by an offset instead, see
/// <see cref="LaneCheckpointLog{T}"/>). Should the heap ever place them otherwise, the last try is returned as it is:
/// alignment changes the speed, never the bits.
/// </remarks>
internal static class AlignedVectors
{
    /// <summary>Bytes of a cache line, and of one <see cref="Vector512{T}"/>.</summary>
    public const int Alignment = 64;

    private const int Tries = 64;

    // Every pinned allocation of the lane code goes through this lock, so that another thread's (an engine being built
    // on another worker, a log growing) does not break the 24-byte cycle of the tries.
    private static readonly Lock PinnedHeap = new();

    /// <summary>A zeroed, pinned array of <paramref name="length"/> vectors, cache-line aligned where the heap allows.</summary>
    public static Vector512<T>[] Allocate<T>(int length) where T : unmanaged
    {
        if (length == 0) return [];
        lock (PinnedHeap)
        {
            Vector512<T>[] array = GC.AllocateArray<Vector512<T>>(length, pinned: true);
            for (int attempt = 1; attempt < Tries && MisalignmentOf(array) != 0; attempt++)
                array = GC.AllocateArray<Vector512<T>>(length, pinned: true);
            return array;
        }
    }

    /// <summary>A pinned array of <paramref name="length"/> vectors, not zeroed, placed wherever the heap puts it (the
    /// caller aligns by an offset into it).</summary>
    public static Vector512<T>[] AllocateUninitialized<T>(int length) where T : unmanaged
    {
        lock (PinnedHeap) return GC.AllocateUninitializedArray<Vector512<T>>(length, pinned: true);
    }

    /// <summary>A zeroed, pinned array one vector longer than <paramref name="length"/>, for
    /// <see cref="AlignedView{T}"/>: one allocation, aligned by a byte offset rather than by retries (for large buffers,
    /// such as a loop-form lane VJP's workspace, where a dropped try would be megabytes).</summary>
    public static Vector512<T>[] AllocateForView<T>(int length) where T : unmanaged
    {
        lock (PinnedHeap) return GC.AllocateArray<Vector512<T>>(length + 1, pinned: true);
    }

    /// <summary>The <paramref name="length"/> vectors of an <see cref="AllocateForView{T}"/> array that start on its
    /// first cache-line boundary (the array is pinned, so the offset is the same on every call).</summary>
    public static Span<Vector512<T>> AlignedView<T>(Vector512<T>[] array, int length) where T : unmanaged =>
        ViewAt(array, AlignmentOffset(array), length);

    /// <summary>Bytes from the start of a pinned <paramref name="array"/>'s data to its first cache-line boundary.</summary>
    public static nuint AlignmentOffset<T>(Vector512<T>[] array) where T : unmanaged =>
        (nuint)((Alignment - MisalignmentOf(array)) % Alignment);

    /// <summary>The <paramref name="length"/> vectors from byte <paramref name="byteOffset"/> of <paramref name="array"/>
    /// (an offset that is not a multiple of a vector's size: hence not a plain slice).</summary>
    public static Span<Vector512<T>> ViewAt<T>(Vector512<T>[] array, nuint byteOffset, int length) where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, Vector512<T>>(ref Unsafe.AddByteOffset(
            ref Unsafe.As<Vector512<T>, byte>(ref MemoryMarshal.GetArrayDataReference(array)), byteOffset)), length);

    /// <summary>Bytes from the last cache-line boundary to the start of <paramref name="array"/>'s data (0: aligned).
    /// Meaningful for a pinned array only (any other may move).</summary>
    public static unsafe int MisalignmentOf<TElement>(TElement[] array) where TElement : unmanaged =>
        (int)((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) % Alignment);
}
