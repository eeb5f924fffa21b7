using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// ACA's checkpoint memory is N_t·(n + 2) values per trajectory: the accepted steps' (tᵢ, hᵢ, zᵢ), t and h in double
/// and z in T, so N_t·(2·8 + n·sizeof(T)) bytes. What the solvers report (<see cref="SolverStatistics.GradientMemoryBytes"/>)
/// must be exactly that, on the single solver and on both ensemble engines (benchmarks/scaling plots it against
/// the formula). N_t is counted independently, from the stored steps of a single solver. Not timed.
/// </summary>
public sealed class CheckpointMemoryFormulaTests
{
    private static readonly double[] Times = [0.0, 0.5, 1.0];

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-8)]
    public void SingleSolver_Double_ReportsStepsTimesStatePlusTwoDoubles(double rtol)
    {
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { RelativeTolerance = rtol, AbsoluteTolerance = rtol / 100 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, Times, new double[9]);
        result.ThrowIfFailed();
        int steps = solver.AcceptedSteps.Count;
        Assert.True(steps > 10, $"only {steps} steps: the case would not tell N_t·(n + 2) from a constant");
        Assert.Equal(steps * (3 + 2) * 8L, result.Statistics.GradientMemoryBytes);
    }

    [Fact]
    public void SingleSolver_Float_ReportsTwoDoublesAndNFloatsPerStep()
    {
        var solver = new OdeSolver<float, Lorenz63>(new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5 });
        float[] z0 = [1f, 1f, 1f], p = [10f, 28f, 8f / 3];
        SolveResult result = solver.Solve(z0, p, Times, new float[9]);
        result.ThrowIfFailed();
        // t and h stay double in a float solve (step times must not round to float), the state is 3 floats.
        Assert.Equal(solver.AcceptedSteps.Count * (2 * 8L + 3 * 4), result.Statistics.GradientMemoryBytes);
    }

    [Theory]
    [InlineData(EnsembleVectorization.Never)]
    [InlineData(EnsembleVectorization.Auto)]
    public void Ensemble_EachTrajectory_ReportsItsOwnStepsTimesStatePlusTwo(EnsembleVectorization vectorize)
    {
        const int B = 19, n = 3; // not a multiple of 8: the lane engine idles lanes in the last vector
        double[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, B, 0.5, seed: 1201);
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var results = new SolveResult[B];
        long sumFormula = 0;
        using (var ensemble = new EnsembleSolver<double, Lorenz63>(B, options,
                   new EnsembleOptions { WorkerCount = 2, ChunkSize = 8, Vectorize = vectorize }))
        {
            Assert.Equal(vectorize == EnsembleVectorization.Auto && Vector512.IsHardwareAccelerated, ensemble.IsVectorized);
            ensemble.Solve(z0, Lorenz63.SampleParameters, Times, new double[B * Times.Length * n], results).ThrowIfFailed();

            var single = new OdeSolver<double, Lorenz63>(options);
            for (int b = 0; b < B; b++)
            {
                single.Solve(z0.AsSpan(b * n, n), Lorenz63.SampleParameters, Times, new double[Times.Length * n]).ThrowIfFailed();
                long formula = single.AcceptedSteps.Count * (n + 2) * 8L;
                Assert.Equal(formula, results[b].Statistics.GradientMemoryBytes);
                sumFormula += formula;
            }
            // What the ensemble holds for them is at least that (spare capacity; on the lanes, whole 8-lane slots
            // for rejected and idle lanes too): the formula is the floor, never more than what is allocated.
            Assert.InRange(ensemble.CheckpointBytesAllocated, sumFormula, long.MaxValue);
        }
    }
}
