using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Split;

/// <summary>
/// The calls of an ensemble split over several devices: each device's solver holds consecutive trajectories
/// (<see cref="TrajectoryShares"/>) and runs its part of every Solve and Gradient on a thread of its own, on the
/// caller's spans cut into slices (states, outputs, seeds, ∂L/∂z₀ and per-trajectory θ are trajectory-major, so a
/// share's rows are one slice); a shared θ's gradient is the devices' block sums added in block order, the sum one
/// solver on all trajectories makes. The results are merged: counts summed, the first failure's trajectory numbered in
/// the whole ensemble.
/// </summary>
/// <remarks>
/// The caller's spans reach the devices' threads as pointers, pinned for the duration of the call (a span cannot be
/// captured); the threads are a <see cref="WorkerPool"/> made once, the calling thread running the first share. Per
/// call nothing is allocated here: the shares' own time offsets and θ sums are buffers made with the split.
/// </remarks>
internal sealed unsafe class EnsembleSplit<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IGpuEnsembleShare<T>[] _shares;
    private readonly int[] _first; // share s holds trajectories [_first[s], _first[s + 1])
    private readonly int _trajectories, _n, _m;
    private readonly string _solverName;
    private readonly WorkerPool _pool;
    private readonly Action<int> _solveShared, _solveOwnTimes, _gradient;
    private readonly EnsembleResult[] _shareResults;
    private readonly int[][] _offsets; // a share's own time offsets, rebased to its first row
    private readonly int[] _rowFirst, _rowCount; // each share's output rows in the last solve
    private readonly T[][] _gradPShares; // a share's shared-θ gradient
    private readonly T[] _gradPBlocks;
    private int _busy;
    private bool _solveThrew; // the last Solve threw part way: some shares hold its solve, some an older one
    private int _rows = -1; // the last solve's output rows; −1 before one finished

    // The current call's spans, pinned by the call that set them.
    private T* _z0, _p, _outputs, _seeds, _gradZ0, _gradP;
    private double* _times;
    private int* _timeOffsets;
    private SolveResult* _solveResults;
    private GradientResult* _gradientResults;
    private int _timesLength;
    private bool _sharedP, _sharedGradP, _perTrajectory;

    /// <summary>A split over <paramref name="shares"/> (in trajectory order), which it owns and disposes.</summary>
    public EnsembleSplit(string solverName, IGpuEnsembleShare<T>[] shares, int n, int m)
    {
        _solverName = solverName;
        _shares = shares;
        _n = n;
        _m = m;
        _first = new int[shares.Length + 1];
        for (int s = 0; s < shares.Length; s++) _first[s + 1] = _first[s] + shares[s].TrajectoryCount;
        _trajectories = _first[shares.Length];
        _pool = new WorkerPool(shares.Length, solverName);
        _solveShared = SolveShared;
        _solveOwnTimes = SolveOwnTimes;
        _gradient = Gradient;
        _shareResults = new EnsembleResult[shares.Length];
        _offsets = new int[shares.Length][];
        for (int s = 0; s < shares.Length; s++) _offsets[s] = new int[shares[s].TrajectoryCount + 1];
        _rowFirst = new int[shares.Length];
        _rowCount = new int[shares.Length];
        _gradPShares = new T[shares.Length][];
        for (int s = 0; s < shares.Length; s++) _gradPShares[s] = new T[m];
        _gradPBlocks = new T[ParameterGradientSum.BlockCount(_trajectories) * m];
    }

    /// <summary>The devices' solvers, in trajectory order.</summary>
    public IReadOnlyList<IGpuEnsembleShare<T>> Shares => _shares;

    /// <summary>The first trajectory of share <paramref name="share"/>.</summary>
    public int FirstTrajectory(int share) => _first[share];

    /// <summary>Trajectories B, all shares.</summary>
    public int TrajectoryCount => _trajectories;

    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = GpuEnsembleHost.CheckSolve(z0, p, times, outputs, results, _trajectories, _n, _m);
            int k = times.Length;
            for (int s = 0; s < _shares.Length; s++)
            {
                _rowFirst[s] = _first[s] * k;
                _rowCount[s] = _shares[s].TrajectoryCount * k;
            }
            return Run(_solveShared, z0, p, sharedP, times, outputs, results, rows: _trajectories * k);
        }
        finally
        {
            Exit();
        }
    }

    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = GpuEnsembleHost.CheckSolve(z0, p, times, timeOffsets, outputs, results, _trajectories, _n, _m);
            for (int s = 0; s < _shares.Length; s++)
            {
                _rowFirst[s] = timeOffsets[_first[s]];
                _rowCount[s] = timeOffsets[_first[s + 1]] - _rowFirst[s];
            }
            fixed (int* offsets = timeOffsets)
            {
                _timeOffsets = offsets;
                return Run(_solveOwnTimes, z0, p, sharedP, times, outputs, results, rows: timeOffsets[_trajectories]);
            }
        }
        finally
        {
            _timeOffsets = null;
            Exit();
        }
    }

    /// <summary>Runs a Solve's <paramref name="job"/> on every share over the pinned spans (the own-times Solve pins its
    /// offsets itself); <paramref name="rows"/>: the output rows the gradient's seeds then cover.</summary>
    private EnsembleResult Run(Action<int> job, ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times,
        Span<T> outputs, Span<SolveResult> results, int rows)
    {
        _rows = -1; // until every share has solved: a call that throws part way leaves no solve to differentiate
        fixed (T* z0Pointer = z0)
        fixed (T* pPointer = p)
        fixed (double* timesPointer = times)
        fixed (T* outputsPointer = outputs)
        fixed (SolveResult* resultsPointer = results)
        {
            _z0 = z0Pointer;
            _p = pPointer;
            _times = timesPointer;
            _outputs = outputsPointer;
            _solveResults = resultsPointer;
            (_timesLength, _sharedP, _perTrajectory) = (times.Length, sharedP, !results.IsEmpty);
            _solveThrew = true;
            try
            {
                _pool.Run(job);
            }
            finally
            {
                _z0 = _p = _outputs = null;
                _times = null;
                _solveResults = null;
            }
            _solveThrew = false;
        }
        _rows = rows;
        return Merge();
    }

    private void SolveShared(int s)
    {
        int first = _first[s], count = _shares[s].TrajectoryCount;
        _shareResults[s] = _shares[s].Solve(Slice(_z0, first, count, _n), ShareP(first, count),
            new ReadOnlySpan<double>(_times, _timesLength), Rows(_outputs, s), ResultsOf(_solveResults, first, count));
    }

    private void SolveOwnTimes(int s)
    {
        int first = _first[s], count = _shares[s].TrajectoryCount, rowFirst = _rowFirst[s];
        Span<int> offsets = _offsets[s];
        for (int b = 0; b <= count; b++) offsets[b] = _timeOffsets[first + b] - rowFirst;
        _shareResults[s] = _shares[s].Solve(Slice(_z0, first, count, _n), ShareP(first, count),
            new ReadOnlySpan<double>(_times + rowFirst, _rowCount[s]), offsets, Rows(_outputs, s), ResultsOf(_solveResults, first, count));
    }

    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        Enter();
        try
        {
            if (_solveThrew)
                throw new InvalidOperationException(
                    $"The last Solve of this {_solverName} threw part way, so its devices hold different solves: solve again before Gradient.");
            bool sharedGradP = GpuEnsembleHost.CheckGradient(outputGradients, gradZ0, gradP, results, _trajectories, _n, _m, _rows);
            fixed (T* seeds = outputGradients)
            fixed (T* gradZ0Pointer = gradZ0)
            fixed (T* gradPPointer = gradP)
            fixed (GradientResult* resultsPointer = results)
            {
                _seeds = seeds;
                _gradZ0 = gradZ0Pointer;
                _gradP = gradPPointer;
                _gradientResults = resultsPointer;
                (_sharedGradP, _perTrajectory) = (sharedGradP, !results.IsEmpty);
                try
                {
                    _pool.Run(_gradient);
                }
                finally
                {
                    _seeds = _gradZ0 = _gradP = null;
                    _gradientResults = null;
                }
            }
            if (sharedGradP) SumParameterGradient(gradP);
            return Merge();
        }
        finally
        {
            Exit();
        }
    }

    private void Gradient(int s)
    {
        int first = _first[s], count = _shares[s].TrajectoryCount;
        Span<T> gradP = _sharedGradP ? _gradPShares[s] : new Span<T>(_gradP + (long)first * _m, count * _m);
        // Before the first solve there are no rows: every share answers NoForwardSolve, as one solver would.
        ReadOnlySpan<T> seeds = _rows < 0 ? new ReadOnlySpan<T>(_seeds, 0) : Rows(_seeds, s);
        _shareResults[s] = _shares[s].Gradient(seeds, Slice(_gradZ0, first, count, _n), gradP, ResultsOf(_gradientResults, first, count));
    }

    /// <summary>gradP = every share's block sums, added in block order: one solver's sum over all trajectories.</summary>
    private void SumParameterGradient(Span<T> gradP)
    {
        int blockSize = ParameterGradientSum.BlockSize;
        for (int s = 0; s < _shares.Length; s++)
        {
            int count = _shares[s].TrajectoryCount, blocks = ParameterGradientSum.BlockCount(count);
            Span<T> target = _gradPBlocks.AsSpan(_first[s] / blockSize * _m, blocks * _m);
            if (_shareResults[s].Failed == count) target.Clear(); // no trajectory of it adds anything (nor may have run)
            else if (count == 1)
            {
                // A share of one trajectory takes a gradP of length m as that trajectory's row (1 · m = m), not as a sum:
                // its block is that row added to +0, as a block sum is.
                for (int j = 0; j < _m; j++) target[j] = T.Zero + _gradPShares[s][j];
            }
            else _shares[s].ParameterGradientBlocks.CopyTo(target);
        }
        ParameterGradientSum.SumOfBlocks<T>(_gradPBlocks, _trajectories, _m, gradP);
    }

    /// <summary>The shares' results as one: counts summed, the first failure numbered in the whole ensemble.</summary>
    private EnsembleResult Merge()
    {
        int failed = 0, firstFailed = -1;
        SolveResult firstFailure = default;
        long accepted = 0, rejected = 0, forward = 0, backward = 0;
        for (int s = 0; s < _shares.Length; s++)
        {
            EnsembleResult r = _shareResults[s];
            if (r.Failed > 0 && firstFailed < 0) (firstFailed, firstFailure) = (_first[s] + r.FirstFailedTrajectory, r.FirstFailure);
            failed += r.Failed;
            accepted += r.AcceptedSteps;
            rejected += r.RejectedSteps;
            forward += r.ForwardEvaluations;
            backward += r.BackwardEvaluations;
        }
        return new EnsembleResult(_trajectories, failed, firstFailed, firstFailure, accepted, rejected, forward, backward);
    }

    private ReadOnlySpan<T> ShareP(int first, int count) =>
        _sharedP ? new ReadOnlySpan<T>(_p, _m) : new ReadOnlySpan<T>(_p + (long)first * _m, count * _m);

    private Span<T> Rows(T* values, int s) => new(values + (long)_rowFirst[s] * _n, _rowCount[s] * _n);

    private static Span<T> Slice(T* values, int first, int count, int size) => new(values + (long)first * size, count * size);

    private Span<TResult> ResultsOf<TResult>(TResult* results, int first, int count) where TResult : unmanaged =>
        _perTrajectory ? new Span<TResult>(results + first, count) : [];

    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException(
                $"{_solverName}<{typeof(T).Name}> is already running a Solve or Gradient on another thread: create one solver per calling thread.");
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>Stops the threads and disposes the devices' solvers.</summary>
    public void Dispose()
    {
        _pool.Dispose();
        foreach (IGpuEnsembleShare<T> share in _shares) share.Dispose();
    }
}
