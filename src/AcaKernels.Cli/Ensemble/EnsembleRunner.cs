using AcaKernels.Ensembles;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble;

/// <summary>
/// One ensemble engine behind one shape, for `aca ensemble`: the CPU <see cref="EnsembleSolver{T, TDynamics}"/>
/// (scalar or lanes) or the <see cref="NativeGpuEnsembleSolver{T, TStepper}"/> over the kernels embedded in `aca`,
/// both over Lorenz-63 (<see cref="LorenzDynamics"/>) with Dormand-Prince 5(4).
/// </summary>
internal sealed class EnsembleRunner : IDisposable
{
    public delegate EnsembleResult SolveCall(ReadOnlySpan<double> z0, ReadOnlySpan<double> theta, ReadOnlySpan<double> times, Span<double> outputs,
        Span<SolveResult> results);

    public delegate EnsembleResult GradientCall(ReadOnlySpan<double> seeds, Span<double> gradZ0, Span<double> gradTheta, Span<GradientResult> results);

    private readonly IDisposable _solver;
    private readonly Func<int, HostBuffer> _allocate;

    private EnsembleRunner(string description, bool isGpu, IDisposable solver, SolveCall solve, GradientCall gradient, Func<int, HostBuffer> allocate,
        Func<GpuCallTimes>? lastCall = null)
    {
        LastCall = lastCall;
        Description = description;
        IsGpu = isGpu;
        _solver = solver;
        Solve = solve;
        Gradient = gradient;
        _allocate = allocate;
    }

    /// <summary>What runs, for the report ("opencl: the embedded OpenCL C on '…'").</summary>
    public string Description { get; }

    public bool IsGpu { get; }

    public SolveCall Solve { get; }

    public GradientCall Gradient { get; }

    /// <summary>Where the GPU solver's last Solve or Gradient spent its time (null for the CPU engine).</summary>
    public Func<GpuCallTimes>? LastCall { get; }

    /// <summary>Host memory for this engine's inputs and results: the GPU solver's page-locked host arrays (direct copies
    /// on CUDA), ordinary arrays for the CPU engine.</summary>
    public HostBuffer Allocate(int length) => _allocate(length);

    /// <summary>The CPU ensemble engine, vectorised across AVX-512 lanes or not.</summary>
    public static EnsembleRunner Cpu(int trajectories, OdeOptions options, bool lanes, int threads)
    {
        var solver = new EnsembleSolver<double, LorenzDynamics.RhsOde>(trajectories, options, new EnsembleOptions
        {
            WorkerCount = threads,
            Vectorize = lanes ? EnsembleVectorization.Auto : EnsembleVectorization.Never,
        });
        string what = lanes ? "lanes: the CPU engine, 8 trajectories per AVX-512 register" : "cpu: the CPU engine, one trajectory at a time";
        return new EnsembleRunner($"{what}, {threads} thread(s)", false, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r), HostBuffer.Array);
    }

    /// <summary>The kernels embedded in this binary, through OpenCL or the CUDA driver (no ILGPU).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend is absent.</exception>
    public static EnsembleRunner Gpu(int trajectories, OdeOptions options, GpuBackend backend)
    {
        var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(trajectories, EmbeddedGpuKernels.Catalog,
            options, new GpuEnsembleOptions { Backend = backend });
        string code = solver.Backend == GpuBackend.Cuda ? "the embedded PTX" : "the embedded OpenCL C";
        return new EnsembleRunner($"{solver.Backend.ToString().ToLowerInvariant()}: {code} on '{solver.DeviceName}'", true, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r),
            length => HostBuffer.Gpu(solver.CreateHostArray<double>(length)), () => solver.LastCall);
    }

    public void Dispose() => _solver.Dispose();
}

/// <summary>An engine's host memory for one input or result: an ordinary array, or a GPU solver's host array.</summary>
internal sealed class HostBuffer : IDisposable
{
    private readonly double[]? _array;
    private readonly GpuHostArray<double>? _host;

    private HostBuffer(double[]? array, GpuHostArray<double>? host) => (_array, _host) = (array, host);

    public static HostBuffer Array(int length) => new(new double[length], null);

    public static HostBuffer Gpu(GpuHostArray<double> host) => new(null, host);

    public Span<double> Span => _array ?? _host!.Span;

    /// <summary>Whether the device copies it directly (page-locked on CUDA).</summary>
    public bool IsPageLocked => _host?.IsPageLocked ?? false;

    public void Dispose() => _host?.Dispose();
}
