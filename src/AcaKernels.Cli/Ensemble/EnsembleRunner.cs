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
    public delegate EnsembleResult SolveCall(double[] z0, double[] theta, double[] times, double[] outputs, SolveResult[] results);

    public delegate EnsembleResult GradientCall(double[] seeds, double[] gradZ0, double[] gradTheta, GradientResult[] results);

    private readonly IDisposable _solver;

    private EnsembleRunner(string description, bool isGpu, IDisposable solver, SolveCall solve, GradientCall gradient)
    {
        Description = description;
        IsGpu = isGpu;
        _solver = solver;
        Solve = solve;
        Gradient = gradient;
    }

    /// <summary>What runs, for the report ("opencl: the embedded OpenCL C on '…'").</summary>
    public string Description { get; }

    public bool IsGpu { get; }

    public SolveCall Solve { get; }

    public GradientCall Gradient { get; }

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
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
    }

    /// <summary>The kernels embedded in this binary, through OpenCL or the CUDA driver (no ILGPU).</summary>
    /// <exception cref="GpuBackendUnavailableException">When the backend is absent.</exception>
    public static EnsembleRunner Gpu(int trajectories, OdeOptions options, GpuBackend backend)
    {
        var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(trajectories, EmbeddedGpuKernels.Catalog,
            options, new GpuEnsembleOptions { Backend = backend });
        string code = solver.Backend == GpuBackend.Cuda ? "the embedded PTX" : "the embedded OpenCL C";
        return new EnsembleRunner($"{solver.Backend.ToString().ToLowerInvariant()}: {code} on '{solver.DeviceName}'", true, solver,
            (z0, p, t, o, r) => solver.Solve(z0, p, t, o, r), (s, gz, gp, r) => solver.Gradient(s, gz, gp, r));
    }

    public void Dispose() => _solver.Dispose();
}
