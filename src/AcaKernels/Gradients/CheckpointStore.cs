using System.Numerics;

namespace AcaKernels.Gradients;

/// <summary>
/// The accepted steps (tᵢ, hᵢ, zᵢ) of a forward pass, in arrays allocated once (struct-of-arrays: times, steps
/// and a flat state block), plus the step index at which each output time was reached. Grows by
/// <see cref="StorageGrowth"/> or stays fixed, by <see cref="CheckpointGrowth"/>. Users read it through
/// <see cref="Solving.AcceptedStepsView{T}"/>.
/// </summary>
internal sealed class CheckpointStore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[] _times;
    private double[] _steps;
    private T[] _states;
    private int[] _outputSteps = [];

    private readonly long _limitBytes;

    /// <summary>Allocates room for <paramref name="capacity"/> checkpoints of state size n (fewer when growing
    /// and the ceiling is lower).</summary>
    public CheckpointStore(int stateSize, int capacity, CheckpointGrowth growth, long limitBytes)
    {
        N = stateSize;
        Growth = growth;
        _limitBytes = limitBytes;
        capacity = StorageGrowth.InitialCapacity(capacity, growth, BytesPerCheckpoint, limitBytes, stateSize);
        _times = new double[capacity];
        _steps = new double[capacity];
        _states = new T[capacity * stateSize];
    }

    /// <summary>State size n.</summary>
    public int N { get; }

    /// <summary>Growth policy when full.</summary>
    public CheckpointGrowth Growth { get; }

    /// <summary>The status to report when <see cref="TryAdd(double, double, ReadOnlySpan{T})"/> fails.</summary>
    public Solving.OdeStatus FullStatus => StorageGrowth.FullStatus(Growth);

    /// <summary>Checkpoints held now.</summary>
    public int Count { get; private set; }

    /// <summary>Checkpoints that fit without growing.</summary>
    public int Capacity => _times.Length;

    /// <summary>Output times the last pass reached (all of them after a successful solve).</summary>
    public int OutputCount { get; private set; }

    /// <summary>Bytes the stored checkpoints occupy.</summary>
    public long Bytes => Count * BytesPerCheckpoint;

    /// <summary>Bytes allocated for checkpoints, used or not.</summary>
    public long AllocatedBytes => Capacity * BytesPerCheckpoint;

    private long BytesPerCheckpoint => 2 * sizeof(double) + (long)N * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>Start time of each accepted step.</summary>
    public ReadOnlySpan<double> Times => _times.AsSpan(0, Count);

    /// <summary>Size of each accepted step.</summary>
    public ReadOnlySpan<double> Steps => _steps.AsSpan(0, Count);

    /// <summary>State at the start of step i.</summary>
    public ReadOnlySpan<T> State(int i) => _states.AsSpan(i * N, N);

    /// <summary>Index of the step that starts at output time k (= number of steps before it).</summary>
    public ReadOnlySpan<int> OutputSteps => _outputSteps.AsSpan(0, OutputCount);

    /// <summary>Forgets the previous pass; grows the output index only when more outputs are requested.</summary>
    public void Reset(int outputCount)
    {
        Count = 0;
        OutputCount = 0;
        if (_outputSteps.Length < outputCount) _outputSteps = new int[outputCount];
    }

    /// <summary>Stores a checkpoint; false when full and it cannot grow (see <see cref="StorageGrowth.FullStatus"/>).</summary>
    public bool TryAdd(double t, double h, ReadOnlySpan<T> z)
    {
        if (Count == _times.Length && !TryGrow()) return false;
        _times[Count] = t;
        _steps[Count] = h;
        Stepping.SmallCopy.Copy(z, _states.AsSpan(Count * N, N));
        Count++;
        return true;
    }

    /// <summary>
    /// <see cref="TryAdd(double, double, ReadOnlySpan{T})"/> with the state read from lane <paramref name="lane"/> of a
    /// struct-of-arrays block (component j at [j·<paramref name="width"/> + lane]), without gathering it first.
    /// </summary>
    public bool TryAdd(double t, double h, ReadOnlySpan<T> lanes, int lane, int width)
    {
        if (Count == _times.Length && !TryGrow()) return false;
        _times[Count] = t;
        _steps[Count] = h;
        Span<T> state = _states.AsSpan(Count * N, N);
        for (int j = 0; j < state.Length; j++) state[j] = lanes[j * width + lane];
        Count++;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool TryGrow()
    {
        int capacity = StorageGrowth.Next(_times.Length, Growth, BytesPerCheckpoint, _limitBytes, N);
        if (capacity == 0) return false;
        Array.Resize(ref _times, capacity);
        Array.Resize(ref _steps, capacity);
        Array.Resize(ref _states, capacity * N);
        return true;
    }

    /// <summary>Every stored state, step after step (Count × n).</summary>
    internal ReadOnlySpan<T> States => _states.AsSpan(0, Count * N);

    /// <summary>
    /// Grows (by the store's policy) until <paramref name="count"/> checkpoints fit. An ensemble calls it before
    /// a backward pass so that loading any trajectory's checkpoints later allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the policy or the memory limit does not allow it (a
    /// bug: the checkpoints came from a store with the same policy and limit).</exception>
    internal void EnsureCapacity(int count)
    {
        while (_times.Length < count)
            if (!TryGrow())
                throw new InvalidOperationException($"A checkpoint store of capacity {_times.Length} cannot grow to {count} entries.");
    }

    /// <summary>
    /// Replaces the contents with checkpoints saved elsewhere (an ensemble keeps each trajectory's checkpoints in
    /// its arena between Solve and Gradient and loads them into a worker's store for the backward pass).
    /// </summary>
    internal void Load(ReadOnlySpan<double> times, ReadOnlySpan<double> steps, ReadOnlySpan<T> states, ReadOnlySpan<int> outputSteps)
    {
        EnsureCapacity(times.Length);
        Reset(outputSteps.Length);
        times.CopyTo(_times);
        steps.CopyTo(_steps);
        states.CopyTo(_states);
        outputSteps.CopyTo(_outputSteps);
        Count = times.Length;
        OutputCount = outputSteps.Length;
    }

    /// <summary>Records that output k was reached after <paramref name="steps"/> accepted steps.</summary>
    public void MarkOutput(int k, int steps)
    {
        _outputSteps[k] = steps;
        OutputCount = k + 1;
    }
}
