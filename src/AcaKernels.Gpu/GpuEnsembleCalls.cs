using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// The host side of Solve and Gradient, the same for <see cref="GpuEnsembleSolver{T, TStepper}"/> and the Native AOT
/// solver (AcaKernels.Gpu.Native), which differ only in their device: the argument checks, the output rows, the
/// forward kernel's status words turned into results (and kept: the gradient reads them again), the gradient's rows, and the guard
/// that refuses overlapping calls (the solvers are not thread-safe). The per-trajectory host pass runs on a few threads
/// when B is large (<see cref="HostTrajectoryLoop"/>); <see cref="LastCall"/> says where a call's time went.
/// </summary>
internal sealed unsafe class GpuEnsembleCalls<T, TStepper> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    private readonly IGpuEnsembleDevice<T> _device;
    private readonly string _solverName;
    private readonly int _trajectories, _capacity;
    private readonly long _checkpointBytesPerStep;
    private readonly PageAlignedHostBuffer<int> _rows, _status; // the status words stay after a Solve: they are the record its Gradient reads
    private readonly PageAlignedHostBuffer<double> _statusTimes, _gradTimes;
    private readonly HostTrajectoryLoop _loop;
    private readonly SolvePass _solvePass;
    private readonly GradientPass _gradientPass;
    private readonly T[] _gradPBlocks;
    private PageAlignedHostBuffer<T>? _gradPRows; // B·m host rows, made on first need: a device that sums a shared θ's gradient never needs them
    // Whether _status and _statusTimes hold the last solve's words (a solve without results whose trajectories all
    // succeeded, tallied on the device, never reads them), and that solve's tally.
    private bool _solved, _statusRead, _statusTimesRead;
    private TrajectoryTally _forwardTally;
    private readonly long[] _tallyBlocks;
    private int _rowCount, _busy;
    private int _sharedRowsLength = -1; // the shared times' count that _rows (here and on the device) holds; −1: other rows

    /// <summary>Host buffers for <paramref name="trajectories"/> trajectories of a solver named
    /// <paramref name="solverName"/> (in its messages) that keeps <paramref name="capacity"/> checkpoints each.</summary>
    public GpuEnsembleCalls(string solverName, IGpuEnsembleDevice<T> device, int trajectories, int capacity)
    {
        _solverName = solverName;
        _device = device;
        _trajectories = trajectories;
        _capacity = capacity;
        _rows = PageLocked<int>(trajectories + 1);
        _status = PageLocked<int>(trajectories * Kernels.TrajectoryStatus.IntCount);
        _statusTimes = PageLocked<double>(trajectories * Kernels.TrajectoryStatus.DoubleCount);
        _checkpointBytesPerStep = capacity > 0 ? GpuEnsembleHost.CheckpointBytesPerStep(TStepper.StateSize, Unsafe.SizeOf<T>()) : 0;
        _loop = new HostTrajectoryLoop(trajectories);
        _solvePass = new SolvePass(this);
        _gradientPass = new GradientPass(this);
        _gradPBlocks = new T[Math.Max(1, ParameterGradientSum.BlockCount(trajectories) * TStepper.ParameterSize)];
        _gradTimes = PageLocked<double>(capacity > 0 ? 2 * trajectories : 0);
        _tallyBlocks = new long[Kernels.TrajectoryTallyKernel.BlockCount(trajectories) * Kernels.TrajectoryTallyKernel.Fields];
    }

    /// <summary>A host buffer the device copies to or from on every call, registered with the driver where that makes
    /// the copies direct (CUDA; <see cref="IGpuEnsembleDevice{T}.PageLock"/>).</summary>
    private PageAlignedHostBuffer<TValue> PageLocked<TValue>(int length) where TValue : unmanaged
    {
        var buffer = new PageAlignedHostBuffer<TValue>(length);
        _device.PageLock(buffer);
        return buffer;
    }

    /// <summary>Where the last Solve or Gradient spent its time.</summary>
    public GpuCallTimes LastCall { get; private set; }

    /// <summary>The block sums behind the last shared-θ gradient (see <see cref="Split.IGpuEnsembleShare{T}"/>).</summary>
    public ReadOnlySpan<T> ParameterGradientBlocks =>
        _gradPBlocks.AsSpan(0, ParameterGradientSum.BlockCount(_trajectories) * TStepper.ParameterSize);

    /// <summary>Solve with output times shared by every trajectory (see GpuEnsembleSolver.Solve).</summary>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = GpuEnsembleHost.CheckSolve(z0, p, times, outputs, results, _trajectories, TStepper.StateSize,
                TStepper.ParameterSize);
            // The rows of shared times depend on their count only: made and uploaded when it changes.
            bool rowsChanged = _sharedRowsLength != times.Length;
            if (rowsChanged)
            {
                Span<int> rows = _rows.Span;
                for (int b = 0; b <= _trajectories; b++) rows[b] = b * times.Length;
            }
            return SolveAll(z0, p, sharedP, times, sharedTimes: true, rowsChanged, outputs, results);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Solve with each trajectory's own output times (see GpuEnsembleSolver.Solve).</summary>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = GpuEnsembleHost.CheckSolve(z0, p, times, timeOffsets, outputs, results, _trajectories, TStepper.StateSize,
                TStepper.ParameterSize);
            timeOffsets.CopyTo(_rows.Span);
            return SolveAll(z0, p, sharedP, times, sharedTimes: false, rowsChanged: true, outputs, results);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>ACA gradient of the last Solve (see GpuEnsembleSolver.Gradient).</summary>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        Enter();
        try
        {
            int n = TStepper.StateSize, m = TStepper.ParameterSize;
            if (_capacity == 0)
                throw new InvalidOperationException(
                    $"This {_solverName} was built with GradientMethod.None and keeps no checkpoints: build it with GradientMethod.Aca to differentiate.");
            bool sharedGradP = GpuEnsembleHost.CheckGradient(outputGradients, gradZ0, gradP, results, _trajectories, n, m,
                _solved ? _rowCount : -1);
            if ((!sharedGradP || !_device.SumsSharedParameterGradient) && _gradPRows is null)
                _gradPRows = PageLocked<T>(_trajectories * m);
            Span<T> rows = _gradPRows is null ? [] : _gradPRows.Span;
            Span<T> blocks = _gradPBlocks.AsSpan(0, ParameterGradientSum.BlockCount(_trajectories) * m);
            // Without per-trajectory results nothing needs the time gradients or the forward's (t, h) words.
            bool perTrajectory = !results.IsEmpty;
            long start = Stopwatch.GetTimestamp();
            // Nothing failed and no results wanted (the solve left the status words on the device): no pass over them.
            bool allDifferentiated = _solved && !perTrajectory && !_statusRead;
            if (_solved)
            {
                _device.Backward(outputGradients, _rowCount, gradZ0, rows, blocks, sharedGradP, perTrajectory ? _gradTimes.Span : []);
                if (perTrajectory)
                {
                    ReadStatus();
                    ReadStatusTimes();
                }
            }
            long deviceDone = Stopwatch.GetTimestamp();
            TrajectoryTally tally;
            if (allDifferentiated)
            {
                tally = _forwardTally.Differentiated(TStepper.Stages);
                if (!sharedGradP) rows.CopyTo(gradP);
            }
            else
            {
                fixed (T* gradZ0Pointer = gradZ0)
                fixed (T* gradPPointer = gradP)
                fixed (GradientResult* resultsPointer = results)
                {
                    _gradientPass.Set(gradZ0Pointer, gradPPointer, resultsPointer, sharedGradP);
                    tally = _loop.Run(_gradientPass);
                }
            }
            if (sharedGradP)
            {
                gradP.Clear();
                if (_solved)
                {
                    if (!_device.SumsSharedParameterGradient) ReadStatus(); // the host sums the rows of the trajectories that succeeded
                    GpuEnsembleHost.SumSharedParameterGradient<T>(rows, _status.Span, blocks, _device.SumsSharedParameterGradient, gradP, m);
                }
            }
            LastCall = new GpuCallTimes(Stopwatch.GetElapsedTime(start, deviceDone), _solved ? _device.LastKernelTime : TimeSpan.Zero,
                Stopwatch.GetElapsedTime(deviceDone), !allDifferentiated && _loop.IsParallel, HostPassRan: !allDifferentiated);
            return tally.ToResult(_trajectories);
        }
        finally
        {
            Exit();
        }
    }

    private EnsembleResult SolveAll(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
        bool rowsChanged, Span<T> outputs, Span<SolveResult> results)
    {
        _solved = false;
        _rowCount = _rows.Span[_trajectories];
        long start = Stopwatch.GetTimestamp();
        _sharedRowsLength = -1; // until the device holds these rows: a call that throws part way leaves them unknown
        _statusRead = _statusTimesRead = false;
        _device.Forward(z0, p, sharedP, times, sharedTimes, _rows.Span, rowsChanged, outputs);
        if (sharedTimes) _sharedRowsLength = times.Length;
        // Without per-trajectory results a device that tallies sends back B/256 sums instead of B status words.
        bool perTrajectory = !results.IsEmpty, onDevice = !perTrajectory && _device.TalliesOnDevice;
        if (onDevice) _device.Tally(_tallyBlocks);
        else ReadStatus();
        if (perTrajectory) ReadStatusTimes();
        long deviceDone = Stopwatch.GetTimestamp();
        TrajectoryTally tally;
        if (onDevice) tally = TrajectoryTally.OfDeviceBlocks(_tallyBlocks);
        else
        {
            fixed (SolveResult* resultsPointer = results)
            {
                _solvePass.Set(resultsPointer, perTrajectory);
                tally = _loop.Run(_solvePass);
            }
        }
        if (!perTrajectory && tally.Failed > 0)
        {
            // The aggregate's first failure says where (t) and with what step it failed: read the words now (and all
            // of them: the gradient marks each failed trajectory's rows).
            ReadStatus();
            ReadStatusTimes();
            tally.MendFirstFailure(GpuEnsembleHost.ForwardResult(_status.Span, _statusTimes.Span, tally.FirstFailed, _checkpointBytesPerStep));
        }
        _forwardTally = tally;
        _solved = true;
        LastCall = new GpuCallTimes(Stopwatch.GetElapsedTime(start, deviceDone), _device.LastKernelTime, Stopwatch.GetElapsedTime(deviceDone),
            !onDevice && _loop.IsParallel, HostPassRan: !onDevice);
        return tally.ToResult(_trajectories);
    }

    // The passes over the trajectories, made once; the caller's spans reach them as pointers while the caller holds
    // them pinned (a span cannot be a field), the solver's own arrays as themselves.
    private sealed class SolvePass(GpuEnsembleCalls<T, TStepper> calls) : HostTrajectoryLoop.Body
    {
        private SolveResult* _results;
        private bool _perTrajectory;

        public void Set(SolveResult* results, bool perTrajectory)
        {
            _results = results;
            _perTrajectory = perTrajectory;
        }

        // Two methods, chosen here rather than by a branch inside the results loop: that branch, inlined, made the
        // gradient's pass with results 1.11-1.15x slower (RESULTS §62, §63).
        public override TrajectoryTally Run(int first, int end) => _perTrajectory
            ? GpuEnsembleHost.SolveResults(calls._status.Span, calls._statusTimes.Span, calls._checkpointBytesPerStep,
                new Span<SolveResult>(_results, calls._trajectories), first, end)
            : GpuEnsembleHost.SolveTally(calls._status.Span, calls._checkpointBytesPerStep, first, end);
    }

    private sealed class GradientPass(GpuEnsembleCalls<T, TStepper> calls) : HostTrajectoryLoop.Body
    {
        private T* _gradZ0, _gradP;
        private GradientResult* _results;
        private bool _sharedGradP;

        public void Set(T* gradZ0, T* gradP, GradientResult* results, bool sharedGradP)
        {
            _gradZ0 = gradZ0;
            _gradP = gradP;
            _results = results;
            _sharedGradP = sharedGradP;
        }

        public override TrajectoryTally Run(int first, int end)
        {
            int b = calls._trajectories, n = TStepper.StateSize, m = TStepper.ParameterSize;
            var gradZ0 = new Span<T>(_gradZ0, b * n);
            var gradP = new Span<T>(_gradP, _sharedGradP ? m : b * m);
            ReadOnlySpan<T> gradPRows = calls._gradPRows is null ? [] : calls._gradPRows.Span;
            // _results is null when the caller asked for no per-trajectory results: the tally alone.
            return _results == null
                ? GpuEnsembleHost.GradientTally<T>(calls._solved, calls._status.Span, calls._checkpointBytesPerStep, gradZ0, gradPRows,
                    gradP, _sharedGradP, n, m, TStepper.Stages, first, end)
                : GpuEnsembleHost.GradientResults<T>(calls._solved, calls._status.Span, calls._statusTimes.Span, calls._checkpointBytesPerStep,
                    gradZ0, gradPRows, calls._gradTimes.Span, gradP, _sharedGradP, new Span<GradientResult>(_results, b), n, m,
                    TStepper.Stages, first, end);
        }
    }

    /// <summary>The last solve's status ints into <see cref="_status"/>, once per solve.</summary>
    private void ReadStatus()
    {
        if (_statusRead) return;
        _device.ReadStatus(_status.Span);
        _statusRead = true;
    }

    /// <summary>The last solve's (t, h) words into <see cref="_statusTimes"/>, once per solve.</summary>
    private void ReadStatusTimes()
    {
        if (_statusTimesRead) return;
        _device.ReadStatusTimes(_statusTimes.Span);
        _statusTimesRead = true;
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException(
                $"{_solverName}<{typeof(T).Name}, {typeof(TStepper).Name}> is already running a Solve or Gradient on another thread: " +
                "create one solver per calling thread.");
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>Stops the host pass's threads (if any were started).</summary>
    public void Dispose() => _loop.Dispose();
}
