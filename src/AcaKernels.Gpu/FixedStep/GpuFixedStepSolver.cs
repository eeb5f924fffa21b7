using System.Numerics;
using System.Reflection;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// B trajectories of dz/dt = f(t, z, θ) with a constant step on a GPU (or ILGPU's CPU accelerator, or OpenCL), one
/// thread per trajectory, forward only: the fixed-step ensemble workload of DiffEqGPU's and MPGOS's benchmarks.
/// The method is classical RK4 over the generated system's f (<see cref="FixedStepMethod.ClassicalRk4"/>) or the
/// stepper's own tableau through its fused trial step (<see cref="FixedStepMethod.StepperTableau"/>).
/// </summary>
/// <remarks>
/// <para>Arrays are laid out [component][trajectory] (z₀, final states, and θ when per trajectory: element (j, b)
/// at j·B + b), the layout the kernel reads and writes coalesced; a shared θ is one row of m values.</para>
/// <para>The three phases are separate calls so a benchmark can time the kernel alone: <see cref="Upload"/> (host →
/// device), <see cref="Run"/> (one launch, waited for), <see cref="Download"/> (device → host, statuses);
/// <see cref="Solve"/> does all three. Device buffers are allocated once, when the solver is made; the kernel is
/// compiled once per device. No gradient: for exact gradients use <see cref="GpuEnsembleSolver{T, TStepper}"/>
/// (adaptive or <see cref="OdeOptions.FixedStep"/>, with ACA). Not thread-safe. Dispose it to free the device memory.</para>
/// <para>Time is float64 for every T, as in the ensemble solver: step i starts at t₀ + i·h computed in double (a product,
/// not a running sum, so 10⁶ steps do not drift), stage times are that plus c·h in double, and the stepper narrows t to
/// T only where f reads it. With T = float only states, θ and stages are float32.</para>
/// </remarks>
public sealed class GpuFixedStepSolver<T, TStepper> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TStepper : struct, IGpuStepper<T>
{
    private readonly GpuDevice _device;
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly Launcher _launch;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _z0, _p, _finals;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _status;
    private readonly int[] _statusHost;
    private readonly bool _sharedParameters;
    private bool _uploaded, _ran, _disposed;

    /// <summary>Compiles the kernel for <paramref name="device"/> (once per device) and allocates the device buffers.</summary>
    /// <param name="trajectories">B, at least 1.</param>
    /// <param name="device">An opened backend, shared with other solvers and disposed after them.</param>
    /// <param name="sharedParameters">True: θ is one row of m values for all; false: θ is [parameter][trajectory].</param>
    /// <param name="method">RK4 over f, or the stepper's tableau.</param>
    public GpuFixedStepSolver(int trajectories, GpuDevice device, bool sharedParameters = true, FixedStepMethod method = FixedStepMethod.ClassicalRk4)
        : this(trajectories, device, sharedParameters, method, registerForm: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="registerForm"/> false runs the per-thread-array kernels even
    /// where the stepper has the register form (for tests that compare the two).</summary>
    internal GpuFixedStepSolver(int trajectories, GpuDevice device, bool sharedParameters, FixedStepMethod method, bool registerForm)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 1);
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        TrajectoryCount = trajectories;
        _sharedParameters = sharedParameters;
        _device = device;
        _accelerator = device.Accelerator;
        Type real = typeof(T) == typeof(double) ? typeof(GpuFloat64)
            : typeof(T) == typeof(float) ? typeof(GpuFloat32)
            : throw new NotSupportedException($"GPU ensembles run float and double states, not {typeof(T).Name}.");
        Method = method;
        MethodInfo kernel = method switch
        {
            FixedStepMethod.ClassicalRk4 => (registerForm ? RegisterKernels.For(typeof(TStepper), typeof(T), real, typeof(FixedStepRk4RegisterKernel)) : null)
                ?? Instantiate(typeof(FixedStepRk4Kernel), real),
            FixedStepMethod.StepperTableau => (registerForm ? RegisterKernels.ForTrialStep(typeof(TStepper), typeof(T), real, typeof(FixedStepTableauRegisterKernel)) : null)
                ?? Instantiate(typeof(FixedStepTableauKernel), real),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not a FixedStepMethod."),
        };
        UsesRegisterForm = kernel.DeclaringType == typeof(FixedStepRk4RegisterKernel) || kernel.DeclaringType == typeof(FixedStepTableauRegisterKernel);
        _launch = device.Kernel(kernel, GpuKernelSet<T, TStepper>.Load<Launcher>);
        _stream = _accelerator.CreateStream();
        _z0 = _accelerator.Allocate1D<T>((long)n * trajectories);
        _p = _accelerator.Allocate1D<T>(Math.Max(1, sharedParameters ? m : (long)m * trajectories));
        _finals = _accelerator.Allocate1D<T>((long)n * trajectories);
        _status = _accelerator.Allocate1D<int>(trajectories);
        _statusHost = new int[trajectories];
    }

    /// <summary>B.</summary>
    public int TrajectoryCount { get; }

    /// <summary>The method this solver runs.</summary>
    public FixedStepMethod Method { get; }

    /// <summary>Whether the kernel keeps the state and stages in registers (the stepper's register form,
    /// <see cref="IGpuRegisterStepper{T, TState, TParameters}"/> for RK4, <see cref="IGpuRegisterTrialStepper{T, TState, TParameters}"/>
    /// for the tableau: systems small enough for the straight-line form) rather than in per-thread arrays.</summary>
    public bool UsesRegisterForm { get; }

    private static MethodInfo Instantiate(Type kernel, Type real) =>
        kernel.GetMethod("Run")!.MakeGenericMethod(typeof(T), typeof(TStepper), real);

    /// <summary>Copies z₀ (n·B values, [component][trajectory]) and θ (m values, or m·B [parameter][trajectory]) to the device.</summary>
    /// <exception cref="ArgumentException">When a length does not match.</exception>
    /// <exception cref="ObjectDisposedException">When this solver or its device was disposed.</exception>
    public void Upload(ReadOnlySpan<T> z0, ReadOnlySpan<T> theta)
    {
        ThrowIfDisposed();
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        long expectedP = _sharedParameters ? m : (long)m * TrajectoryCount;
        if (z0.Length != (long)n * TrajectoryCount)
            throw new ArgumentException($"z0 has {z0.Length} values; this solver needs n·B = {n}·{TrajectoryCount} = {(long)n * TrajectoryCount}, laid out [component][trajectory].", nameof(z0));
        if (theta.Length != expectedP)
            throw new ArgumentException(_sharedParameters
                ? $"theta has {theta.Length} values; a shared θ is one row of m = {m}."
                : $"theta has {theta.Length} values; a per-trajectory θ needs m·B = {expectedP}, laid out [parameter][trajectory].", nameof(theta));
        _z0.View.AsContiguous().CopyFromCPU(z0);
        if (theta.Length > 0) _p.View.AsContiguous().SubView(0, theta.Length).CopyFromCPU(theta);
        _uploaded = true;
        _ran = false;
    }

    /// <summary>Runs <paramref name="steps"/> steps of size <paramref name="step"/> from <paramref name="t0"/> on the
    /// uploaded inputs: one kernel launch, waited for.</summary>
    /// <exception cref="ArgumentException">When t₀ or the step is not finite, the step is 0, or steps is negative.</exception>
    /// <exception cref="InvalidOperationException">When nothing was uploaded.</exception>
    /// <exception cref="ObjectDisposedException">When this solver or its device was disposed.</exception>
    public void Run(double t0, double step, int steps)
    {
        ThrowIfDisposed();
        if (!double.IsFinite(t0)) throw new ArgumentOutOfRangeException(nameof(t0), t0, "The start time must be finite.");
        if (!double.IsFinite(step) || step == 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be finite and non-zero (negative runs backwards in time).");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!_uploaded) throw new InvalidOperationException("Call Upload (or Solve) with z0 and theta before Run.");
        var settings = new FixedStepSettings
        {
            Trajectories = TrajectoryCount, Steps = steps, SharedParameters = _sharedParameters ? 1 : 0, T0 = t0, Step = step,
        };
        _launch(_stream, TrajectoryCount, settings, _z0.View, _p.View, _finals.View, _status.View);
        _stream.Synchronize();
        _ran = true;
    }

    /// <summary>Copies the final states (n·B, [component][trajectory]) and each trajectory's status back; returns how
    /// many trajectories failed (<see cref="OdeStatus.NonFiniteState"/>: their final state is NaN or infinite).</summary>
    /// <exception cref="ArgumentException">When a length does not match.</exception>
    /// <exception cref="InvalidOperationException">When <see cref="Run"/> has not run since the last upload.</exception>
    /// <exception cref="ObjectDisposedException">When this solver or its device was disposed.</exception>
    public int Download(Span<T> finals, Span<OdeStatus> status)
    {
        ThrowIfDisposed();
        int n = TStepper.StateSize;
        if (finals.Length != (long)n * TrajectoryCount)
            throw new ArgumentException($"finals has {finals.Length} values; this solver writes n·B = {(long)n * TrajectoryCount}, laid out [component][trajectory].", nameof(finals));
        if (status.Length != TrajectoryCount)
            throw new ArgumentException($"status has {status.Length} entries; this solver writes one per trajectory ({TrajectoryCount}).", nameof(status));
        if (!_ran) throw new InvalidOperationException("Call Run after Upload before Download: there are no results of the current inputs yet.");
        _finals.View.AsContiguous().CopyToCPU(finals);
        _status.View.AsContiguous().CopyToCPU(_statusHost);
        int failed = 0;
        for (int b = 0; b < status.Length; b++)
        {
            status[b] = (OdeStatus)_statusHost[b];
            if (status[b] != OdeStatus.Success) failed++;
        }
        return failed;
    }

    /// <summary><see cref="Upload"/>, <see cref="Run"/>, <see cref="Download"/>; returns how many trajectories failed.</summary>
    public int Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> theta, double t0, double step, int steps, Span<T> finals, Span<OdeStatus> status)
    {
        Upload(z0, theta);
        Run(t0, step, steps);
        return Download(finals, status);
    }

    // Its buffers are freed (by Dispose, or with a disposed device): ILGPU answered "Unknown parent accelerator", which
    // names neither the solver nor the cause.
    private void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException($"GpuFixedStepSolver<{typeof(T).Name}, {typeof(TStepper).Name}>",
                "This fixed-step GPU solver was disposed (its device buffers are freed); create a new one to solve again.");
        if (_device.IsDisposed) throw _device.DisposedUnder($"GpuFixedStepSolver<{typeof(T).Name}, {typeof(TStepper).Name}>");
    }

    /// <summary>Frees the device buffers and the stream (once; the device stays open: its owner disposes it).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _z0.Dispose();
        _p.Dispose();
        _finals.Dispose();
        _status.Dispose();
        _stream.Dispose();
    }

    internal delegate void Launcher(AcceleratorStream stream, Index1D extent, FixedStepSettings settings, ArrayView<T> z0,
        ArrayView<T> p, ArrayView<T> finals, ArrayView<int> status);
}
