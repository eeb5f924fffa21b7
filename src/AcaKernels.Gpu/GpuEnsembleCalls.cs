using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// The host side of Solve and Gradient, the same for <see cref="GpuEnsembleSolver{T, TStepper}"/> and the Native AOT
/// solver (AcaKernels.Gpu.Native), which differ only in their device: the argument checks, the output rows, the
/// forward kernel's status words turned into results and kept for the gradient, the gradient's rows, and the guard
/// that refuses overlapping calls (the solvers are not thread-safe).
/// </summary>
internal sealed class GpuEnsembleCalls<T, TStepper>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    private readonly IGpuEnsembleDevice<T> _device;
    private readonly string _solverName;
    private readonly int _trajectories, _capacity;
    private readonly int[] _rows, _status;
    private readonly double[] _statusTimes, _gradTimes;
    private readonly SolveResult[] _forward;
    private readonly T[] _gradPBlocks;
    private T[] _gradPRows = []; // B·m host rows, allocated on first need: a device that sums a shared θ's gradient never needs them
    private bool _solved;
    private int _rowCount, _busy;

    /// <summary>Host buffers for <paramref name="trajectories"/> trajectories of a solver named
    /// <paramref name="solverName"/> (in its messages) that keeps <paramref name="capacity"/> checkpoints each.</summary>
    public GpuEnsembleCalls(string solverName, IGpuEnsembleDevice<T> device, int trajectories, int capacity)
    {
        _solverName = solverName;
        _device = device;
        _trajectories = trajectories;
        _capacity = capacity;
        _rows = new int[trajectories + 1];
        _status = new int[trajectories * Kernels.TrajectoryStatus.IntCount];
        _statusTimes = new double[trajectories * Kernels.TrajectoryStatus.DoubleCount];
        _forward = new SolveResult[trajectories];
        _gradPBlocks = new T[Math.Max(1, ParameterGradientSum.BlockCount(trajectories) * TStepper.ParameterSize)];
        _gradTimes = new double[capacity > 0 ? 2 * trajectories : 0];
    }

    /// <summary>Solve with output times shared by every trajectory (see GpuEnsembleSolver.Solve).</summary>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        Enter();
        try
        {
            bool sharedP = GpuEnsembleHost.CheckSolve(z0, p, times, outputs, results, _trajectories, TStepper.StateSize,
                TStepper.ParameterSize);
            for (int b = 0; b <= _trajectories; b++) _rows[b] = b * times.Length;
            return SolveAll(z0, p, sharedP, times, sharedTimes: true, outputs, results);
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
            timeOffsets.CopyTo(_rows);
            return SolveAll(z0, p, sharedP, times, sharedTimes: false, outputs, results);
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
            if ((!sharedGradP || !_device.SumsSharedParameterGradient) && _gradPRows.Length < _trajectories * m)
                _gradPRows = new T[_trajectories * m];
            Span<T> rows = _gradPRows.AsSpan(0, Math.Min(_gradPRows.Length, _trajectories * m));
            Span<T> blocks = _gradPBlocks.AsSpan(0, ParameterGradientSum.BlockCount(_trajectories) * m);
            if (_solved) _device.Backward(outputGradients, _rowCount, gradZ0, rows, blocks, sharedGradP, _gradTimes);
            bool blocksFromDevice = sharedGradP && _device.SumsSharedParameterGradient;
            return GpuEnsembleHost.GradientResults<T>(_solved, _forward, gradZ0, rows, blocks, blocksFromDevice, _gradTimes, gradP,
                sharedGradP, results, n, m, TStepper.Stages);
        }
        finally
        {
            Exit();
        }
    }

    private EnsembleResult SolveAll(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
        Span<T> outputs, Span<SolveResult> results)
    {
        _solved = false;
        _rowCount = _rows[_trajectories];
        _device.Forward(z0, p, sharedP, times, sharedTimes, _rows, outputs, _status, _statusTimes);
        EnsembleResult summary = GpuEnsembleHost.SolveResults(_status, _statusTimes, _capacity, TStepper.StateSize, Unsafe.SizeOf<T>(),
            _forward, results);
        _solved = true;
        return summary;
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException(
                $"{_solverName}<{typeof(T).Name}, {typeof(TStepper).Name}> is already running a Solve or Gradient on another thread: " +
                "create one solver per calling thread.");
    }

    private void Exit() => Volatile.Write(ref _busy, 0);
}
