using System.Runtime.Intrinsics;
using AcaKernels.Lanes;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// A worker's log reused chunk after chunk (SolveAndGradient): each chunk's budget binds as a fresh log's would, even
/// when an earlier chunk grew the arrays past it; growing ahead (EnsureCapacity) records nothing and keeps the budget.
/// </summary>
public sealed class LaneCheckpointLogReuseTests
{
    private const int N = 3;
    private static readonly long SlotBytes = LaneCheckpointLog<double>.BytesPerSlot(N);

    [Fact]
    public void Reuse_SmallerBudgetThanAllocated_StopsAtTheNewBudget()
    {
        var log = new LaneCheckpointLog<double>(N, first: 0, trajectories: 16, budgetBytes: 0);
        log.Reuse(first: 0, trajectories: 16, budgetBytes: 300 * SlotBytes);
        Assert.Equal(300, Fill(log));
        Assert.True(log.Capacity >= 300);

        log.Reuse(first: 16, trajectories: 5, budgetBytes: 70 * SlotBytes);
        Assert.Equal(0, log.Count);
        Assert.Equal(70, Fill(log)); // what a fresh log with this budget records
        var fresh = new LaneCheckpointLog<double>(N, first: 16, trajectories: 5, budgetBytes: 70 * SlotBytes);
        Assert.Equal(70, Fill(fresh));
    }

    [Fact]
    public void Reuse_LinksTheNewChunksTrajectories()
    {
        var log = new LaneCheckpointLog<double>(N, first: 0, trajectories: 4, budgetBytes: 0);
        log.Reuse(first: 40, trajectories: 4, budgetBytes: 64 * SlotBytes);
        Append(log);
        log.Link(41, lane: 2);
        Assert.True(log.IsLinked(41));
        Assert.False(log.IsLinked(40));
        Assert.Equal(41, log.LastOnLane(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Reuse(first: 0, trajectories: 5, budgetBytes: 0));
    }

    [Fact]
    public void EnsureCapacity_GrowsPastTheBudgetWithoutRecordingPastIt()
    {
        var log = new LaneCheckpointLog<double>(N, first: 0, trajectories: 8, budgetBytes: 0);
        log.Reuse(first: 0, trajectories: 8, budgetBytes: 100 * SlotBytes);
        log.EnsureCapacity(500);
        Assert.True(log.Capacity >= 500);
        Assert.Equal(100, Fill(log));
        long allocated = log.AllocatedBytes;
        log.Reuse(first: 0, trajectories: 8, budgetBytes: 500 * SlotBytes);
        Assert.Equal(500, Fill(log, most: 500));
        Assert.Equal(allocated, log.AllocatedBytes); // grown ahead: nothing allocated for a chunk of that size
    }

    private static int Fill(LaneCheckpointLog<double> log, int most = 10_000)
    {
        int appended = 0;
        while (appended < most && Append(log)) appended++;
        return appended;
    }

    private static bool Append(LaneCheckpointLog<double> log)
    {
        Span<Vector512<double>> z = stackalloc Vector512<double>[N];
        return log.TryAppend(Vector512<double>.Zero, Vector512<double>.One, z, accepted: 0xFF, first: 0, landed: 0);
    }
}
