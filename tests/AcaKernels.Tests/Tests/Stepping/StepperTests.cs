using AcaKernels.Stepping;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Stepping;

/// <summary>
/// The generic stepper of every method on one system against the independent dual-number step: the trial step's
/// values, and the step's VJP against dual tangents in every z, p, h and t direction. Thin subclasses per system
/// live in <see cref="StepperSuites"/>.
/// </summary>
public abstract class StepperTests<TSys> where TSys : struct, ITestSystem, IOdeDynamics<double>, IOdeDynamics<float>
{
    /// <summary>
    /// Both steps compute y = z + h·Σ aₗkₗ from the same coefficients in the same order, so they agree to a few
    /// ulps of the state (1e-15 ≈ 4.5 ulps of the ∞-norm), or of h·Σ|eₗ|·‖k‖∞ for the error estimates.
    /// </summary>
    private const double ValueTolerance = 1e-15;

    /// <summary>
    /// Reverse and forward mode sum the same chain-rule products in different orders; over s ≤ 13 stages the
    /// rounding differences stay within ~1e3 ulps of each gradient group's ∞-norm.
    /// </summary>
    private const double GradientTolerance = 1e-12;

    /// <summary>
    /// float against double from the same float-rounded inputs: s stages of float rounding (ε = 6e-8) on
    /// quantities of the group's norm, with DOP853's coefficients up to |a| ≈ 44 amplifying them ~100×.
    /// </summary>
    private const double FloatTolerance = 1e-4;

    private const double StartTime = 0.3;

    /// <summary>A step size at which every method is stable on this system but far from trivial.</summary>
    protected abstract double StepSize { get; }

    public static TheoryData<RungeKuttaMethod> Methods => new(Enum.GetValues<RungeKuttaMethod>());

    private static int N => Dynamics64<TSys>.StateSize;

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStep_OneStep_MatchesDualRungeKuttaValues(RungeKuttaMethod method)
    {
        var rk = RungeKuttaCoefficients<double>.For(method);
        double[] z = TSys.SampleState, p = TSys.SampleParameters;
        double h = StepSize;
        var stages = new double[rk.Stages * N];
        double[] zNew = new double[N], error = new double[N], error2 = new double[N];
        TSys.Evaluate(StartTime, z, p, stages.AsSpan(0, N));
        RungeKuttaStepper<double, TSys>.TrialStep(rk, StartTime, h, z, p, stages, zNew, error, error2);

        ButcherTableau tableau = rk.Tableau;
        var expectedZ = new Dual[N];
        var expectedError = tableau.Error is null ? [] : new Dual[N];
        var expectedError2 = tableau.Error2 is null ? [] : new Dual[N];
        DualRungeKutta.Step<TSys>(tableau, Dual.From(StartTime), Dual.From(h), Dual.Seed(z, default), Dual.Seed(p, default),
            expectedZ, expectedError, expectedError2);

        Close.Equal(Dual.Values(expectedZ), zNew, ValueTolerance, $"{method} zNew");
        double stageNorm = Close.MaxAbs(stages);
        if (tableau.Error is { } e)
            Close.Equal(Dual.Values(expectedError), error, ValueTolerance, $"{method} error",
                floor: h * e.Sum(Math.Abs) * stageNorm);
        if (tableau.Error2 is { } e2)
            Close.Equal(Dual.Values(expectedError2), error2, ValueTolerance, $"{method} error2",
                floor: h * e2.Sum(Math.Abs) * stageNorm);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void StepVjp_WithTimeGradients_MatchesDualTangentsInEveryDirection(RungeKuttaMethod method)
    {
        (double[] z, double[] p, double[] w) = Inputs();
        var rk = RungeKuttaCoefficients<double>.For(method);
        var adjointIn = new double[N];
        var gradP = new double[p.Length];
        var scratch = new double[RungeKuttaStepperScratch.Length(rk.Stages, N)];
        double gradH = RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, StepSize, z, p, w, adjointIn, gradP,
            scratch, timeGradients: true, out double gradT);

        var expected = DualStepOracle.Gradient<TSys>(rk.Tableau, StartTime, StepSize, z, p, w);
        AssertMatchesOracle(expected, adjointIn, gradP, gradH, gradT, $"{method}");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void StepVjp_WithoutTimeGradients_SameStateAndParameterGradientsAndZeroTimeGradients(RungeKuttaMethod method)
    {
        (double[] z, double[] p, double[] w) = Inputs();
        var rk = RungeKuttaCoefficients<double>.For(method);
        var scratch = new double[RungeKuttaStepperScratch.Length(rk.Stages, N)];
        double[] inWith = new double[N], inWithout = new double[N];
        double[] pWith = new double[p.Length], pWithout = new double[p.Length];
        RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, StepSize, z, p, w, inWith, pWith, scratch, true, out _);
        double gradH = RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, StepSize, z, p, w, inWithout, pWithout,
            scratch, timeGradients: false, out double gradT);

        // The time-gradient sums are separate accumulators, so the other results are bit-identical.
        Assert.Equal(inWith, inWithout);
        Assert.Equal(pWith, pWithout);
        Assert.Equal(0.0, gradH);
        Assert.Equal(0.0, gradT);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void StepVjp_ExistingParameterGradient_IsAddedTo(RungeKuttaMethod method)
    {
        (double[] z, double[] p, double[] w) = Inputs();
        var rk = RungeKuttaCoefficients<double>.For(method);
        var scratch = new double[RungeKuttaStepperScratch.Length(rk.Stages, N)];
        var adjointIn = new double[N];
        var fresh = new double[p.Length];
        RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, StepSize, z, p, w, adjointIn, fresh, scratch, false, out _);
        double[] offset = Enumerable.Range(0, p.Length).Select(i => 0.25 * (i + 1)).ToArray();
        double[] accumulated = (double[])offset.Clone();
        RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, StepSize, z, p, w, adjointIn, accumulated, scratch, false, out _);
        Close.Equal(offset.Zip(fresh, (a, b) => a + b).ToArray(), accumulated, 1e-15, $"{method} accumulated ∂L/∂p");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrialStepVjp_ErrorSeedsReplayedAndTaped_MatchDualTangents(RungeKuttaMethod method)
    {
        (double[] z, double[] p, double[] w) = Inputs();
        var rk = RungeKuttaCoefficients<double>.For(method);
        var random = new Random(99);
        double[]? errorBar = rk.Tableau.Error is null ? null : SamplePoints.Uniform(random, N);
        double[]? error2Bar = rk.Tableau.Error2 is null ? null : SamplePoints.Uniform(random, N);
        var expected = DualStepOracle.Gradient<TSys>(rk.Tableau, StartTime, StepSize, z, p, w, errorBar, error2Bar);

        var taped = new double[rk.Stages * N];
        TSys.Evaluate(StartTime, z, p, taped.AsSpan(0, N));
        RungeKuttaStepper<double, TSys>.TrialStep(rk, StartTime, StepSize, z, p, taped, new double[N], new double[N], new double[N]);
        foreach (double[] stored in new[] { Array.Empty<double>(), taped })
        {
            string what = $"{method} ({(stored.Length == 0 ? "replayed" : "taped")})";
            var scratch = new double[RungeKuttaStepperScratch.Length(rk.Stages, N)];
            var adjointIn = new double[N];
            var gradP = new double[p.Length];
            double gradH = RungeKuttaStepper<double, TSys>.TrialStepVjp(rk, StartTime, StepSize, z, p, stored, w,
                errorBar ?? [], error2Bar ?? [], adjointIn, gradP, scratch, out double gradT);
            AssertMatchesOracle(expected, adjointIn, gradP, gradH, gradT, what);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void StepVjp_Float_MatchesDoubleToFloatPrecision(RungeKuttaMethod method)
    {
        (double[] z, double[] p, double[] w) = Inputs();
        float[] zf = Close.ToFloat(z), pf = Close.ToFloat(p), wf = Close.ToFloat(w);
        double[] zd = Close.ToDouble(zf), pd = Close.ToDouble(pf), wd = Close.ToDouble(wf);
        double h = (float)StepSize;

        var rk = RungeKuttaCoefficients<double>.For(method);
        double[] inD = new double[N], pD = new double[p.Length];
        double hD = RungeKuttaStepper<double, TSys>.StepVjp(rk, StartTime, h, zd, pd, wd, inD, pD,
            new double[RungeKuttaStepperScratch.Length(rk.Stages, N)], true, out double tD);

        var rkF = RungeKuttaCoefficients<float>.For(method);
        float[] inF = new float[N], pF = new float[p.Length];
        float hF = RungeKuttaStepper<float, TSys>.StepVjp(rkF, StartTime, h, zf, pf, wf, inF, pF,
            new float[RungeKuttaStepperScratch.Length(rk.Stages, N)], true, out float tF);

        Close.Equal(inD, Close.ToDouble(inF), FloatTolerance, $"{method} float ∂L/∂z");
        Close.Equal(pD, Close.ToDouble(pF), FloatTolerance, $"{method} float ∂L/∂p");
        Close.Equal(hD, hF, FloatTolerance, 0, $"{method} float ∂L/∂h");
        Close.Equal(tD, tF, FloatTolerance, Close.MaxAbs(inD), $"{method} float ∂L/∂t");
    }

    /// <summary>A step VJP's ∂L/∂z, ∂L/∂p, ∂L/∂h and ∂L/∂t against the dual oracle's, each within
    /// <see cref="GradientTolerance"/> of its own size (∂L/∂t, which may be near zero, of 1e-3 of ∂L/∂z's at least).</summary>
    private static void AssertMatchesOracle(DualStepOracle.StepGradient expected, double[] adjointIn, double[] gradP, double gradH,
        double gradT, string what)
    {
        Close.Equal(expected.Z, adjointIn, GradientTolerance, $"{what} ∂L/∂z");
        Close.Equal(expected.P, gradP, GradientTolerance, $"{what} ∂L/∂p");
        Close.Equal(expected.H, gradH, GradientTolerance, 0, $"{what} ∂L/∂h");
        Close.Equal(expected.T, gradT, GradientTolerance, Close.MaxAbs(expected.Z) * 1e-3, $"{what} ∂L/∂t");
    }

    /// <summary>The sample state and parameters and a seeded cotangent w = ∂L/∂zNew.</summary>
    private static (double[] Z, double[] P, double[] W) Inputs() =>
        (TSys.SampleState, TSys.SampleParameters, SamplePoints.Uniform(new Random(31), N));
}
