using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;
using Gated = AcaKernels.Tests.Systems.GatedDecay<AcaKernels.Tests.Ensembles.EnsembleMisuseTests>; // this class's own gate

namespace AcaKernels.Tests.Ensembles;

/// <summary>Bad arguments throw before any work, naming the trajectory and element; misuse throws clearly.</summary>
public sealed class EnsembleMisuseTests
{
    private const int B = 20;
    private static readonly double[] Times = [0.0, 0.5];

    [Theory]
    [InlineData(17 * 3 + 2, double.NaN, "z0 of trajectory 17, element 2, is NaN")]
    [InlineData(0, double.NegativeInfinity, "z0 of trajectory 0, element 0, is -∞")]
    public void Solve_NonFiniteInitialState_NamesTrajectoryAndElement(int index, double value, string message)
    {
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.1, seed: 41);
        z0[index] = value;
        var exception = Assert.Throws<ArgumentException>(() => Solve(z0, Lorenz63.SampleParameters));
        Assert.Contains(message, exception.Message);
        Assert.Equal("z0", exception.ParamName);
    }

    [Fact]
    public void Solve_NonFiniteParameter_NamesTrajectoryOrSharedElement()
    {
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.1, seed: 42);
        double[] perTrajectory = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleParameters, B, 0.1, seed: 43);
        perTrajectory[4 * 3 + 1] = double.PositiveInfinity;
        Assert.Contains("p of trajectory 4, element 1, is +∞", Assert.Throws<ArgumentException>(() => Solve(z0, perTrajectory)).Message);
        double[] shared = Lorenz63.SampleParameters;
        shared[2] = double.NaN;
        Assert.Contains("p[2] (shared by all trajectories) is NaN", Assert.Throws<ArgumentException>(() => Solve(z0, shared)).Message);
    }

    [Fact]
    public void Solve_WrongSizes_SayWhatWasExpected()
    {
        double[] z0 = new double[B * 3];
        Assert.Contains("expected 60 (trajectories × n)", Assert.Throws<ArgumentException>(() => Solve(new double[59], Lorenz63.SampleParameters)).Message);
        Assert.Contains("trajectories × m", Assert.Throws<ArgumentException>(() => Solve(z0, new double[4])).Message);
        using var solver = new EnsembleSolver<double, Lorenz63>(B);
        var outputs = new ArgumentException[]
        {
            Assert.Throws<ArgumentException>(() => solver.Solve(z0, Lorenz63.SampleParameters, Times, new double[B * 6 - 1], new SolveResult[B])),
            Assert.Throws<ArgumentException>(() => solver.Solve(z0, Lorenz63.SampleParameters, Times, new double[B * 6], new SolveResult[B - 1])),
        };
        Assert.Equal("outputs", outputs[0].ParamName);
        Assert.Equal("results", outputs[1].ParamName);
    }

    [Fact]
    public void Solve_BadPerTrajectoryTimes_NameTheTrajectory()
    {
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, 3, 0.1, seed: 44);
        using var solver = new EnsembleSolver<double, Lorenz63>(3);
        ArgumentException Throws(double[] times, int[] offsets) => Assert.Throws<ArgumentException>(() =>
            solver.Solve(z0, Lorenz63.SampleParameters, times, offsets, new double[times.Length * 3], new SolveResult[3]));
        Assert.Contains("Trajectory 1 has 1 output times", Throws([0, 1, 0, 0, 1], [0, 2, 3, 5]).Message);
        Assert.Contains("times of trajectory 2 must be strictly increasing or strictly decreasing",
            Throws([0, 1, 0, 1, 0, 1, 1], [0, 2, 4, 7]).Message);
        Assert.Contains("timeOffsets[3] is 6; it must be times.Length = 7", Throws([0, 1, 0, 1, 0, 1, 2], [0, 2, 4, 6]).Message);
        Assert.Contains("timeOffsets has length 3", Throws([0, 1, 0, 1, 0, 1], [0, 2, 6]).Message);
    }

    [Fact]
    public void Gradient_BeforeAnySolve_EveryTrajectoryNoForwardSolve()
    {
        using var solver = new EnsembleSolver<double, Lorenz63>(B, null, new EnsembleOptions { WorkerCount = 2 });
        var results = new GradientResult[B];
        var gradZ0 = new double[B * 3];
        EnsembleResult summary = solver.Gradient(new double[B * 6], gradZ0, new double[3], results);
        Assert.Equal(B, summary.Failed);
        Assert.All(results, r => Assert.Equal(OdeStatus.NoForwardSolve, r.Result.Status));
        Assert.All(gradZ0, g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void Gradient_ForwardOnlySolver_ThrowsInvalidOperationException()
    {
        using var solver = new EnsembleSolver<double, Lorenz63>(B, new OdeOptions { Gradient = GradientMethod.None });
        Assert.Throws<InvalidOperationException>(() => solver.Gradient(new double[B * 6], new double[B * 3], new double[3], new GradientResult[B]));
    }

    [Fact]
    public void Constructor_BadCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleSolver<double, Lorenz63>(0));
        Assert.Contains("WorkerCount is 0", Assert.Throws<ArgumentException>(() =>
            new EnsembleSolver<double, Lorenz63>(B, null, new EnsembleOptions { WorkerCount = 0 })).Message);
        Assert.Contains("ChunkSize is -1", Assert.Throws<ArgumentException>(() =>
            new EnsembleSolver<double, Lorenz63>(B, null, new EnsembleOptions { ChunkSize = -1 })).Message);
    }

    [Fact]
    public void Solve_AfterDispose_ThrowsObjectDisposedException()
    {
        var solver = new EnsembleSolver<double, Lorenz63>(B, null, new EnsembleOptions { WorkerCount = 2 });
        solver.Dispose();
        // Named as the user's solver, not its internal worker pool, and checked before the arguments.
        var solve = Assert.Throws<ObjectDisposedException>(() => solver.Solve(new double[B * 3], Lorenz63.SampleParameters, Times,
            new double[B * 6], new SolveResult[B]));
        Assert.Equal("EnsembleSolver<Double, Lorenz63>", solve.ObjectName);
        Assert.Contains("create a new one", solve.Message);
        Assert.Throws<ObjectDisposedException>(() => solver.Gradient(new double[B * 6], new double[B * 3], new double[3],
            new GradientResult[B]));
        var loss = new SquaredErrorLoss { Targets = new double[B * 6], Weights = [1.0, 1.0, 1.0] };
        Assert.Throws<ObjectDisposedException>(() => solver.SolveAndGradient(new double[B * 3], Lorenz63.SampleParameters, Times,
            new double[B * 6], new SolveResult[B], ref loss, new double[B * 3], new double[3], new GradientResult[B]));
    }

    [Fact]
    public void Solve_CalledWhileAnotherThreadIsInside_ThrowsInvalidOperationException()
    {
        using var solver = new EnsembleSolver<double, Gated>(2, null, new EnsembleOptions { WorkerCount = 1 });
        var outputs = new double[4];
        EnsembleResult first = default;
        Gated.Arm();
        var thread = new Thread(() => first = solver.Solve([1.0, 2.0], [], Times, outputs, new SolveResult[2]));
        thread.Start();
        Gated.Entered.Wait(); // the first call is inside Solve, blocked in f
        var exception = Assert.Throws<InvalidOperationException>(() => solver.Solve([1.0, 2.0], [], Times, new double[4], new SolveResult[2]));
        Assert.Contains("one ensemble solver per calling thread", exception.Message);
        Gated.Release.Set();
        thread.Join();
        Assert.True(first.IsSuccess, first.Describe());
        Assert.Equal(2 * Math.Exp(-0.5), outputs[3], 1e-6); // dz/dt = −z: z(0.5) = z₀e^(−0.5), to the default tolerance
    }

    private static EnsembleResult Solve(double[] z0, double[] p)
    {
        using var solver = new EnsembleSolver<double, Lorenz63>(B);
        return solver.Solve(z0, p, Times, new double[B * Times.Length * 3], new SolveResult[B]);
    }

}
