using AcaKernels.Testing;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>Generated Evaluate, VJP and fused kernels allocate nothing once warmed up.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void GeneratedKernels_AfterWarmUp_AllocateNothing()
    {
        Assert.Equal(0, AllocationMeter.LeastAllocated(Run<Lorenz.RhsOde>));
        Assert.Equal(0, AllocationMeter.LeastAllocated(Run<NBody.SpatialOde>));
        Assert.Equal(0, AllocationMeter.LeastAllocated(Run<NeuralOde.MlpOde>));
        Assert.Equal(0, AllocationMeter.LeastAllocated(Run<Stencil.ConvolutionOde>));
    }

    private static void Run<TDynamics>() where TDynamics : IOdeDynamics<double>
    {
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        Span<double> buffer = stackalloc double[4096];
        Span<double> z = buffer.Slice(0, n), p = buffer.Slice(n, m), v = buffer.Slice(n + m, n);
        Span<double> gz = buffer.Slice(2 * n + m, n), gp = buffer.Slice(3 * n + m, m), rest = buffer.Slice(3 * n + 2 * m);
        for (int i = 0; i < n + m; i++) buffer[i] = 0.1 * (i % 7) + 0.05;
        v.Fill(1);
        for (int repeat = 0; repeat < 100; repeat++)
        {
            TDynamics.Evaluate(0.5, z, p, rest.Slice(0, n));
            TDynamics.VectorJacobianProduct(0.5, z, p, v, gz, gp);
            foreach (RungeKuttaMethod method in Unfused<double, TDynamics>.AdaptiveMethods)
            {
                Span<double> stages = rest.Slice(0, 13 * n), zNew = rest.Slice(13 * n, n);
                Span<double> error = rest.Slice(14 * n, n), error2 = rest.Slice(15 * n, n);
                TDynamics.TryFusedTrialStep(ButcherTableaus.Get(method), 0.5, 0.01, z, p, stages, zNew, error, error2);
                TDynamics.TryFusedStepVjp(ButcherTableaus.Get(method), 0.5, 0.01, z, p, v, zNew, gp, rest.Slice(16 * n, 3 * 13 * n + n));
                TDynamics.TryFusedStepVjpWithTime(ButcherTableaus.Get(method), 0.5, 0.01, z, p, v, zNew, gp, rest.Slice(16 * n, 3 * 13 * n + n),
                    out _, out _);
            }
        }
    }
}
