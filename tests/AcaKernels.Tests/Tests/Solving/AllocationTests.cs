using System.Numerics;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>After warm-up a solve and a gradient allocate nothing: the workspace is sized once.</summary>
[Collection(AllocationCollection.Name)]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(GradientMethod.Aca, RungeKuttaMethod.DormandPrince5)]
    [InlineData(GradientMethod.Aca, RungeKuttaMethod.Tsitouras5)]
    [InlineData(GradientMethod.Aca, RungeKuttaMethod.DormandPrince853)]
    [InlineData(GradientMethod.Aca, RungeKuttaMethod.BogackiShampine3)]
    [InlineData(GradientMethod.Adjoint, RungeKuttaMethod.DormandPrince5)]
    [InlineData(GradientMethod.Naive, RungeKuttaMethod.DormandPrince5)]
    public void SolveAndGradient_Double_AllocateZeroBytesAfterWarmUp(GradientMethod gradient, RungeKuttaMethod method) =>
        AssertNoAllocation<double, Lorenz63>(new OdeOptions { Gradient = gradient, Method = method });

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Adjoint)]
    [InlineData(GradientMethod.Naive)]
    public void SolveAndGradient_Float_AllocateZeroBytesAfterWarmUp(GradientMethod gradient) =>
        AssertNoAllocation<float, Lorenz63>(new OdeOptions { Gradient = gradient, RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5 });

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Naive)]
    public void SolveAndGradient_FixedStore_AllocateZeroBytesAfterWarmUp(GradientMethod gradient) =>
        AssertNoAllocation<double, Lorenz63>(new OdeOptions { Gradient = gradient, CheckpointGrowth = CheckpointGrowth.Fail, CheckpointCapacity = 1000 });

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Naive)]
    public void SolveAndGradient_GrowingStoreOnceGrown_AllocateZeroBytes(GradientMethod gradient) =>
        // A store of 4 entries grows (by doubling) during the warm-up solves, then holds every later solve.
        AssertNoAllocation<double, Lorenz63>(new OdeOptions { Gradient = gradient, CheckpointCapacity = 4 });

    [Fact]
    public void Solve_ForwardOnly_AllocatesZeroBytesAfterWarmUp() =>
        AssertNoAllocation<double, Lorenz63>(new OdeOptions { Gradient = GradientMethod.None });

    [Fact]
    public void SolveAndGradient_TanhMlpFixedStepRk4_AllocateZeroBytesAfterWarmUp() =>
        AssertNoAllocation<double, TanhMlp>(new OdeOptions { Method = RungeKuttaMethod.Rk4, FixedStep = 0.05 });

    private static void AssertNoAllocation<T, TSys>(OdeOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSys : struct, ITestSystem, IOdeDynamics<T>
    {
        int n = TSys.StateSize, m = TSys.ParameterSize;
        T[] z0 = TSys.SampleState.Select(T.CreateTruncating).ToArray();
        T[] p = TSys.SampleParameters.Select(T.CreateTruncating).ToArray();
        double[] times = [0.0, 0.3, 0.7, 1.0];
        var outputs = new T[times.Length * n];
        var seeds = new T[outputs.Length];
        seeds.AsSpan().Fill(T.One);
        var gradZ0 = new T[n];
        var gradP = new T[m];
        var solver = new OdeSolver<T, TSys>(options);

        for (int i = 0; i < 3; i++) Run();
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 10; i++) Run();
        }));

        void Run()
        {
            solver.Solve(z0, p, times, outputs).ThrowIfFailed();
            if (options.Gradient != GradientMethod.None) solver.Gradient(seeds, gradZ0, gradP).ThrowIfFailed();
        }
    }
}
