using System.Runtime.CompilerServices;

namespace AcaKernels.Stepping;

/// <summary>
/// Copies of short state vectors. <see cref="Span{T}.CopyTo"/> calls a general memmove whose set-up costs more
/// than copying three doubles; for the small states of most ODEs a plain loop is several times cheaper.
/// </summary>
internal static class SmallCopy
{
    private const int LoopLimit = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy<T>(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (source.Length > LoopLimit)
        {
            source.CopyTo(destination);
            return;
        }
        if (destination.Length < source.Length) ThrowTooShort();
        for (int j = 0; j < source.Length; j++) destination[j] = source[j];
    }

    private static void ThrowTooShort() => throw new ArgumentException("Destination is shorter than the source.", "destination");
}
