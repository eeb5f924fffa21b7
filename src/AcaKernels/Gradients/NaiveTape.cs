using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>
/// The naive method's record of the forward pass: every trial step (rejected ones included) with its stages,
/// how its step was chosen and its error norm, and the state it started from. This is what a tape-based
/// autodiff framework keeps when it backpropagates through an adaptive solver; its size grows with all trials.
/// </summary>
internal sealed class NaiveTape<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _stageBlock;
    private readonly CheckpointGrowth _growth;
    private readonly long _limitBytes;
    private TrialRecord[] _trials;
    private int[] _trialStates;
    private T[] _stages;
    private T[] _states;
    private int[] _outputTrials = [];
    private bool _newState;

    public NaiveTape(int stateSize, int stages, int capacity, CheckpointGrowth growth, long limitBytes)
    {
        _n = stateSize;
        _stageBlock = stages * stateSize;
        _growth = growth;
        _limitBytes = limitBytes;
        capacity = StorageGrowth.InitialCapacity(capacity, growth, BytesPerTrial, limitBytes, _stageBlock);
        _trials = new TrialRecord[capacity];
        _trialStates = new int[capacity];
        _stages = new T[capacity * _stageBlock];
        _states = new T[capacity * stateSize];
        Scratch = new T[8 * stateSize];
    }

    /// <summary>Trials recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Distinct start states recorded.</summary>
    public int StateCount { get; private set; }

    /// <summary>Scratch for the backward pass (8·n).</summary>
    public T[] Scratch { get; }

    public long Bytes => (long)Count * (_stageBlock * Unsafe.SizeOf<T>() + Unsafe.SizeOf<TrialRecord>() + sizeof(int))
        + (long)StateCount * _n * Unsafe.SizeOf<T>();

    /// <summary>Bytes allocated for the tape, used or not.</summary>
    public long AllocatedBytes => _trials.Length * BytesPerTrial;

    /// <summary>The status to report when <see cref="Add"/> fails.</summary>
    public OdeStatus FullStatus => StorageGrowth.FullStatus(_growth);

    // Every array is sized by the same capacity: a trial, its state index, its stages and (at most) one state.
    private long BytesPerTrial => ((long)_stageBlock + _n) * Unsafe.SizeOf<T>() + Unsafe.SizeOf<TrialRecord>() + sizeof(int);

    public ref readonly TrialRecord Trial(int j) => ref _trials[j];

    public ReadOnlySpan<T> Stages(int j) => _stages.AsSpan(j * _stageBlock, _stageBlock);

    public ReadOnlySpan<T> StateOf(int j) => _states.AsSpan(_trialStates[j] * _n, _n);

    public ReadOnlySpan<int> OutputTrials => _outputTrials;

    public void Reset(int outputCount)
    {
        Count = 0;
        StateCount = 0;
        _newState = true;
        if (_outputTrials.Length != outputCount) _outputTrials = new int[outputCount];
    }

    public bool Add(in TrialRecord trial, ReadOnlySpan<T> z, ReadOnlySpan<T> stages)
    {
        if (Count == _trials.Length || (_newState && StateCount == _states.Length / _n))
        {
            int capacity = StorageGrowth.Next(_trials.Length, _growth, BytesPerTrial, _limitBytes, _stageBlock);
            if (capacity == 0) return false;
            Array.Resize(ref _trials, capacity);
            Array.Resize(ref _trialStates, capacity);
            Array.Resize(ref _stages, capacity * _stageBlock);
            Array.Resize(ref _states, capacity * _n);
        }
        if (_newState)
        {
            z.CopyTo(_states.AsSpan(StateCount * _n, _n));
            StateCount++;
            _newState = false;
        }
        _trials[Count] = trial;
        _trialStates[Count] = StateCount - 1;
        stages.CopyTo(_stages.AsSpan(Count * _stageBlock, _stageBlock));
        Count++;
        return true;
    }

    public void Accept() => _newState = true;

    public void MarkOutput(int k) => _outputTrials[k] = Count;
}

/// <summary>The naive method's forward-pass recorder: every trial goes on the tape.</summary>
internal readonly struct NaiveRecorder<T>(NaiveTape<T> tape) : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool RecordsTrials => true;
    public OdeStatus FullStatus => tape.FullStatus;
    public void Reset(int outputCount) => tape.Reset(outputCount);
    public bool Trial(in TrialRecord trial, ReadOnlySpan<T> z, ReadOnlySpan<T> stages) => tape.Add(trial, z, stages);
    public bool Accept(double t, double h, ReadOnlySpan<T> z)
    {
        tape.Accept();
        return true;
    }
    public void Output(int index, int acceptedSteps) => tape.MarkOutput(index);
}
