using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using ILGPU.Runtime;

namespace AcaKernels.Gpu;

/// <summary>
/// Solves and differentiates (ACA) B trajectories of dz/dt = f(t, z, θ) on a GPU (or ILGPU's CPU accelerator, or
/// OpenCL), one thread per trajectory: the API of <see cref="EnsembleSolver{T, TDynamics}"/> — own z₀ per
/// trajectory, θ shared or per trajectory, output times shared or per trajectory, results in the caller's spans,
/// a status per trajectory — over a <see cref="IGpuStepper{T}"/> (one system, one tableau) instead of an
/// <see cref="IOdeDynamics{T}"/>.
/// </summary>
/// <remarks>
/// <para>The forward kernel runs each trajectory's whole adaptive solve with the CPU engine's step logic (the step
/// spec or its tested bit-identical twins) and stores its accepted steps; the backward kernel sweeps them in
/// reverse (ACA). On the CPU accelerator a trajectory takes the CPU engine's steps; on OpenCL and CUDA the device's
/// rounding differs (contracted multiply-adds, its sqrt/pow), so step sizes differ at rounding level and results
/// agree within tolerances, not bitwise.</para>
/// <para>Differences from the CPU ensemble: the method is the stepper's (<see cref="OdeOptions.Method"/> and
/// <see cref="OdeOptions.Tableau"/> are not read); only <see cref="GradientMethod.Aca"/> and
/// <see cref="GradientMethod.None"/>; checkpoints have a fixed capacity per trajectory
/// (<see cref="GpuEnsembleOptions.CheckpointCapacity"/>); a NaN or infinite z₀ or θ is not an exception but that
/// trajectory's <see cref="OdeStatus.NonFiniteState"/> (so one poisoned trajectory fails alone); the stiffness
/// test is not run (a limit is reported as itself). ∂L/∂t₀ and ∂L/∂t_end (<see cref="GradientResult"/>) are the CPU
/// engine's ACA time gradients, from the stepper's <see cref="IGpuStepper{T}.StepVjpWithTime"/>. The shared-θ gradient is the sum of the trajectories' rows in the CPU engine's fixed order
/// (ParameterGradientSum: trajectory order within blocks of 1024, then the blocks in order), summed per block on the
/// device so only B/1024·m values come back: deterministic, and on the CPU accelerator the CPU engine's bits.</para>
/// <para>Time is float64 for every T and backend: t, step sizes, output times, checkpoints' (t, h), error norms and the
/// controller, as on the CPU; with T = float only states, θ, stages and adjoints are float32 (the stepper receives
/// t as a double and narrows it where f reads it). A device without fast float64 pays for that on the scalar
/// per-step work, not on the n-component arithmetic.</para>
/// <para>Device buffers are allocated when the solver is created (and those sized by the output times when a call
/// first needs them larger); the kernels are compiled once per solver. After warm-up, Solve and Gradient allocate no
/// managed memory of their own; ILGPU 1.5.3 allocates a fixed amount per call, independent of B, n and the output
/// times: 80 bytes per host↔device copy (it wraps the span in a CPUMemoryBuffer object; 7 copies per Solve, 4 per
/// Gradient) and, on its CPU accelerator only, a task object per kernel launch (~440 bytes for these kernels).
/// Staging the copies through a host buffer made once does not avoid this in 1.5.3 (its view-to-view copies allocate
/// too on the CPU accelerator and fail on OpenCL). Not thread-safe: overlapping calls throw.
/// Dispose it to free the device memory.</para>
/// <para>Each call copies its inputs to the device and its results back. The solver's own host buffers are page-locked
/// on CUDA; the caller's spans are copied through the driver's staging buffers unless they lie in memory from
/// <see cref="CreateHostArray{TValue}"/> (page-locked, copied by DMA). <see cref="LastCall"/> splits a call's time into
/// kernels, copies and the host's pass.</para>
/// </remarks>
public sealed partial class GpuEnsembleSolver<T, TStepper> : IDisposable, Split.IGpuEnsembleShare<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    /// <summary>Creates the solver on a device of its own (<see cref="GpuEnsembleOptions.Backend"/>): opens the backend,
    /// compiles the kernels, allocates the device buffers.</summary>
    /// <exception cref="ArgumentException">When an option cannot work on the GPU or the sizes do not fit.</exception>
    /// <exception cref="GpuBackendUnavailableException">When the requested backend, or device of it, is not present.</exception>
    public GpuEnsembleSolver(int trajectories, OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null)
        : this(trajectories, null, options, gpuOptions, shared: false)
    {
    }

    /// <summary>Creates the solver on a device opened by the caller (shared with other solvers, disposed after them);
    /// <see cref="GpuEnsembleOptions.Backend"/> and <see cref="GpuEnsembleOptions.DeviceIndex"/> are not read.</summary>
    /// <exception cref="ArgumentException">When an option cannot work on the GPU or the sizes do not fit.</exception>
    public GpuEnsembleSolver(int trajectories, GpuDevice device, OdeOptions? options = null, GpuEnsembleOptions? gpuOptions = null)
        : this(trajectories, device ?? throw new ArgumentNullException(nameof(device)), options, gpuOptions, shared: true)
    {
    }

    private GpuEnsembleSolver(int trajectories, GpuDevice? device, OdeOptions? options, GpuEnsembleOptions? gpuOptions, bool shared = false)
    {
        Options = options ?? new OdeOptions();
        GpuOptions = gpuOptions ?? new GpuEnsembleOptions();
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        GpuEnsembleHost.CheckOptions<T>(Options, n, m, typeof(TStepper).Name, trajectories);
        TrajectoryCount = trajectories;
        CheckpointCapacity = GpuEnsembleHost.CheckpointCapacity(Options, GpuOptions, trajectories, n, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        _device = new DeviceState(trajectories, n, m, CheckpointCapacity, Options, shared ? device : null, GpuOptions.Backend,
            GpuOptions.DeviceIndex, GpuOptions.KernelForm);
        _calls = new GpuEnsembleCalls<T, TStepper>(nameof(GpuEnsembleSolver<T, TStepper>), _device, trajectories, CheckpointCapacity);
    }

    private readonly DeviceState _device;
    private readonly GpuEnsembleCalls<T, TStepper> _calls;

    /// <summary>Where the last Solve or Gradient spent its time: kernels, copies, the host's pass over the trajectories.</summary>
    public GpuCallTimes LastCall => _calls.LastCall;

    /// <summary>The settings every trajectory is solved with (the method is the stepper's).</summary>
    public OdeOptions Options { get; }

    /// <summary>Backend and checkpoint capacity.</summary>
    public GpuEnsembleOptions GpuOptions { get; }

    /// <summary>Trajectories B.</summary>
    public int TrajectoryCount { get; }

    /// <summary>Accepted steps each trajectory may checkpoint (0 without a gradient).</summary>
    public int CheckpointCapacity { get; }

    /// <summary>The backend the solver runs on (what <see cref="GpuBackend.Auto"/> resolved to).</summary>
    public GpuBackend Backend => _device.Backend;

    /// <summary>Whether the solver runs the kernels over the stepper's register form (state in registers, see
    /// <see cref="IGpuRegisterTrialStepper{T, TState, TParameters}"/>) rather than those over per-thread arrays.</summary>
    internal bool UsesRegisterKernels => _device.UsesRegisterKernels;

    /// <summary>The ILGPU accelerator's description (device name, type).</summary>
    public string DeviceName => _device.Accelerator.Name;

    /// <summary>
    /// Host memory of <paramref name="length"/> elements that this solver's device copies directly (page-locked on
    /// CUDA): make z₀, outputs, seeds and gradients in it once and reuse them call after call. See
    /// <see cref="GpuHostArray{T}"/>; the device's <see cref="GpuDevice.CreateHostArray{T}"/> makes the same.
    /// </summary>
    public GpuHostArray<TValue> CreateHostArray<TValue>(int length) where TValue : unmanaged
    {
        ThrowIfDisposed();
        return _device.Device.CreateHostArray<TValue>(length);
    }

    /// <summary>State size n.</summary>
    public static int StateSize => TStepper.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TStepper.ParameterSize;

    /// <summary>
    /// Solves every trajectory through the same output times (strictly monotone, at least two). z0 holds B states
    /// (trajectory b's at [b·n, (b+1)·n)); p holds one shared θ (length m) or one per trajectory (B·m). Trajectory b
    /// writes z(times[k]) at outputs[(b·K + k)·n ..] and its result at results[b]. Pass an empty results span for the
    /// returned aggregate only: the status words are then summed on the device and stay there unless a trajectory
    /// failed, and the host makes no per-trajectory result (at B = 8 388 608 the per-trajectory pass wrote 800 MB).
    /// </summary>
    /// <exception cref="ArgumentException">Sizes that do not match; times not finite or not strictly monotone.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results)
    {
        ThrowIfDisposed();
        return _calls.Solve(z0, p, times, outputs, results);
    }

    /// <summary>
    /// Solves every trajectory through its own output times: trajectory b's are times[timeOffsets[b] .. timeOffsets[b+1])
    /// (B + 1 offsets from 0 to times.Length, at least two times each, strictly monotone) and its outputs the same
    /// rows of outputs. Otherwise as the shared-times overload.
    /// </summary>
    /// <exception cref="ArgumentException">As the shared-times overload; offsets that are not a valid partition.</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results)
    {
        ThrowIfDisposed();
        return _calls.Solve(z0, p, times, timeOffsets, outputs, results);
    }

    /// <summary>
    /// ACA gradient of the last Solve. Given the seeds ∂L/∂z(t_k) laid out like the outputs, writes ∂L/∂z₀ of
    /// trajectory b at gradZ0[b·n ..], and ∂L/∂θ either summed over the trajectories (gradP of length m, in the CPU
    /// engine's fixed order) or per trajectory (length B·m). results[b] holds trajectory b's status and time gradients
    /// (an empty results span: the aggregate only, and the time gradients are not copied back); a trajectory whose
    /// solve failed is <see cref="OdeStatus.NoForwardSolve"/> with NaN rows, and adds nothing to a shared sum.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes that do not match the last solve; overlapping spans.</exception>
    /// <exception cref="InvalidOperationException">Built with <see cref="GradientMethod.None"/>; overlapping calls.</exception>
    public EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results)
    {
        ThrowIfDisposed();
        return _calls.Gradient(outputGradients, gradZ0, gradP, results);
    }

    ReadOnlySpan<T> Split.IGpuEnsembleShare<T>.ParameterGradientBlocks => _calls.ParameterGradientBlocks;

    private bool _disposed;

    // Its device buffers are freed: a call would read and write released memory (on ILGPU's CPU accelerator one
    // returned stale results, and the next failed an assertion that ended the process).
    // A shared device disposed before this solver frees them too (the same assertion, on the first call after).
    private void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException($"GpuEnsembleSolver<{typeof(T).Name}, {typeof(TStepper).Name}>",
                "This GPU ensemble solver was disposed (its device buffers are freed); create a new one to solve again.");
        if (_device.Device.IsDisposed) throw _device.Device.DisposedUnder($"GpuEnsembleSolver<{typeof(T).Name}, {typeof(TStepper).Name}>");
    }

    /// <summary>Frees the device buffers, and the device when the solver opened it itself (once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _calls.Dispose();
        _device.Dispose();
    }
}
