namespace AcaKernels.Gradients;

/// <summary>
/// The one rule by which gradient storage grows: double, but never past the memory ceiling nor past the
/// largest array .NET can hold. Shared by the checkpoint store and the naive tape so both fail the same way.
/// </summary>
internal static class StorageGrowth
{
    /// <summary>Entries allocated up front: the requested capacity, cut to what the ceiling allows (at least 1).</summary>
    public static int InitialCapacity(int requested, CheckpointGrowth growth, long bytesPerEntry, long limitBytes, int longestArrayPerEntry) =>
        growth == CheckpointGrowth.Fail
            ? requested
            : (int)Math.Max(1, Math.Min(requested, MostEntries(bytesPerEntry, limitBytes, longestArrayPerEntry)));

    /// <summary>The capacity after growing from <paramref name="capacity"/>, or 0 when it cannot grow.</summary>
    public static int Next(int capacity, CheckpointGrowth growth, long bytesPerEntry, long limitBytes, int longestArrayPerEntry)
    {
        if (growth == CheckpointGrowth.Fail) return 0;
        long next = Math.Min(2L * capacity, MostEntries(bytesPerEntry, limitBytes, longestArrayPerEntry));
        return next > capacity ? (int)next : 0;
    }

    /// <summary>The status a full store reports.</summary>
    public static Solving.OdeStatus FullStatus(CheckpointGrowth growth) => growth == CheckpointGrowth.Fail
        ? Solving.OdeStatus.CheckpointCapacityExceeded
        : Solving.OdeStatus.GradientMemoryLimitExceeded;

    private static long MostEntries(long bytesPerEntry, long limitBytes, int longestArrayPerEntry) =>
        Math.Min(limitBytes / bytesPerEntry, Array.MaxLength / Math.Max(1, longestArrayPerEntry));
}
