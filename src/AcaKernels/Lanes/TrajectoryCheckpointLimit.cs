using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Lanes;

/// <summary>
/// What one trajectory's own <see cref="CheckpointStore{T}"/> would allow and report, computed from its accepted
/// count alone: the lane engine keeps its checkpoints in the chunk's <see cref="LaneCheckpointLog{T}"/>, yet each
/// trajectory must stop where a single solver's store would be full (<see cref="OdeOptions.CheckpointCapacity"/>,
/// <see cref="OdeOptions.CheckpointGrowth"/>, <see cref="OdeOptions.GradientMemoryLimit"/>) and report the bytes
/// that store would hold.
/// </summary>
internal readonly struct TrajectoryCheckpointLimit
{
    private readonly CheckpointGrowth _growth;
    private readonly long _bytesPerCheckpoint, _limitBytes;
    private readonly int _initialCapacity, _stateSize;

    /// <summary>The limit for <paramref name="options"/> and checkpoints of <paramref name="bytesPerCheckpoint"/> bytes.</summary>
    public TrajectoryCheckpointLimit(OdeOptions options, int stateSize, long bytesPerCheckpoint)
    {
        _growth = options.CheckpointGrowth;
        _bytesPerCheckpoint = bytesPerCheckpoint;
        _limitBytes = options.GradientMemoryLimit;
        _stateSize = stateSize;
        _initialCapacity = StorageGrowth.InitialCapacity(options.CheckpointCapacity, _growth, bytesPerCheckpoint, _limitBytes, stateSize);
        MostCheckpoints = CapacityFor(long.MaxValue);
    }

    /// <summary>Checkpoints a store can ever hold: an accepted step past them stops the solve with <see cref="FullStatus"/>.</summary>
    public long MostCheckpoints { get; }

    /// <summary>The status of a solve stopped by a full store.</summary>
    public OdeStatus FullStatus => StorageGrowth.FullStatus(_growth);

    /// <summary>
    /// <see cref="SolverStatistics.GradientMemoryBytes"/> as <see cref="AcaGradient{T, TDynamics}"/> reports it for a
    /// store created for this solve: the checkpoints' bytes after a success, the store's allocation (its capacity
    /// grown to hold <paramref name="count"/> checkpoints) after a failure. A single solver reused for several
    /// solves reports the allocation its store has reached by then, which can be larger.
    /// </summary>
    public long GradientMemoryBytes(bool success, long count) =>
        (success ? count : CapacityFor(count)) * _bytesPerCheckpoint;

    /// <summary>The capacity the store reaches growing to hold <paramref name="count"/> (or as far as it can).</summary>
    private long CapacityFor(long count)
    {
        int capacity = _initialCapacity;
        while (capacity < count)
        {
            int next = StorageGrowth.Next(capacity, _growth, _bytesPerCheckpoint, _limitBytes, _stateSize);
            if (next == 0) break;
            capacity = next;
        }
        return capacity;
    }
}
