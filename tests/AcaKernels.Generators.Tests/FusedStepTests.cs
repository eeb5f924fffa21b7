using System.Numerics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>The generated fused Runge-Kutta kernels against the generic stepper on the same f: bit for bit (the step
/// VJP with time terms too, see <see cref="StepVjpWithTimeTests"/>).</summary>
public sealed class FusedStepTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void FusedKernels_Double_AreBitIdenticalToTheGenericStepper(RungeKuttaMethod method)
    {
        Compare<double, Lorenz.RhsOde>(method, 10);
        Compare<double, VanDerPol.RhsOde>(method, 2);
        Compare<double, NBody.PlanarOde>(method, 1);
        Compare<double, NeuralOde.MlpOde>(method, 0.5);
        Compare<double, UnitNeuralOde.UnitMlpOde>(method, 0.5);
        Compare<double, Stencil.ConvolutionOde>(method, 1);
        // The register backward's replay keeps values nested in f's statements for the stage VJPs (ReplayReuse).
        Compare<double, NestedValues.RhsOde>(method, 2);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void FusedKernels_Single_AreBitIdenticalToTheGenericStepper(RungeKuttaMethod method) =>
        Compare<float, LorenzSingle.RhsOde>(method, 10);

    [Fact]
    public void FixedStepMethods_HaveNoFusedKernel()
    {
        Span<double> buffer = stackalloc double[64];
        foreach (RungeKuttaMethod method in new[] { RungeKuttaMethod.Euler, RungeKuttaMethod.Midpoint, RungeKuttaMethod.Rk4 })
        {
            Assert.False(Lorenz.RhsOde.TryFusedTrialStep(ButcherTableaus.Get(method), 0, 0.1, buffer[..3], buffer[..3], buffer, buffer[..3], buffer[..3], buffer[..3]));
            Assert.False(Lorenz.RhsOde.TryFusedStepVjp(ButcherTableaus.Get(method), 0, 0.1, buffer[..3], buffer[..3], buffer[..3], buffer[..3], buffer[..3], buffer));
            Assert.False(Lorenz.RhsOde.TryFusedStepVjpWithTime(ButcherTableaus.Get(method), 0, 0.1, buffer[..3], buffer[..3], buffer[..3], buffer[..3],
                buffer[..3], buffer, out double gradH, out double gradT));
            Assert.Equal((0.0, 0.0), (gradH, gradT));
        }
    }

    private static void Compare<T, TDynamics>(RungeKuttaMethod method, double parameterScale)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T> =>
        Compare<T, TDynamics>(ButcherTableaus.Get(method), parameterScale, 42 + (int)method);

    /// <summary>The fused kernels TDynamics has for <paramref name="tableau"/> (built-in or user-declared) against
    /// the generic stepper with the same tableau, bit for bit, at 10 random points (fixed seed).</summary>
    internal static void Compare<T, TDynamics>(ButcherTableau tableau, double parameterScale, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T>
    {
        var rk = RungeKuttaCoefficients<T>.For(tableau);
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize, s = rk.Stages;
        var random = new Random(seed);
        for (int trial = 0; trial < 10; trial++)
        {
            T[] z = Random<T>(random, n, 1), p = Random<T>(random, m, parameterScale), adjointOut = Random<T>(random, n, 1);
            double t = random.NextDouble(), h = 0.01 + 0.2 * random.NextDouble();

            (T[] Stages, T[] ZNew, T[] Error, T[] Error2) Trial<TD>() where TD : IOdeDynamics<T>
            {
                var stages = new T[s * n];
                T[] zNew = new T[n], error = new T[n], error2 = new T[n];
                TD.Evaluate(T.CreateTruncating(t), z, p, stages.AsSpan(0, n));
                RungeKuttaStepper<T, TD>.TrialStep(rk, t, h, z, p, stages, zNew, error, error2);
                return (stages, zNew, error, error2);
            }

            (T[] AdjointIn, T[] GradP) Backward<TD>() where TD : IOdeDynamics<T>
            {
                T[] adjointIn = new T[n], gradP = Random<T>(new Random(trial), m, 1);
                var scratch = new T[3 * s * n + n]; // the layout StepVjp documents: inputs, stages, stage adjoints, one input adjoint
                RungeKuttaStepper<T, TD>.StepVjp(rk, t, h, z, p, adjointOut, adjointIn, gradP, scratch, timeGradients: false, out _);
                return (adjointIn, gradP);
            }

            var fused = Trial<TDynamics>();
            var generic = Trial<Unfused<T, TDynamics>>();
            AssertBits(generic.Stages, fused.Stages, "stages");
            AssertBits(generic.ZNew, fused.ZNew, "zNew");
            AssertBits(generic.Error, fused.Error, "error");
            AssertBits(generic.Error2, fused.Error2, "error2");

            var fusedBack = Backward<TDynamics>();
            var genericBack = Backward<Unfused<T, TDynamics>>();
            AssertBits(genericBack.AdjointIn, fusedBack.AdjointIn, "adjointIn");
            AssertBits(genericBack.GradP, fusedBack.GradP, "gradP");

            StepVjpWithTimeTests.AssertHookMatchesGeneric<T, TDynamics>(tableau, t, h, z, p, adjointOut, trial);
        }
    }

    private static T[] Random<T>(Random random, int length, double scale) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, length).Select(_ => T.CreateTruncating((random.NextDouble() * 2 - 1) * scale)).ToArray();

    private static void AssertBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]) || T.IsNaN(expected[i]) && T.IsNaN(actual[i]),
                $"{what}[{i}]: generic {expected[i]}, fused {actual[i]}");
    }
}
