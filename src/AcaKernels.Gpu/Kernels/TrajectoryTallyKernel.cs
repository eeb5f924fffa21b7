using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The forward's status words summed on the device, for a call that wants the aggregate only: thread k tallies
/// trajectories [k·<see cref="BlockSize"/>, (k+1)·BlockSize) into blocks[k·<see cref="Fields"/> ..] (failures, the
/// first failed trajectory or −1, accepted and rejected steps, evaluations), and the host adds the B/256 blocks. Then
/// neither the B·5 status ints (168 MB at B = 8 388 608) nor a host pass over them is needed unless something failed.
/// Integer sums: the same totals in any order, so the host's reading of the blocks is exact.
/// </summary>
internal static class TrajectoryTallyKernel
{
    /// <summary>Trajectories per thread: enough threads to keep a GPU busy at large B, few blocks to copy back
    /// (B/256 · 40 bytes: 1.3 MB at B = 8 388 608).</summary>
    public const int BlockSize = 256;

    /// <summary>Longs per block.</summary>
    public const int Fields = 5;

    public const int Failed = 0, FirstFailed = 1, Accepted = 2, Rejected = 3, Evaluations = 4;

    /// <summary>Blocks for <paramref name="trajectories"/> trajectories.</summary>
    public static int BlockCount(int trajectories) => (trajectories + BlockSize - 1) / BlockSize;

    public static void Run(Index1D index, int trajectories, ArrayView<int> status, ArrayView<long> blocks)
    {
        int thread = index;
        long first = (long)thread * BlockSize;
        if (first >= trajectories) return;
        long end = Math.Min(trajectories, first + BlockSize);
        long failed = 0, firstFailed = -1, accepted = 0, rejected = 0, evaluations = 0;
        for (long b = first; b < end; b++)
        {
            long i = b * TrajectoryStatus.IntCount;
            accepted += status[i + TrajectoryStatus.Accepted];
            rejected += status[i + TrajectoryStatus.Rejected];
            evaluations += status[i + TrajectoryStatus.Evaluations];
            if (status[i + TrajectoryStatus.Status] != (int)OdeStatus.Success)
            {
                if (failed == 0) firstFailed = b;
                failed++;
            }
        }
        long o = (long)thread * Fields;
        blocks[o + Failed] = failed;
        blocks[o + FirstFailed] = firstFailed;
        blocks[o + Accepted] = accepted;
        blocks[o + Rejected] = rejected;
        blocks[o + Evaluations] = evaluations;
    }
}

/// <summary>The launcher of <see cref="TrajectoryTallyKernel"/> (one for every solver on a device).</summary>
internal delegate void TrajectoryTallyLauncher(AcceleratorStream stream, Index1D extent, int trajectories, ArrayView<int> status,
    ArrayView<long> blocks);
