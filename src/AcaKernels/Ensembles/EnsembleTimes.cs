namespace AcaKernels.Ensembles;

/// <summary>
/// The output times of the last ensemble solve, copied so that Gradient can use them: either one list shared by
/// every trajectory, or one list per trajectory in compressed-sparse-row form (trajectory b's times are
/// times[offsets[b] .. offsets[b+1])). Either way trajectory b's outputs (and seeds) start at row
/// <see cref="FirstRow"/>(b) of the caller's B-trajectory output block, each row n values.
/// </summary>
internal sealed class EnsembleTimes
{
    private double[] _times = [];
    private readonly int[] _rows;
    private int _timeCount;
    private bool _shared;

    public EnsembleTimes(int trajectories) => _rows = new int[trajectories + 1];

    /// <summary>Rows (output times) over all trajectories.</summary>
    public int TotalRows => _rows[^1];

    /// <summary>The most output times one trajectory has.</summary>
    public int MaxCount { get; private set; }

    /// <summary>First output row of trajectory b.</summary>
    public int FirstRow(int b) => _rows[b];

    /// <summary>Output times of trajectory b.</summary>
    public int Count(int b) => _rows[b + 1] - _rows[b];

    /// <summary>The times of trajectory b.</summary>
    public ReadOnlySpan<double> Of(int b) => _shared ? _times.AsSpan(0, _timeCount) : _times.AsSpan(_rows[b], Count(b));

    /// <summary>Keeps a copy of times shared by all trajectories (validated by the caller).</summary>
    public void SetShared(ReadOnlySpan<double> times)
    {
        Copy(times);
        _shared = true;
        for (int b = 0; b < _rows.Length; b++) _rows[b] = b * times.Length;
        MaxCount = times.Length;
    }

    /// <summary>Keeps a copy of per-trajectory times (validated by the caller).</summary>
    public void SetPerTrajectory(ReadOnlySpan<double> times, ReadOnlySpan<int> offsets)
    {
        Copy(times);
        _shared = false;
        offsets.CopyTo(_rows);
        int max = 0;
        for (int b = 0; b + 1 < _rows.Length; b++) max = Math.Max(max, Count(b));
        MaxCount = max;
    }

    private void Copy(ReadOnlySpan<double> times)
    {
        if (_times.Length < times.Length) _times = new double[times.Length];
        times.CopyTo(_times);
        _timeCount = times.Length;
    }
}
