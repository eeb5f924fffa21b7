using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// ACA's backward takes <see cref="IOdeDynamics{T}.TryFusedStepVjpWithTime"/> on exactly the steps that need time
/// terms (the step landing on t_end, the one landing on the first interior output, and, when f reads t, every step
/// before that output), and the gradients are bit for bit those of the generic path.
/// </summary>
public sealed class AcaTimeTermHookTests
{
    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void TimeDependentSystem_HookOnEveryStepOfTheFirstLegAndTheLast_SameBits(RungeKuttaMethod method)
    {
        AssertHookUse<ForcedOscillator>(method, [0.2, 0.9, 1.7, 2.5]);
        AssertHookUse<ForcedOscillator>(method, [3.0, 2.2, 1.0, -0.5]);
        AssertHookUse<ForcedOscillator>(method, [0.2, 1.4]);
    }

    [Theory]
    [MemberData(nameof(Methods.Adaptive), MemberType = typeof(Methods))]
    public void AutonomousSystem_HookOnTheTwoLandingStepsOnly_SameBits(RungeKuttaMethod method)
    {
        Assert.Equal(2, AssertHookUse<Lorenz63>(method, [0.0, 0.1, 0.35, 0.5]));
        Assert.Equal(1, AssertHookUse<Lorenz63>(method, [0.4, 0.1]));
    }

    /// <summary>Solves and differentiates with and without the hook; asserts equal bits and the expected calls,
    /// and returns the number of calls.</summary>
    private static int AssertHookUse<TSys>(RungeKuttaMethod method, double[] times) where TSys : struct, ITestSystem, IOdeDynamics<double>
    {
        double rtol = method == RungeKuttaMethod.HeunEuler ? 1e-4 : 1e-7;
        var options = new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = rtol * 1e-2, CheckpointGrowth = CheckpointGrowth.Double };
        var plain = Gradient<TSys>(options, times, TSys.SampleState, TSys.SampleParameters, out _);
        WithTimeTermHook<TSys>.ResetCalls();
        var hooked = Gradient<WithTimeTermHook<TSys>>(options, times, TSys.SampleState, TSys.SampleParameters, out AcceptedStepsView<double> store);
        int calls = WithTimeTermHook<TSys>.Calls;

        string what = $"{TSys.Name} {method} [{string.Join(", ", times)}]";
        Assert.True(BitConverter.DoubleToInt64Bits(plain.GradT0) == BitConverter.DoubleToInt64Bits(hooked.GradT0), what + " ∂L/∂t0");
        Assert.True(BitConverter.DoubleToInt64Bits(plain.GradTEnd) == BitConverter.DoubleToInt64Bits(hooked.GradTEnd), what + " ∂L/∂t_end");
        Assert.Equal(plain.GradZ0.Select(BitConverter.DoubleToInt64Bits), hooked.GradZ0.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(plain.GradP.Select(BitConverter.DoubleToInt64Bits), hooked.GradP.Select(BitConverter.DoubleToInt64Bits));

        int last = store.Count - 1, firstLeg = store.OutputSteps[1], expected = 0;
        for (int i = 0; i <= last; i++)
            if (i == last || i == firstLeg - 1 || i < firstLeg && TSys.DependsOnTime) expected++;
        Assert.Equal(expected, calls);
        return calls;
    }

    private static (double GradT0, double GradTEnd, double[] GradZ0, double[] GradP) Gradient<TDynamics>(OdeOptions options, double[] times,
        double[] z0, double[] p, out AcceptedStepsView<double> store) where TDynamics : IOdeDynamics<double>
    {
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        var solver = new OdeSolver<double, TDynamics>(options);
        var outputs = new double[times.Length * n];
        solver.Solve(z0, p, times, outputs).ThrowIfFailed();
        var seeds = new double[outputs.Length];
        var random = new Random(4321);
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() * 2 - 1;
        double[] gradZ0 = new double[n], gradP = new double[m];
        GradientResult result = solver.Gradient(seeds, gradZ0, gradP);
        result.ThrowIfFailed();
        store = solver.AcceptedSteps;
        return (result.GradientT0, result.GradientTEnd, gradZ0, gradP);
    }
}
