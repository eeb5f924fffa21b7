using System.Numerics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// <see cref="IOdeDynamics{T}.DependsOnTime"/>: the generator declares false exactly for methods that never read t,
/// and ACA's time gradients, which then skip vᵀ∂f/∂t before the first interior output, are unchanged by it.
/// </summary>
public sealed class TimeDependenceTests
{
    [Fact]
    public void MethodsThatNeverReadT_DeclareNoTimeDependence()
    {
        Assert.False(DependsOnTime<double, Lorenz.RhsOde>());
        Assert.False(DependsOnTime<double, NBody.PlanarOde>());
        Assert.False(DependsOnTime<double, NeuralOde.MlpOde>());
        Assert.False(DependsOnTime<double, Stencil.ConvolutionOde>());
    }

    [Fact]
    public void MethodsThatReadT_KeepTheDefault()
    {
        Assert.True(DependsOnTime<double, VanDerPol.RhsOde>());
        Assert.True(DependsOnTime<float, LorenzSingle.RhsOde>());
        Assert.True(DependsOnTime<double, Unfused<double, Lorenz.RhsOde>>());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void AcaTimeGradients_AutonomousFusedSkip_EqualTheGenericPathWithTimeTerms(RungeKuttaMethod method)
    {
        // Two times: every step is before the first interior output, so the fused Lorenz skips vᵀ∂f/∂t on all
        // but the last step while the unfused wrapper computes it (exactly zero) everywhere. The fused kernels are
        // bit-identical to the generic stepper and the skipped terms are exact zeros, so the results are equal.
        double[] times = [0.0, 0.7];
        var fused = Gradient<Lorenz.RhsOde>(method, times);
        var generic = Gradient<Unfused<double, Lorenz.RhsOde>>(method, times);
        Assert.Equal(generic.GradT0, fused.GradT0);
        Assert.Equal(generic.GradTEnd, fused.GradTEnd);
        Assert.Equal(generic.GradZ0, fused.GradZ0);
        Assert.Equal(generic.GradP, fused.GradP);
        Assert.NotEqual(0, fused.GradT0);
    }

    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    private static bool DependsOnTime<T, TDynamics>() where T : unmanaged, IFloatingPointIeee754<T> where TDynamics : IOdeDynamics<T> =>
        TDynamics.DependsOnTime;

    private static (double GradT0, double GradTEnd, double[] GradZ0, double[] GradP) Gradient<TDynamics>(RungeKuttaMethod method, double[] times)
        where TDynamics : IOdeDynamics<double>
    {
        var options = new OdeOptions { Method = method, RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7, CheckpointGrowth = Gradients.CheckpointGrowth.Double };
        var solver = new OdeSolver<double, TDynamics>(options);
        var outputs = new double[times.Length * 3];
        solver.Solve([1.0, 1.0, 1.0], [10.0, 28.0, 8.0 / 3.0], times, outputs).ThrowIfFailed();
        var gradZ0 = new double[3];
        var gradP = new double[3];
        GradientResult result = solver.Gradient([0.1, -0.2, 0.3, 0.5, -0.4, 0.6], gradZ0, gradP);
        result.ThrowIfFailed();
        return (result.GradientT0, result.GradientTEnd, gradZ0, gradP);
    }
}
