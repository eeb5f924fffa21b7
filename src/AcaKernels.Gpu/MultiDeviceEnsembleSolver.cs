using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Gpu.Split;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// What the multi-device solvers share (<see cref="MultiGpuEnsembleSolver{T, TStepper}"/> over ILGPU, and the Native AOT
/// one): the calls of one GPU ensemble solver over trajectories split into consecutive shares, one per device, all
/// devices working at once. See MultiGpuEnsembleSolver for how the shares are cut and what the results are.
/// </summary>
public abstract class MultiDeviceEnsembleSolver<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly EnsembleSplit<T> _split;
    private readonly IDisposable[] _owned;
    private bool _disposed;

    /// <summary>Over <paramref name="split"/>'s devices; <paramref name="owned"/> (devices the solver opened) are disposed after it.</summary>
    internal MultiDeviceEnsembleSolver(EnsembleSplit<T> split, int capacity, IDisposable[] owned, OdeOptions? options, GpuEnsembleOptions? gpuOptions)
    {
        _split = split;
        _owned = owned;
        CheckpointCapacity = capacity;
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
    }

    /// <summary>The settings every trajectory is solved with (the method is the stepper's).</summary>
    public OdeOptions Options { get; }

    /// <summary>Checkpoint capacity (the devices' own are set to <see cref="CheckpointCapacity"/>).</summary>
    public GpuEnsembleOptions GpuOptions { get; }

    /// <summary>Trajectories B, all devices.</summary>
    public int TrajectoryCount => _split.TrajectoryCount;

    /// <summary>Accepted steps each trajectory may checkpoint (0 without a gradient), on every device.</summary>
    public int CheckpointCapacity { get; }

    /// <summary>Which trajectories each device holds, in trajectory order, and where its last call spent its time.</summary>
    public IReadOnlyList<GpuEnsembleShare> Shares
    {
        get
        {
            var shares = new GpuEnsembleShare[_split.Shares.Count];
            for (int s = 0; s < shares.Length; s++)
            {
                IGpuEnsembleShare<T> share = _split.Shares[s];
                shares[s] = new GpuEnsembleShare(_split.FirstTrajectory(s), share.TrajectoryCount, share.Backend, share.DeviceName, share.LastCall);
            }
            return shares;
        }
    }

    /// <summary>
    /// Host memory of <paramref name="length"/> elements for the inputs and results of every call: made by the first
    /// device's solver, page-locked on CUDA with the driver's portable flag (pinned for every device's context, so each
    /// device copies its slices of it directly); an ordinary pinned array on OpenCL and the CPU. See
    /// <see cref="GpuHostArray{T}"/>.
    /// </summary>
    public GpuHostArray<TValue> CreateHostArray<TValue>(int length) where TValue : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Shares[0].CreateHostArray<TValue>(length);
    }

    /// <summary>As GpuEnsembleSolver's Solve through output times shared by every trajectory; the aggregate's first
    /// failure is numbered among all B trajectories.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match; times not finite or not strictly monotone.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Solve(z0, p, times, outputs, results);
    }

    /// <summary>As GpuEnsembleSolver's Solve with each trajectory's own output times (B + 1 offsets into times).</summary>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Solve(z0, p, times, timeOffsets, outputs, results);
    }

    /// <summary>As GpuEnsembleSolver's Gradient: ACA gradient of the last Solve; a shared θ's gradient summed over all
    /// devices' trajectories in one solver's order.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match the last solve; overlapping spans.</exception>
    /// <exception cref="InvalidOperationException">Built with GradientMethod.None; overlapping calls; after a Solve that threw.</exception>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _split.Gradient(outputGradients, gradZ0, gradP, results);
    }

    /// <summary>Frees every device's buffers, and the devices this solver opened (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _split.Dispose();
        foreach (IDisposable owned in _owned) owned.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One device's part of a multi-device solver: trajectories [<paramref name="FirstTrajectory"/>,
/// + <paramref name="Trajectories"/>) on <paramref name="DeviceName"/>, and where its last call spent its time.</summary>
public readonly record struct GpuEnsembleShare(int FirstTrajectory, int Trajectories, GpuBackend Backend, string DeviceName,
    GpuCallTimes LastCall);
