using System.Numerics;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Generators.Tests.Samples;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// TryFusedStepVjpWithTime, the fused step backward that also returns ∂L/∂h and Σ vᵀ∂f/∂t: bit for bit equal to the
/// generic <see cref="RungeKuttaStepper{T, TDynamics}.StepVjp"/> with time gradients (straight-line and loop-form
/// kernels, autonomous and time-dependent systems, float and double), and its ∂L/∂h and ∂L/∂t equal to central
/// differences of the step itself.
/// </summary>
public sealed class StepVjpWithTimeTests
{
    public static TheoryData<RungeKuttaMethod> Methods => new(Unfused<double, Lorenz.RhsOde>.AdaptiveMethods);

    /// <summary>The systems FusedStepTests does not already run through <see cref="AssertHookMatchesGeneric"/>:
    /// Forced.Oscillator (reads t, branches, a table; straight-line) and Forced.Lattice (reads t; loop form), and the
    /// spatial three-body problem.</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void Hook_TimeDependentAndThreeBodySystems_IsBitIdenticalToTheGenericStepper(RungeKuttaMethod method)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        var random = new Random(300 + (int)method);
        for (int trial = 0; trial < 10; trial++)
        {
            Compare<Forced.OscillatorOde>(tableau, random, trial, 1);
            Compare<Forced.LatticeOde>(tableau, random, trial, 1);
            Compare<NBody.SpatialOde>(tableau, random, trial, 1);
            // Values nested in f's statements, kept by the register replay (ReplayReuse).
            Compare<NestedValues.RhsOde>(tableau, random, trial, 2);
        }
    }

    private static void Compare<TDynamics>(ButcherTableau tableau, Random random, int trial, double parameterScale)
        where TDynamics : IOdeDynamics<double>
    {
        double[] z = Uniform(random, TDynamics.StateSize, 1), p = Uniform(random, TDynamics.ParameterSize, parameterScale);
        double[] adjointOut = Uniform(random, TDynamics.StateSize, 1);
        double t = random.NextDouble(), h = 0.01 + 0.2 * random.NextDouble();
        AssertHookMatchesGeneric<double, TDynamics>(tableau, t, h, z, p, adjointOut, trial);
    }

    /// <summary>
    /// ∂L/∂h and ∂L/∂t (at fixed h) of L = adjointOutᵀ·zNew(t, h) from the hook, against a Richardson-extrapolated
    /// central difference of the generic trial step, at 5 random points per system (fixed seeds).
    /// </summary>
    /// <remarks>Tolerance 1e-7 relative (to max(1, |derivative|)): the extrapolated difference with δ = 1e-6 has a
    /// truncation error of order δ⁴·L⁽⁵⁾ (negligible) and a rounding error of about 3ε·|L|/δ ≤ 1e-8 here (|L| ≤ 30),
    /// while a missing or mis-weighted term is of the size of h·|k|·|adjointOut|, far above it. δ is that small for
    /// Forced.Oscillator: its f has kinks and jumps (hat functions in t every 1/8, Round of z, Clamp) that a wider
    /// difference straddles; with δ = 1e-6 none of the sampled steps does (a straddle fails loudly, never passes).</remarks>
    [Theory]
    [MemberData(nameof(Methods))]
    public void GradientsOfStepLengthAndTime_MatchCentralDifferencesOfTheStep(RungeKuttaMethod method)
    {
        ButcherTableau tableau = ButcherTableaus.Get(method);
        for (int trial = 0; trial < 5; trial++)
        {
            int seed = 100 * (int)method + trial;
            CheckAgainstDifferences<Lorenz.RhsOde>(tableau, seed, 10);
            CheckAgainstDifferences<VanDerPol.RhsOde>(tableau, seed + 1, 1);
            CheckAgainstDifferences<Forced.OscillatorOde>(tableau, seed + 2, 1);
            CheckAgainstDifferences<NeuralOde.MlpOde>(tableau, seed + 3, 0.5);
            CheckAgainstDifferences<NBody.PlanarOde>(tableau, seed + 4, 1);
        }
    }

    private static void CheckAgainstDifferences<TDynamics>(ButcherTableau tableau, int seed, double parameterScale)
        where TDynamics : IOdeDynamics<double>
    {
        var rk = RungeKuttaCoefficients<double>.For(tableau);
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize, s = rk.Stages;
        var random = new Random(seed);
        double[] z = Uniform(random, n, 1), p = Uniform(random, m, parameterScale), w = Uniform(random, n, 1);
        double t = random.NextDouble(), h = 0.01 + 0.2 * random.NextDouble();

        double[] adjointIn = new double[n], gradP = new double[m], scratch = new double[(3 * s + 1) * n];
        Assert.True(TDynamics.TryFusedStepVjpWithTime(tableau, t, h, z, p, w, adjointIn, gradP, scratch, out double gradH, out double gradT));

        var stages = new double[s * n];
        double[] zNew = new double[n], error = new double[n], error2 = new double[n];
        double Loss(double time, double step)
        {
            Unfused<double, TDynamics>.Evaluate(time, z, p, stages.AsSpan(0, n));
            RungeKuttaStepper<double, Unfused<double, TDynamics>>.TrialStep(rk, time, step, z, p, stages, zNew, error, error2);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += w[j] * zNew[j];
            return sum;
        }
        double Extrapolated(Func<double, double> f, double x, double delta)
        {
            double Central(double d) => (f(x + d) - f(x - d)) / (2 * d);
            return (4 * Central(delta / 2) - Central(delta)) / 3;
        }
        const double delta = 1e-6;
        double expectedH = Extrapolated(step => Loss(t, step), h, delta);
        double expectedT = Extrapolated(time => Loss(time, h), t, delta);
        string what = $"{typeof(TDynamics).Name} {tableau.Name} seed {seed}";
        Assert.True(Math.Abs(gradH - expectedH) <= 1e-7 * Math.Max(1, Math.Abs(expectedH)), $"{what} ∂L/∂h: kernel {gradH:R}, differences {expectedH:R}");
        Assert.True(Math.Abs(gradT - expectedT) <= 1e-7 * Math.Max(1, Math.Abs(expectedT)), $"{what} ∂L/∂t: kernel {gradT:R}, differences {expectedT:R}");
    }

    /// <summary>
    /// The hook of <typeparamref name="TDynamics"/> against the generic stepper with time gradients (through
    /// <see cref="Unfused{T, TDynamics}"/>) at one point: adjointIn, gradP (which starts nonzero: both add into it),
    /// ∂L/∂h and ∂L/∂t, bit for bit (±0 distinguished; any NaN equals any NaN).
    /// </summary>
    internal static void AssertHookMatchesGeneric<T, TDynamics>(ButcherTableau tableau, double t, double h, T[] z, T[] p, T[] adjointOut, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T>
    {
        var rk = RungeKuttaCoefficients<T>.For(tableau);
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize, s = rk.Stages;
        T[] gradPStart = Uniform(new Random(seed), m, 1).Select(T.CreateTruncating).ToArray();

        T[] fusedIn = new T[n], fusedGradP = (T[])gradPStart.Clone();
        Assert.True(TDynamics.TryFusedStepVjpWithTime(tableau, t, h, z, p, adjointOut, fusedIn, fusedGradP, new T[(3 * s + 1) * n],
            out T fusedH, out T fusedT), $"{typeof(TDynamics).Name} has no TryFusedStepVjpWithTime for {tableau.Name}");

        T[] genericIn = new T[n], genericGradP = (T[])gradPStart.Clone();
        T genericH = RungeKuttaStepper<T, Unfused<T, TDynamics>>.StepVjp(rk, t, h, z, p, adjointOut, genericIn, genericGradP,
            new T[(3 * s + 1) * n], timeGradients: true, out T genericT);

        string what = $"{typeof(TDynamics).Name} {tableau.Name}";
        AssertSameBits(genericIn, fusedIn, what + " adjointIn");
        AssertSameBits(genericGradP, fusedGradP, what + " gradP");
        AssertSameBits([genericH], [fusedH], what + " ∂L/∂h");
        AssertSameBits([genericT], [fusedT], what + " ∂L/∂t");

        // Through the stepper too: StepVjp with time gradients takes the hook, so the solver's backward gets its bits.
        T[] viaIn = new T[n], viaGradP = (T[])gradPStart.Clone();
        T viaH = RungeKuttaStepper<T, TDynamics>.StepVjp(rk, t, h, z, p, adjointOut, viaIn, viaGradP, new T[(3 * s + 1) * n],
            timeGradients: true, out T viaT);
        AssertSameBits(fusedIn, viaIn, what + " adjointIn via StepVjp");
        AssertSameBits([fusedH, fusedT], [viaH, viaT], what + " time terms via StepVjp");
    }

    internal static void AssertSameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = T.IsNaN(expected[i]) ? T.IsNaN(actual[i])
                : expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i]);
            Assert.True(same, $"{what}[{i}]: generic {expected[i]}, fused {actual[i]}");
        }
    }

    private static double[] Uniform(Random random, int length, double scale) =>
        Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
}
