namespace AcaKernels.Tests.Support;

/// <summary>Measures heap allocation of warmed-up code on the current thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes allocated by <paramref name="action"/>, as the least of three measurements. A garbage collection
    /// started by another thread (the test runner's reporting, for one) retires this thread's allocation
    /// context and can add a few phantom kilobytes to <see cref="GC.GetAllocatedBytesForCurrentThread"/>
    /// once; code that really allocates does so in every measurement, so the minimum is still &gt; 0.
    /// </summary>
    public static long Measure(Action action)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
