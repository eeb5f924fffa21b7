namespace AcaKernels.Testing;

/// <summary>
/// Managed bytes a piece of code allocates on the calling thread, measured so that noise cannot fail a zero
/// assertion: the least of several runs after warm-up runs (a GC or the runtime's tiered compilation on this thread
/// mid-run can charge bytes the measured code did not allocate; the first runs also fill caches and lazily made
/// buffers). Linked into each test project that asserts "allocates nothing" (tests/Shared).
/// </summary>
internal static class AllocationMeter
{
    public static long LeastAllocated(Action run, int warmUps = 2, int attempts = 5)
    {
        for (int i = 0; i < warmUps; i++) run();
        long least = long.MaxValue;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
