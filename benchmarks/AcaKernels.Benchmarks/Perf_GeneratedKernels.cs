using AcaKernels.Stepping;
using AcaKernels.Tableaus;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Generated f and VJP against hand-written ones (Lorenz-63, tanh-MLP 4→16→4), and the generated fused
/// Dormand-Prince 5(4) step and step VJP against the generic tableau-driven stepper on the hand-written system.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Generator")]
public class Perf_GeneratedKernels
{
    private readonly double[] _lz = [1.0, 2.0, 20.0], _lp = [10.0, 28.0, 8.0 / 3.0], _lv = [1.0, -1.0, 0.5];
    private readonly double[] _mz = [0.4, -0.7, 1.1, 0.2], _mv = [1.0, -0.5, 0.25, 2.0];
    private readonly double[] _mp = new double[MlpDynamics.ParameterSize];
    private readonly double[] _out = new double[4], _gradZ = new double[4], _gradP = new double[MlpDynamics.ParameterSize];
    private readonly double[] _stages = new double[7 * 4], _error = new double[4], _error2 = new double[4];
    private readonly double[] _scratch = new double[RungeKuttaStepperScratch.Length(7, 4)];
    private readonly RungeKuttaCoefficients<double> _rk = RungeKuttaCoefficients<double>.For(RungeKuttaMethod.DormandPrince5);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < _mp.Length; i++) _mp[i] = (random.NextDouble() - 0.5) * 0.8;
        // The two versions must compute the same thing, or the comparison means nothing.
        double[] a = new double[4], b = new double[4], ga = new double[4], gb = new double[4];
        double[] pa = new double[_mp.Length], pb = new double[_mp.Length];
        MlpDynamics.Evaluate(0.1, _mz, _mp, a);
        GeneratedMlp.RhsOde.Evaluate(0.1, _mz, _mp, b);
        MlpDynamics.VectorJacobianProduct(0.1, _mz, _mp, _mv, ga, pa);
        GeneratedMlp.RhsOde.VectorJacobianProduct(0.1, _mz, _mp, _mv, gb, pb);
        for (int i = 0; i < 4; i++)
            if (Math.Abs(a[i] - b[i]) > 1e-12 || Math.Abs(ga[i] - gb[i]) > 1e-12)
                throw new InvalidOperationException($"hand-written and generated MLP differ at component {i}");
        for (int i = 0; i < pa.Length; i++)
            if (Math.Abs(pa[i] - pb[i]) > 1e-12)
                throw new InvalidOperationException($"hand-written and generated MLP parameter gradients differ at {i}");
    }

    [Benchmark, BenchmarkCategory("Lorenz")]
    public double LorenzEvaluateHand()
    {
        LorenzDynamics.Evaluate(0.1, _lz, _lp, _out);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Lorenz")]
    public double LorenzEvaluateGenerated()
    {
        GeneratedLorenz.RhsOde.Evaluate(0.1, _lz, _lp, _out);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Lorenz")]
    public double LorenzVjpHand() => LorenzDynamics.VectorJacobianProduct(0.1, _lz, _lp, _lv, _gradZ, _gradP);

    [Benchmark, BenchmarkCategory("Lorenz")]
    public double LorenzVjpGenerated() => GeneratedLorenz.RhsOde.VectorJacobianProduct(0.1, _lz, _lp, _lv, _gradZ, _gradP);

    [Benchmark, BenchmarkCategory("Mlp")]
    public double MlpEvaluateHand()
    {
        MlpDynamics.Evaluate(0.1, _mz, _mp, _out);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Mlp")]
    public double MlpEvaluateGenerated()
    {
        GeneratedMlp.RhsOde.Evaluate(0.1, _mz, _mp, _out);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Mlp")]
    public double MlpVjpHand() => MlpDynamics.VectorJacobianProduct(0.1, _mz, _mp, _mv, _gradZ, _gradP);

    [Benchmark, BenchmarkCategory("Mlp")]
    public double MlpVjpGenerated() => GeneratedMlp.RhsOde.VectorJacobianProduct(0.1, _mz, _mp, _mv, _gradZ, _gradP);

    [Benchmark, BenchmarkCategory("Step")]
    public double MlpTrialStepGeneric()
    {
        MlpDynamics.Evaluate(0.1, _mz, _mp, _stages.AsSpan(0, 4));
        RungeKuttaStepper<double, MlpDynamics>.TrialStep(_rk, 0.1, 0.01, _mz, _mp, _stages, _out, _error, _error2);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Step")]
    public double MlpTrialStepFused()
    {
        GeneratedMlp.RhsOde.Evaluate(0.1, _mz, _mp, _stages.AsSpan(0, 4));
        RungeKuttaStepper<double, GeneratedMlp.RhsOde>.TrialStep(_rk, 0.1, 0.01, _mz, _mp, _stages, _out, _error, _error2);
        return _out[0];
    }

    [Benchmark, BenchmarkCategory("Step")]
    public double MlpStepVjpGeneric()
    {
        RungeKuttaStepper<double, MlpDynamics>.StepVjp(_rk, 0.1, 0.01, _mz, _mp, _mv, _gradZ, _gradP, _scratch, false, out _);
        return _gradZ[0];
    }

    [Benchmark, BenchmarkCategory("Step")]
    public double MlpStepVjpFused()
    {
        RungeKuttaStepper<double, GeneratedMlp.RhsOde>.StepVjp(_rk, 0.1, 0.01, _mz, _mp, _mv, _gradZ, _gradP, _scratch, false, out _);
        return _gradZ[0];
    }
}
