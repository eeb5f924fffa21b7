using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The ensemble keeps a copy of θ for its workers: m values while θ is shared, B·m only once a call passes one θ per
/// trajectory. A neural ODE trains with a shared θ, and a B·m copy made up front cost 1.3 GB for 162 weights at
/// B = 10⁶ before any solve. Switching between the two forms on one solver gives a fresh solver's bits.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class EnsembleParameterBufferTests
{
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    [Fact]
    public void Constructor_DoesNotAllocateOneThetaPerTrajectory()
    {
        // Two systems with the same n and different m (TanhMlp 59, Lorenz63 3): the constructors' difference is the
        // per-worker workspaces (O(m) each), far below B·(59 − 3) values.
        const int trajectories = 16_384;
        var options = new EnsembleOptions { WorkerCount = 1 };
        long mlp = ConstructorBytes(() => new EnsembleSolver<double, TanhMlp>(trajectories, Dopri5, options));
        long lorenz = ConstructorBytes(() => new EnsembleSolver<double, Lorenz63>(trajectories, Dopri5, options));
        long perTrajectoryCopy = (long)trajectories * (TanhMlp.ParameterSize - Lorenz63.ParameterSize) * sizeof(double);
        Assert.True(mlp - lorenz < perTrajectoryCopy / 8,
            $"TanhMlp's ensemble allocated {mlp} bytes, Lorenz63's {lorenz}: the difference is of the order of a θ per trajectory ({perTrajectoryCopy} bytes).");
    }

    [Fact]
    public void SharedThenPerTrajectoryThenShared_OnOneSolver_EqualsFreshSolvers()
    {
        const int trajectories = 13;
        EnsembleCase<TanhMlp> shared = EnsembleEqualsSingleSolverTests.SharedCase<TanhMlp>(trajectories, TanhMlp.SampleState,
            TanhMlp.SampleParameters, 1.0);
        var perTrajectory = new EnsembleCase<TanhMlp>
        {
            Trajectories = trajectories, Z0 = shared.Z0, Times = shared.Times, Seeds = shared.Seeds,
            P = EnsembleCase<TanhMlp>.Perturbed(TanhMlp.SampleParameters, trajectories, 0.2, seed: 61),
        };
        using var solver = new EnsembleSolver<double, TanhMlp>(trajectories, Dopri5, new EnsembleOptions { WorkerCount = 2 });
        foreach (EnsembleCase<TanhMlp> problem in (EnsembleCase<TanhMlp>[])[shared, perTrajectory, shared])
        {
            EnsembleCase<TanhMlp>.Run reused = problem.Ensemble(solver), fresh = problem.Ensemble(Dopri5);
            Bits.Equal(fresh.Outputs, reused.Outputs, "outputs");
            Bits.Equal(fresh.GradZ0, reused.GradZ0, "gradZ0");
            Bits.Equal(fresh.GradPSum, reused.GradPSum, "gradP");
            Assert.Equal(fresh.Results, reused.Results);
        }
    }

    private static long ConstructorBytes<TSys>(Func<EnsembleSolver<double, TSys>> create) where TSys : IOdeDynamics<double>
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        using EnsembleSolver<double, TSys> solver = create();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
