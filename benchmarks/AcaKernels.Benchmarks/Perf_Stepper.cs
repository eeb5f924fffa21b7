using AcaKernels.Stepping;
using AcaKernels.Tableaus;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>Dormand-Prince 5(4) trial step and step VJP on Lorenz-63: generic (tableau-driven) vs generated fused.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Stepper")]
public class Perf_Stepper
{
    private readonly double[] _z = [1.0, 2.0, 20.0], _p = [10.0, 28.0, 8.0 / 3.0], _adjoint = [1.0, -1.0, 0.5];
    private readonly double[] _stages = new double[7 * 3], _zNew = new double[3], _error = new double[3], _error2 = new double[3];
    private readonly double[] _adjointIn = new double[3], _gradP = new double[3];
    private readonly double[] _scratch = new double[RungeKuttaStepperScratch.Length(7, 3)];
    private readonly RungeKuttaCoefficients<double> _rk = RungeKuttaCoefficients<double>.For(RungeKuttaMethod.DormandPrince5);

    [GlobalSetup]
    public void Setup() => LorenzDynamics.Evaluate(0.0, _z, _p, _stages.AsSpan(0, 3));

    [Benchmark]
    public double TrialStep()
    {
        RungeKuttaStepper<double, LorenzDynamics>.TrialStep(_rk, 0.1, 0.01, _z, _p, _stages, _zNew, _error, _error2);
        return _zNew[0];
    }

    [Benchmark]
    public double TrialStepFused()
    {
        RungeKuttaStepper<double, GeneratedLorenz.RhsOde>.TrialStep(_rk, 0.1, 0.01, _z, _p, _stages, _zNew, _error, _error2);
        return _zNew[0];
    }

    [Benchmark]
    public double StepVjpFused()
    {
        RungeKuttaStepper<double, GeneratedLorenz.RhsOde>.StepVjp(_rk, 0.1, 0.01, _z, _p, _adjoint, _adjointIn, _gradP, _scratch, false, out _);
        return _adjointIn[0];
    }

    [Benchmark]
    public double Evaluate()
    {
        LorenzDynamics.Evaluate(0.1, _z, _p, _zNew);
        return _zNew[0];
    }

    [Benchmark]
    public double EvaluateGenerated()
    {
        GeneratedLorenz.RhsOde.Evaluate(0.1, _z, _p, _zNew);
        return _zNew[0];
    }

    [Benchmark]
    public double StepVjp()
    {
        RungeKuttaStepper<double, LorenzDynamics>.StepVjp(_rk, 0.1, 0.01, _z, _p, _adjoint, _adjointIn, _gradP, _scratch, false, out _);
        return _adjointIn[0];
    }
}
