using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The ensemble lands as the single solver does (<see cref="FixedStepEndTests"/>): fixed steps on the scalar
/// engine, and on the lanes (adaptive only) the adaptive loop held at its maximum step, where the same sliver
/// followed before StepRule.EndSlack.
/// </summary>
public sealed class FixedStepEndEnsembleTests
{
    private const int Trajectories = 11; // a full lane group, a partial one

    [Theory]
    [InlineData(0.0, 0.1, 10)]
    [InlineData(1e6, 0.1, 10)]
    [InlineData(0.0, 1e-3, 1000)]
    [InlineData(1e6, 1e-3, 1000)]
    public void FixedStep_EveryTrajectoryTakesTheWholeNumberOfSteps(double t0, double h, int steps) =>
        AssertEveryTrajectoryLands(new OdeOptions { FixedStep = h }, EnsembleVectorization.Auto, t0, steps, expectLanes: false);

    [Theory]
    [InlineData(EnsembleVectorization.Auto)]
    [InlineData(EnsembleVectorization.Never)]
    public void AdaptiveAtItsMaximumStep_EveryTrajectoryLandsWithoutSlivers(EnsembleVectorization engine)
    {
        var options = new OdeOptions { InitialStep = 0.1, MaxStep = 0.1 };
        bool lanes = engine == EnsembleVectorization.Auto && Vector512.IsHardwareAccelerated;
        AssertEveryTrajectoryLands(options, engine, 0.0, 10, lanes);
        AssertEveryTrajectoryLands(options, engine, 1e6, 10, lanes);
    }

    private static void AssertEveryTrajectoryLands(OdeOptions options, EnsembleVectorization engine, double t0, int steps, bool expectLanes)
    {
        using var solver = new EnsembleSolver<double, ExponentialDecay>(Trajectories, options,
            new EnsembleOptions { WorkerCount = 2, ChunkSize = 8, Vectorize = engine });
        Assert.Equal(expectLanes, solver.IsVectorized);
        var z0 = new double[Trajectories];
        for (int b = 0; b < Trajectories; b++) z0[b] = 1 + 0.1 * b;
        var results = new SolveResult[Trajectories];
        // A slow decay: with MaxStep the controller's factor is its largest, and the clamp holds h at 0.1.
        EnsembleResult summary = solver.Solve(z0, [-1e-3], [t0, t0 + 1], new double[2 * Trajectories], results);
        summary.ThrowIfFailed();
        foreach (SolveResult result in results) FixedStepEndTests.AssertLanded(result, t0 + 1, steps);
    }
}
