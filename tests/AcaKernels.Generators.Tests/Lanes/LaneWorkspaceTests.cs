using System.Runtime.Intrinsics;
using AcaKernels.Ensembles;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The loop-form lane VJP's tape and arrays live in a workspace the caller allocates (the tail of the step VJP's
/// scratch, LaneStepVjpWorkspaceLength vectors), not on the stack. <see cref="DeepNest"/>, whose lane tape (1 MB)
/// used to exceed the lane stack budget and lose its lane step VJP, now has it: on a thread whose stack could not hold
/// that tape every lane equals the scalar kernels bit for bit, and the lane engine equals the scalar engine and the
/// single solver bit for bit (the same operations in the same order per lane: no tolerance).
/// </summary>
public sealed class LaneWorkspaceTests
{
    /// <summary>256 KiB: room for the scalar VJP's 128 000 B tape, a quarter of what the lane tape would take on it.</summary>
    private const int SmallStack = 256 * 1024;

    [Fact]
    public void DeepNest_WorkspaceLength_IsItsTapePlusItsSeed()
    {
        // Lane VJP buffers: the tape (one vector per saved x), no branches, no local arrays, and the seed dzBar (n = 2).
        Assert.Equal(DeepNest.TapeValues + 2, DeepNest.RhsOde.LaneStepVjpWorkspaceLength);
    }

    [Theory]
    [InlineData(RungeKuttaMethod.DormandPrince5)]
    [InlineData(RungeKuttaMethod.BogackiShampine3)]
    public void DeepNest_LaneStepVjpOnASmallStack_EveryLaneIsBitIdenticalToTheScalarKernels(RungeKuttaMethod method)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                LaneSystem system = LaneSystem.Of<DeepNest.RhsOde>();
                LaneInputs inputs = LaneInputs.Random(810 + (int)method, 2, 2, 1.0, 0.8);
                Assert.True(LaneReference.StepVjp(system, method, inputs, seed: 3));
                Assert.True(LaneReference.StepVjpWithTime(system, ButcherTableaus.Get(method), inputs, seed: 4));
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, SmallStack);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new Xunit.Sdk.XunitException(failure.ToString());
    }

    [Fact]
    public void DeepNest_ScratchWithoutTheWorkspace_IsRefusedWithTheLengthItNeeds()
    {
        int n = 2, s = ButcherTableaus.Get(RungeKuttaMethod.DormandPrince5).Stages;
        var error = Assert.Throws<ArgumentException>(() => DeepNest.RhsOde.TryLaneStepVjp(ButcherTableaus.Get(RungeKuttaMethod.DormandPrince5),
            default, default, new Vector512<double>[n], new Vector512<double>[2], new Vector512<double>[n], new Vector512<double>[n],
            new Vector512<double>[2], new Vector512<double>[(3 * s + 1) * n]));
        Assert.Equal("scratch", error.ParamName);
        Assert.Contains($"needs {(3 * s + 1) * n + DeepNest.TapeValues + 2}", error.Message, StringComparison.Ordinal);
        Assert.Contains("LaneStepVjpWorkspaceLength", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Nine trajectories (a full lane group and a one-lane tail), shared θ, two workers: lanes, the scalar
    /// engine and one OdeSolver per trajectory give the same bits for outputs, ∂L/∂z₀ and the summed ∂L/∂θ.</summary>
    [Fact]
    public void DeepNest_Ensemble_LanesEqualScalarEngineAndSingleSolver()
    {
        const int B = 9, N = 2, M = 2;
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var random = new Random(29);
        double[] z0 = Enumerable.Range(0, B * N).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        double[] p = [0.7, 1.3], times = [0.0, 0.3, 0.5];
        double[] seeds = Enumerable.Range(0, B * times.Length * N).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        int rows = times.Length * N;

        (double[] Outputs, double[] GradZ0, double[] GradP) Ensemble(EnsembleVectorization vectorize)
        {
            using var solver = new EnsembleSolver<double, DeepNest.RhsOde>(B, options, new EnsembleOptions { WorkerCount = 2, ChunkSize = 16, Vectorize = vectorize });
            Assert.Equal(vectorize != EnsembleVectorization.Never && Vector512.IsHardwareAccelerated, solver.IsVectorized);
            double[] outputs = new double[B * rows], gradZ0 = new double[B * N], gradP = new double[M];
            var results = new SolveResult[B];
            var gradients = new GradientResult[B];
            Assert.True(solver.Solve(z0, p, times, outputs, results).IsSuccess);
            Assert.True(solver.Gradient(seeds, gradZ0, gradP, gradients).IsSuccess);
            return (outputs, gradZ0, gradP);
        }

        var single = new OdeSolver<double, DeepNest.RhsOde>(options);
        double[] outputs = new double[B * rows], gradZ0 = new double[B * N], gradPSum = new double[M], gradP = new double[M];
        for (int b = 0; b < B; b++)
        {
            single.Solve(z0.AsSpan(b * N, N), p, times, outputs.AsSpan(b * rows, rows)).ThrowIfFailed();
            Array.Clear(gradP);
            single.Gradient(seeds.AsSpan(b * rows, rows), gradZ0.AsSpan(b * N, N), gradP).ThrowIfFailed();
            for (int j = 0; j < M; j++) gradPSum[j] += gradP[j];
        }
        var lanes = Ensemble(EnsembleVectorization.Auto);
        var scalar = Ensemble(EnsembleVectorization.Never);
        foreach (var (name, expected, actual, scalarActual) in new[]
        {
            ("outputs", outputs, lanes.Outputs, scalar.Outputs),
            ("gradZ0", gradZ0, lanes.GradZ0, scalar.GradZ0),
            ("shared gradP", gradPSum, lanes.GradP, scalar.GradP),
        })
        {
            Assert.Equal(Bits(expected), Bits(scalarActual));
            Assert.True(Bits(expected).SequenceEqual(Bits(actual)), $"{name}: lanes differ from the single solver");
        }
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
