using System.Numerics;
using AcaKernels.Ensembles;

namespace AcaKernels.Lanes;

/// <summary>
/// One lane's view of its trajectory's checkpoints in the arena during the backward sweep: the chunk's arrays and
/// offsets, looked up once when the lane takes the trajectory (not per step).
/// </summary>
internal struct LaneCheckpoints<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[] _times, _steps;
    private T[] _states;
    private int[] _outputSteps;
    private int _start, _outputStart, _n;

    /// <summary>Accepted steps of the trajectory.</summary>
    public int Count { get; private set; }

    /// <summary>Output times of the trajectory.</summary>
    public int OutputCount { get; private set; }

    /// <summary>Points this view at trajectory b's checkpoints.</summary>
    public void Locate(CheckpointArena<T> arena, int b, int n)
    {
        arena.Locate(b, out _times, out _steps, out _states, out _outputSteps, out _start, out int count, out _outputStart, out int outputCount);
        Count = count;
        OutputCount = outputCount;
        _n = n;
    }

    /// <summary>Start time of step i.</summary>
    public readonly double Time(int i) => _times[_start + i];

    /// <summary>Size of step i.</summary>
    public readonly double Step(int i) => _steps[_start + i];

    /// <summary>The state at the start of step i.</summary>
    public readonly ReadOnlySpan<T> State(int i) => _states.AsSpan((_start + i) * _n, _n);

    /// <summary>Index of the step that starts at output time k.</summary>
    public readonly int OutputStep(int k) => _outputSteps[_outputStart + k];
}
