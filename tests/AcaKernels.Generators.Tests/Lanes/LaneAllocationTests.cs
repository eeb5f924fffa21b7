using System.Runtime.Intrinsics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>Lane kernels allocate nothing once warmed up: straight-line (Lorenz, LaneBranches with its fallback
/// helpers; evaluation, trial steps and step VJPs with and without time terms), loop form with its tape and arrays in the scratch's workspace (tanh MLP, spatial four-body).</summary>
public sealed class LaneAllocationTests
{
    [Fact]
    public void LaneKernels_AfterWarmUp_AllocateNothing()
    {
        Assert.Equal(0, LeastAllocated(Buffers<Lorenz.RhsOde>(), Run<Lorenz.RhsOde>));
        Assert.Equal(0, LeastAllocated(Buffers<LaneBranches.RhsOde>(), Run<LaneBranches.RhsOde>));
        Assert.Equal(0, LeastAllocated(Buffers<NeuralOde.MlpOde>(), Run<NeuralOde.MlpOde>));
        Assert.Equal(0, LeastAllocated(Buffers<NBody.SpatialOde>(), Run<NBody.SpatialOde>));
    }

    /// <summary>Inputs and outputs, allocated before measuring (z, p, dz, stages, zNew, error, error2, the step VJP's
    /// adjoints, gradient and scratch).</summary>
    private static Vector512<double>[] Buffers<TDynamics>() where TDynamics : IOdeDynamics<double>
    {
        var buffer = new Vector512<double>[2 * TDynamics.ParameterSize + 63 * TDynamics.StateSize + TDynamics.LaneStepVjpWorkspaceLength];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = Vector512.Create(0.1 * (i % 7) + 0.05);
        return buffer;
    }

    /// <summary>Least of three measurements: a GC running on this thread mid-measurement can charge bytes that the
    /// measured code did not allocate.</summary>
    private static long LeastAllocated(Vector512<double>[] buffer, Action<Vector512<double>[]> run)
    {
        run(buffer);
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run(buffer);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    private static void Run<TDynamics>(Vector512<double>[] buffer) where TDynamics : IOdeDynamics<double>
    {
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        Span<Vector512<double>> all = buffer;
        Span<Vector512<double>> z = all.Slice(0, n), p = all.Slice(n, m), rest = all.Slice(n + m);
        Span<Vector512<double>> stages = rest.Slice(0, 13 * n), zNew = rest.Slice(13 * n, n);
        Span<Vector512<double>> error = rest.Slice(14 * n, n), error2 = rest.Slice(15 * n, n), dz = rest.Slice(16 * n, n);
        Span<Vector512<double>> adjointIn = rest.Slice(17 * n, n), gradP = rest.Slice(18 * n, m), scratch = rest.Slice(18 * n + m, 40 * n + TDynamics.LaneStepVjpWorkspaceLength);
        // The tolerances and the sum of squares after the scratch (the buffer's slack holds them).
        Span<Vector512<double>> after = rest.Slice(58 * n + m + TDynamics.LaneStepVjpWorkspaceLength);
        Span<Vector512<double>> atol = after.Slice(0, n), rtol = after.Slice(n, n), sumOfSquares = after.Slice(2 * n, 1);
        Vector512<double> t = Vector512.Create(0.5), h = Vector512.Create(0.01);
        for (int repeat = 0; repeat < 20; repeat++)
        {
            TDynamics.TryLaneEvaluate(t, z, p, dz);
            foreach (var method in Unfused<double, TDynamics>.AdaptiveMethods)
            {
                TDynamics.TryLaneTrialStep(ButcherTableaus.Get(method), t, h, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares);
                TDynamics.TryLaneStepVjp(ButcherTableaus.Get(method), t, h, z, p, zNew, adjointIn, gradP, scratch);
                TDynamics.TryLaneStepVjpWithTime(ButcherTableaus.Get(method), t, h, z, p, zNew, adjointIn, gradP, scratch, out _, out _);
            }
        }
    }
}
