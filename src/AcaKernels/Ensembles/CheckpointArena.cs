using System.Numerics;
using AcaKernels.Gradients;

namespace AcaKernels.Ensembles;

/// <summary>
/// Keeps every trajectory's ACA checkpoints between an ensemble's Solve and Gradient on the scalar engine (the lane
/// engine keeps a <see cref="Lanes.LaneCheckpointLog{T}"/> per chunk instead). Storage is per chunk of
/// trajectories (struct-of-arrays: times, steps, a flat state block, output step indices), not per trajectory:
/// a chunk is solved by one worker, which appends each trajectory's checkpoints back to back as it finishes (in
/// trajectory order), and a chunk's arrays depend only on its trajectories — never on which worker ran
/// it — so after the first solve of a problem the arena is large enough and later solves allocate nothing.
/// </summary>
/// <remarks>
/// <see cref="Solving.OdeOptions.GradientMemoryLimit"/> bounds the whole arena: chunk c may hold
/// limit · |c| / B bytes of checkpoints (its trajectories' share), so the bound is kept without any order
/// between workers and the outcome never depends on the thread count. Each trajectory's own store is also
/// limited exactly as a single solver's (so statuses match <see cref="Solving.OdeSolver{T, TDynamics}"/> until
/// the arena's share is what binds). A chunk's arrays grow by doubling, never past its share. When the share binds,
/// the trajectories saved first keep their checkpoints (always the same ones, whatever the threads).
/// </remarks>
internal sealed class CheckpointArena<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _chunkSize, _trajectories;
    private readonly long _limitBytes, _bytesPerCheckpoint;
    private readonly double[][] _times, _steps;
    private readonly T[][] _states;
    private readonly int[][] _outputSteps;
    private readonly int[] _used, _outputsUsed;
    private readonly int[] _start, _count, _outputStart, _outputCount;

    /// <summary>Creates an empty arena for <paramref name="trajectories"/> trajectories in chunks of <paramref name="chunkSize"/>.</summary>
    public CheckpointArena(int stateSize, int trajectories, int chunkSize, long limitBytes)
    {
        _n = stateSize;
        _chunkSize = chunkSize;
        _trajectories = trajectories;
        _limitBytes = limitBytes;
        _bytesPerCheckpoint = 2 * sizeof(double) + (long)stateSize * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int chunks = (trajectories + chunkSize - 1) / chunkSize;
        _times = new double[chunks][];
        _steps = new double[chunks][];
        _states = new T[chunks][];
        _outputSteps = new int[chunks][];
        for (int c = 0; c < chunks; c++)
        {
            _times[c] = _steps[c] = [];
            _states[c] = [];
            _outputSteps[c] = [];
        }
        _used = new int[chunks];
        _outputsUsed = new int[chunks];
        _start = new int[trajectories];
        _count = new int[trajectories];
        _outputStart = new int[trajectories];
        _outputCount = new int[trajectories];
    }

    /// <summary>The most checkpoints one trajectory of the last solve holds.</summary>
    public int MaxCount
    {
        get
        {
            int max = 0;
            foreach (int count in _count) max = Math.Max(max, count);
            return max;
        }
    }

    /// <summary>Bytes the arena has allocated.</summary>
    public long AllocatedBytes
    {
        get
        {
            long bytes = 0;
            for (int c = 0; c < _times.Length; c++)
                bytes += (long)(_times[c].Length + _steps[c].Length) * sizeof(double)
                    + (long)_states[c].Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()
                    + (long)_outputSteps[c].Length * sizeof(int);
            return bytes;
        }
    }

    /// <summary>Forgets chunk <paramref name="chunk"/>'s checkpoints before it is solved again.</summary>
    public void ResetChunk(int chunk)
    {
        _used[chunk] = 0;
        _outputsUsed[chunk] = 0;
    }

    /// <summary>Forgets a trajectory whose forward solve failed (it has nothing to differentiate).</summary>
    public void Forget(int trajectory) => _count[trajectory] = _outputCount[trajectory] = 0;

    /// <summary>
    /// Appends trajectory <paramref name="trajectory"/>'s checkpoints to its chunk; false (keeping nothing) when
    /// they would pass the chunk's share of the memory limit.
    /// </summary>
    public bool Save(int trajectory, CheckpointStore<T> store)
    {
        int c = trajectory / _chunkSize, count = store.Count, outputs = store.OutputCount;
        int start = _used[c], outputStart = _outputsUsed[c];
        long most = MostCheckpoints(c);
        if (start + (long)count > most)
        {
            Forget(trajectory);
            return false;
        }
        if (_times[c].Length < start + count) Grow(c, start + count, (int)Math.Min(most, Array.MaxLength / _n));
        if (_outputSteps[c].Length < outputStart + outputs)
            Array.Resize(ref _outputSteps[c], Math.Max(2 * _outputSteps[c].Length, outputStart + outputs));
        store.Times.CopyTo(_times[c].AsSpan(start));
        store.Steps.CopyTo(_steps[c].AsSpan(start));
        store.States.CopyTo(_states[c].AsSpan(start * _n));
        store.OutputSteps.CopyTo(_outputSteps[c].AsSpan(outputStart));
        _start[trajectory] = start;
        _count[trajectory] = count;
        _outputStart[trajectory] = outputStart;
        _outputCount[trajectory] = outputs;
        _used[c] = start + count;
        _outputsUsed[c] = outputStart + outputs;
        return true;
    }

    /// <summary>Loads trajectory <paramref name="trajectory"/>'s checkpoints into a worker's store.</summary>
    public void Load(int trajectory, CheckpointStore<T> store)
    {
        int c = trajectory / _chunkSize, start = _start[trajectory], count = _count[trajectory];
        store.Load(_times[c].AsSpan(start, count), _steps[c].AsSpan(start, count),
            _states[c].AsSpan(start * _n, count * _n), _outputSteps[c].AsSpan(_outputStart[trajectory], _outputCount[trajectory]));
    }

    /// <summary>Checkpoints chunk c may hold: a trajectory whose checkpoints would take the chunk's count past this
    /// fails to save (SolveAndGradient applies the same count without copying them here).</summary>
    public long MostCheckpoints(int c) => ChunkBudget(c) / _bytesPerCheckpoint;

    /// <summary>Bytes chunk c may hold: its trajectories' share of the limit.</summary>
    private long ChunkBudget(int c) => ChunkShare(_limitBytes, _trajectories, Math.Min(_chunkSize, _trajectories - c * _chunkSize));

    /// <summary>The share of <paramref name="limitBytes"/> a chunk of <paramref name="size"/> of <paramref name="trajectories"/>
    /// trajectories may hold (limit · size / B without overflow). The lane engine's logs take the same share.</summary>
    internal static long ChunkShare(long limitBytes, int trajectories, int size) =>
        limitBytes / trajectories * size + limitBytes % trajectories * size / trajectories;

    private void Grow(int c, int needed, int most)
    {
        int capacity = (int)Math.Min(Math.Max(2L * _times[c].Length, needed), most);
        Array.Resize(ref _times[c], capacity);
        Array.Resize(ref _steps[c], capacity);
        Array.Resize(ref _states[c], capacity * _n);
    }
}
