using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble;

/// <summary>
/// One ensemble engine behind one shape, for `aca ensemble`: the CPU <see cref="EnsembleSolver{T, TDynamics}"/>
/// (scalar or lanes) or the <see cref="NativeGpuEnsembleSolver{T, TStepper}"/> over the kernels embedded in `aca`,
/// both over one system of <c>--system</c> with Dormand-Prince 5(4).
/// </summary>
internal sealed class EnsembleRunner<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public delegate EnsembleResult SolveCall(ReadOnlySpan<T> z0, ReadOnlySpan<T> theta, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results);

    public delegate EnsembleResult GradientCall(ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradTheta, Span<GradientResult> results);

    private readonly IDisposable _solver;
    private readonly Func<int, HostBuffer<T>> _allocate;

    internal EnsembleRunner(string description, bool isGpu, IDisposable solver, SolveCall solve, GradientCall gradient, Func<int, HostBuffer<T>> allocate,
        Func<GpuCallTimes>? lastCall = null, bool isLanes = false)
    {
        Description = description;
        IsGpu = isGpu;
        IsLanes = isLanes;
        _solver = solver;
        Solve = solve;
        Gradient = gradient;
        _allocate = allocate;
        LastCall = lastCall;
    }

    /// <summary>What runs, for the report ("opencl: the embedded OpenCL C on '…'").</summary>
    public string Description { get; }

    public bool IsGpu { get; }

    /// <summary>Whether this is the CPU engine vectorised across AVX-512 lanes.</summary>
    public bool IsLanes { get; }

    public SolveCall Solve { get; }

    public GradientCall Gradient { get; }

    /// <summary>Where the GPU solver's last Solve or Gradient spent its time (null for the CPU engine).</summary>
    public Func<GpuCallTimes>? LastCall { get; }

    /// <summary>Host memory for this engine's inputs and results: the GPU solver's page-locked host arrays (direct copies
    /// on CUDA), ordinary arrays for the CPU engine.</summary>
    public HostBuffer<T> Allocate(int length) => _allocate(length);

    public void Dispose() => _solver.Dispose();
}

/// <summary>The engines of <see cref="EnsembleRunner{T}"/> over one generated system: its CPU dynamics, or its GPU
/// stepper's kernels embedded in `aca` (<see cref="Systems.EnsembleEngines{T}"/> binds the two per system).</summary>
internal static class EnsembleRunner
{
    /// <summary>The CPU ensemble engine, vectorised across AVX-512 lanes or not (the lanes run float64 only).</summary>
    public static EnsembleRunner<T> Cpu<T, TDynamics>(int trajectories, OdeOptions options, bool lanes, int threads)
        where T : unmanaged, IFloatingPointIeee754<T> where TDynamics : IOdeDynamics<T>
    {
        var solver = new EnsembleSolver<T, TDynamics>(trajectories, options, new EnsembleOptions
        {
            WorkerCount = threads,
            Vectorize = lanes ? EnsembleVectorization.Auto : EnsembleVectorization.Never,
        });
        return new EnsembleRunner<T>(Describe(solver.IsVectorized, threads), false, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r), HostBuffer<T>.Array,
            isLanes: solver.IsVectorized);
    }

    private static string Describe(bool lanes, int threads) =>
        (lanes ? "lanes: the CPU engine, 8 trajectories per AVX-512 register" : "cpu: the CPU engine, one trajectory at a time") + $", {threads} thread(s)";

    /// <summary>The embedded kernels on several devices of <paramref name="backend"/>, the trajectories split over them.</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or one of the devices, is absent.</exception>
    public static EnsembleRunner<T> MultiGpu<T, TStepper>(int trajectories, OdeOptions options, GpuBackend backend, IReadOnlyList<int> devices)
        where T : unmanaged, IFloatingPointIeee754<T> where TStepper : struct, IGpuStepper<T>
    {
        var solver = new NativeMultiGpuEnsembleSolver<T, TStepper>(trajectories, EmbeddedGpuKernels.Catalog, backend, devices, options);
        string code = backend == GpuBackend.Cuda ? "the embedded PTX" : "the embedded OpenCL C";
        IReadOnlyList<GpuEnsembleShare> shares = solver.Shares;
        // Equal weights leave only the last devices without trajectories: share k runs on devices[k].
        string where = string.Join(", ", shares.Select((s, k) =>
            $"device {devices[k]} '{s.DeviceName}' trajectories {s.FirstTrajectory}..{s.FirstTrajectory + s.Trajectories - 1}"));
        return new EnsembleRunner<T>($"{backend.ToString().ToLowerInvariant()}: {code} split over {shares.Count} device(s): {where}", true, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r),
            length => HostBuffer<T>.Gpu(solver.CreateHostArray<T>(length)), () => Slowest(solver.Shares));
    }

/// <summary>The share whose device side took longest: the one the call waited for.</summary>
    private static GpuCallTimes Slowest(IReadOnlyList<GpuEnsembleShare> shares) => shares.MaxBy(s => s.LastCall.Device).LastCall;

    /// <summary>The kernels embedded in this binary, through OpenCL or the CUDA driver (no ILGPU).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend, or its device <paramref name="device"/>, is absent.</exception>
    public static EnsembleRunner<T> Gpu<T, TStepper>(int trajectories, OdeOptions options, GpuBackend backend, int? device)
        where T : unmanaged, IFloatingPointIeee754<T> where TStepper : struct, IGpuStepper<T>
    {
        var solver = new NativeGpuEnsembleSolver<T, TStepper>(trajectories, EmbeddedGpuKernels.Catalog, options,
            new GpuEnsembleOptions { Backend = backend, DeviceIndex = device });
        string code = solver.Backend == GpuBackend.Cuda ? "the embedded PTX" : "the embedded OpenCL C";
        return new EnsembleRunner<T>($"{solver.Backend.ToString().ToLowerInvariant()}: {code} on '{solver.DeviceName}'", true, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r),
            length => HostBuffer<T>.Gpu(solver.CreateHostArray<T>(length)), () => solver.LastCall);
    }
}

/// <summary>An engine's host memory for one input or result: an ordinary array, or a GPU solver's host array.</summary>
internal sealed class HostBuffer<T> : IDisposable where T : unmanaged
{
    private readonly T[]? _array;
    private readonly GpuHostArray<T>? _host;

    private HostBuffer(T[]? array, GpuHostArray<T>? host) => (_array, _host) = (array, host);

    public static HostBuffer<T> Array(int length) => new(new T[length], null);

    public static HostBuffer<T> Gpu(GpuHostArray<T> host) => new(null, host);

    public Span<T> Span => _array ?? _host!.Span;

    /// <summary>Whether the device copies it directly (page-locked on CUDA).</summary>
    public bool IsPageLocked => _host?.IsPageLocked ?? false;

    public void Dispose() => _host?.Dispose();
}
