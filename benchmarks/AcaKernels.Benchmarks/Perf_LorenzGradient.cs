using AcaKernels.Gradients;
using AcaKernels.Solving;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// One Lorenz-63 trajectory, t ∈ [0, 1], Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, float64: the forward solve
/// alone and forward + gradient by each method, with the hand-written system on the generic stepper and with
/// the generated system on its fused kernels. Divide by the accepted steps (printed at setup) for ns/step.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Lorenz")]
public class Perf_LorenzGradient
{
    private readonly double[] _z0 = [1.0, 1.0, 1.0], _theta = [10.0, 28.0, 8.0 / 3.0], _times = [0.0, 1.0];
    private readonly double[] _outputs = new double[6], _seeds = [0, 0, 0, 1, 1, 1], _gradZ0 = new double[3], _gradTheta = new double[3];
    private OdeSolver<double, LorenzDynamics> _solver = null!;
    private OdeSolver<double, GeneratedLorenz.RhsOde> _generated = null!;

    [Params(GradientMethod.Aca, GradientMethod.Adjoint, GradientMethod.Naive)]
    public GradientMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _solver = new OdeSolver<double, LorenzDynamics>(new OdeOptions
        {
            RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, Gradient = Method,
        });
        _solver.Solve(_z0, _theta, _times, _outputs).ThrowIfFailed();
        _generated = new OdeSolver<double, GeneratedLorenz.RhsOde>(_solver.Options);
        Console.WriteLine($"// accepted steps: {_solver.Statistics.AcceptedSteps}, rejected: {_solver.Statistics.RejectedSteps}");
    }

    [Benchmark]
    public double Solve()
    {
        _solver.Solve(_z0, _theta, _times, _outputs);
        return _outputs[3];
    }

    [Benchmark]
    public double SolveFused()
    {
        _generated.Solve(_z0, _theta, _times, _outputs);
        return _outputs[3];
    }

    [Benchmark]
    public double SolveAndGradientFused()
    {
        _generated.Solve(_z0, _theta, _times, _outputs);
        _generated.Gradient(_seeds, _gradZ0, _gradTheta);
        return _gradTheta[0];
    }

    [Benchmark]
    public double SolveAndGradient()
    {
        _solver.Solve(_z0, _theta, _times, _outputs);
        _solver.Gradient(_seeds, _gradZ0, _gradTheta);
        return _gradTheta[0];
    }
}
