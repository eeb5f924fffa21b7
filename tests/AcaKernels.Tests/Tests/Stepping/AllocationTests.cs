using System.Numerics;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Stepping;

/// <summary>
/// The stepper's hot paths allocate nothing once warmed up (JIT, coefficient cache):
/// <see cref="Allocations.Measure"/> reports 0 bytes across many calls.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class AllocationTests
{
    private const int Calls = 50;

    public static TheoryData<RungeKuttaMethod> Methods => new(Enum.GetValues<RungeKuttaMethod>());

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStepAndStepVjp_Lorenz63Double_AllocateZeroBytes(RungeKuttaMethod method) =>
        Assert.Equal(0, Allocated<double, Lorenz63>(method));

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStepAndStepVjp_Lorenz63Float_AllocateZeroBytes(RungeKuttaMethod method) =>
        Assert.Equal(0, Allocated<float, Lorenz63>(method));

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStepAndStepVjp_TanhMlpDouble_AllocateZeroBytes(RungeKuttaMethod method) =>
        Assert.Equal(0, Allocated<double, TanhMlp>(method));

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStepAndStepVjp_TanhMlpFloat_AllocateZeroBytes(RungeKuttaMethod method) =>
        Assert.Equal(0, Allocated<float, TanhMlp>(method));

    /// <summary>Bytes allocated by <see cref="Calls"/> rounds of TrialStep, StepVjp (both time-gradient modes) and
    /// TrialStepVjp, after the same rounds once as warm-up.</summary>
    private static long Allocated<T, TSys>(RungeKuttaMethod method)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSys : IOdeDynamics<T>, ITestSystem
    {
        var rk = RungeKuttaCoefficients<T>.For(method);
        int n = TSys.SampleState.Length, s = rk.Stages;
        T[] z = Convert<T>(TSys.SampleState), p = Convert<T>(TSys.SampleParameters);
        T[] w = new T[n], stages = new T[s * n], zNew = new T[n], error = new T[n], error2 = new T[n];
        T[] adjointIn = new T[n], gradP = new T[p.Length], scratch = new T[RungeKuttaStepperScratch.Length(s, n)];
        w.AsSpan().Fill(T.One);
        TSys.Evaluate(T.Zero, z, p, stages.AsSpan(0, n));

        Run(rk, z, p, w, stages, zNew, error, error2, adjointIn, gradP, scratch, rounds: 3);
        return Allocations.Measure(() => Run(rk, z, p, w, stages, zNew, error, error2, adjointIn, gradP, scratch, Calls));

        static void Run(RungeKuttaCoefficients<T> rk, T[] z, T[] p, T[] w, T[] stages, T[] zNew, T[] error, T[] error2,
            T[] adjointIn, T[] gradP, T[] scratch, int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                RungeKuttaStepper<T, TSys>.TrialStep(rk, 0.1, 0.01, z, p, stages, zNew, error, error2);
                RungeKuttaStepper<T, TSys>.StepVjp(rk, 0.1, 0.01, z, p, w, adjointIn, gradP, scratch, true, out _);
                RungeKuttaStepper<T, TSys>.StepVjp(rk, 0.1, 0.01, z, p, w, adjointIn, gradP, scratch, false, out _);
                RungeKuttaStepper<T, TSys>.TrialStepVjp(rk, 0.1, 0.01, z, p, stages, w, error, error2, adjointIn,
                    gradP, scratch, out _);
            }
        }
    }

    private static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(values, T.CreateTruncating);
}
