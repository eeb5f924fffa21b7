using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native;

/// <summary>
/// <see cref="GpuEnsembleSolver{T, TStepper}"/> for Native AOT hosts: the same kernels, compiled at build time and
/// embedded (<see cref="GpuKernelCatalog"/>), launched through OpenCL or the CUDA driver API without ILGPU. The same
/// API and meaning: B trajectories of one generated stepper, own z₀ each, θ shared or per trajectory, output times
/// shared or per trajectory, a status per trajectory, the ACA gradient with a shared θ's rows summed in trajectory
/// order.
/// </summary>
/// <remarks>
/// <para>On one device the results are those of GpuEnsembleSolver on that device bit for bit (the same OpenCL C or
/// PTX, the same arguments); see GpuEnsembleSolver for how they relate to the CPU engine's.</para>
/// <para>Backends: <see cref="GpuBackend.Cuda"/> (the embedded PTX, sm_80 or newer), <see cref="GpuBackend.OpenCL"/>
/// (the embedded OpenCL C; a GPU device first, else the first device, e.g. PoCL) and <see cref="GpuBackend.Auto"/>
/// (CUDA, else OpenCL). <see cref="GpuBackend.Cpu"/> is ILGPU's and refused.</para>
/// <para>Device buffers are allocated when the solver is created (those sized by the output times grow when a call
/// needs more); the kernels are built once per solver (PoCL: seconds of clang). After the first call, Solve and Gradient
/// allocate no managed memory (below 262 144 trajectories, where the host pass runs on the calling thread; above, its
/// worker threads allocate nothing either). Not thread-safe: overlapping calls throw. Dispose it to free the device.</para>
/// </remarks>
public sealed partial class NativeGpuEnsembleSolver<T, TStepper> : IDisposable, Split.IGpuEnsembleShare<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    /// <summary>Opens the backend of <paramref name="gpuOptions"/>, loads <typeparamref name="TStepper"/>'s kernels from
    /// <paramref name="kernels"/> and allocates the device buffers.</summary>
    /// <exception cref="ArgumentException">Options that cannot work on the GPU, sizes that do not fit, GpuBackend.Cpu.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the requested backend, or device of it, is absent (the message names the devices present).</exception>
    /// <exception cref="InvalidOperationException">When the catalog has no kernels for the stepper.</exception>
    /// <exception cref="NativeGpuException">When a driver call fails (the message names it).</exception>
    public NativeGpuEnsembleSolver(int trajectories, GpuKernelCatalog kernels, OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        GpuEnsembleHost.CheckOptions<T>(Options, n, m, typeof(TStepper).Name, trajectories);
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"GPU ensembles run float and double states, not {typeof(T).Name}.");
        TrajectoryCount = trajectories;
        CheckpointCapacity = GpuEnsembleHost.CheckpointCapacity(Options, GpuOptions, trajectories, n, Unsafe.SizeOf<T>());
        _device = new DeviceState(kernels, trajectories, CheckpointCapacity, Options, GpuOptions.Backend, GpuOptions.DeviceIndex);
        _calls = new GpuEnsembleCalls<T, TStepper>(nameof(NativeGpuEnsembleSolver<T, TStepper>), _device, trajectories, CheckpointCapacity);
    }

    private readonly DeviceState _device;
    private readonly GpuEnsembleCalls<T, TStepper> _calls;

    /// <summary>Where the last Solve or Gradient spent its time: kernels, copies, the host's pass over the trajectories.</summary>
    public GpuCallTimes LastCall => _calls.LastCall;

    /// <summary>Whether a shared θ's gradient is summed on the device (the catalog embeds the block-sum kernel).</summary>
    internal bool SumsSharedParameterGradient => _device.SumsSharedParameterGradient;

    /// <summary>Whether a call without per-trajectory results sums the status words on the device (its catalog embeds
    /// the tally kernel).</summary>
    internal bool TalliesOnDevice => _device.TalliesOnDevice;
    ReadOnlySpan<T> Split.IGpuEnsembleShare<T>.ParameterGradientBlocks => _calls.ParameterGradientBlocks;

    private bool _disposed;

    /// <summary>The settings every trajectory is solved with (the method is the stepper's).</summary>
    public OdeOptions Options { get; }

    /// <summary>Backend and checkpoint capacity.</summary>
    public GpuEnsembleOptions GpuOptions { get; }

    /// <summary>Trajectories B.</summary>
    public int TrajectoryCount { get; }

    /// <summary>Accepted steps each trajectory may checkpoint (0 without a gradient).</summary>
    public int CheckpointCapacity { get; }

    /// <summary>The backend the solver runs on (what <see cref="GpuBackend.Auto"/> resolved to).</summary>
    public GpuBackend Backend => _device.Device.Backend;

    /// <summary>The device's name as its driver reports it.</summary>
    public string DeviceName => _device.Device.Name;

    /// <summary>
    /// Host memory of <paramref name="length"/> elements that this solver's device copies directly (page-locked on
    /// CUDA; ordinary pinned memory on OpenCL), unregistered when disposed or when the solver is: make z₀, outputs,
    /// seeds and gradients in it once and reuse them call after call. See <see cref="GpuHostArray{T}"/>.
    /// </summary>
    public GpuHostArray<TValue> CreateHostArray<TValue>(int length) where TValue : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new GpuHostArray<TValue>(length, _device.Register);
    }

    /// <summary>Solves every trajectory through the same output times; as
    /// <see cref="GpuEnsembleSolver{T, TStepper}.Solve(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult})"/>.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match; times not finite or not strictly monotone.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs, Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _calls.Solve(z0, p, times, outputs, results);
    }

    /// <summary>Solves every trajectory through its own output times; as the per-trajectory-times overload of
    /// GpuEnsembleSolver.Solve.</summary>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _calls.Solve(z0, p, times, timeOffsets, outputs, results);
    }

    /// <summary>ACA gradient of the last Solve; as <see cref="GpuEnsembleSolver{T, TStepper}.Gradient"/>.</summary>
    /// <exception cref="ArgumentException">Sizes that do not match the last solve; overlapping spans.</exception>
    /// <exception cref="InvalidOperationException">Built with <see cref="GradientMethod.None"/>; overlapping calls.</exception>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _calls.Gradient(outputGradients, gradZ0, gradP, results);
    }

    /// <summary>Frees the device buffers, the kernels and the device (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _calls.Dispose();
        _device.Dispose();
    }
}
