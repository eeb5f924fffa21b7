namespace AcaKernels.Tests.Support;

/// <summary>Measures heap allocation of warmed-up code on the current thread (or by a count of its own).</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes allocated by <paramref name="action"/>, as the least of three measurements. A garbage collection
    /// started by another thread (the test runner's reporting, for one) retires this thread's allocation
    /// context and can add a few phantom kilobytes to <see cref="GC.GetAllocatedBytesForCurrentThread"/>
    /// once; code that really allocates does so in every measurement, so the minimum is still &gt; 0.
    /// </summary>
    public static long Measure(Action action) => Measure(action, GC.GetAllocatedBytesForCurrentThread);

    /// <summary>
    /// As <see cref="Measure(Action)"/>, counted by <paramref name="allocatedBytes"/> (a running total read before
    /// and after each measurement), e.g. an ensemble's count over its own threads.
    /// </summary>
    public static long Measure(Action action, Func<long> allocatedBytes)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            long before = allocatedBytes();
            action();
            least = Math.Min(least, allocatedBytes() - before);
        }
        return least;
    }
}
