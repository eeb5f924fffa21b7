using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using Dynamics = AcaKernels.Experiments.Classification.ConvOdeBlock.RhsOde;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The middle of the network on a mini-batch: z(1) from z(0) = the front's features, image by image, through
/// <see cref="ConvOdeBlock"/>. A mini-batch is an <see cref="EnsembleSolver{T, TDynamics}"/> ensemble with θ shared
/// by its images (each image its own adaptive steps; the θ gradient is the sum over the batch, the ensemble's
/// workers spread the images over the cores). The ResNet baseline is the same ensemble with K fixed Euler steps of
/// 1/K: z ← z + f(z)/K, K times, which is exactly a stack of K residual blocks sharing f's weights, and its ACA
/// gradient is exactly backpropagation through them.
/// </summary>
internal sealed class FeatureBlock : IDisposable
{
    private const int N = ConvOdeBlock.StateSize;
    private static readonly double[] Times = [0, 1];
    private readonly OdeOptions _training, _inference;
    private readonly EnsembleOptions _ensemble;
    private readonly Dictionary<(int Count, bool Training), EnsembleSolver<double, Dynamics>> _solvers = [];
    private readonly double[] _outputs, _seeds;
    private readonly SolveResult[] _solveResults;
    private readonly GradientResult[] _gradientResults;
    private EnsembleSolver<double, Dynamics>? _last;

    public FeatureBlock(BlockMethod method, RungeKuttaMethod tableau, double tolerance, int resNetBlocks, int maxBatch, int? workers)
    {
        _training = Options(method, tableau, tolerance, resNetBlocks, training: true);
        _inference = Options(method, tableau, tolerance, resNetBlocks, training: false);
        _ensemble = new EnsembleOptions { WorkerCount = workers };
        _outputs = new double[maxBatch * Times.Length * N];
        _seeds = new double[_outputs.Length];
        _solveResults = new SolveResult[maxBatch];
        _gradientResults = new GradientResult[maxBatch];
    }

    /// <summary>Function evaluations (forward and backward) and accepted steps since construction.</summary>
    public long Evaluations { get; private set; }
    public long AcceptedSteps { get; private set; }

    /// <summary>The solver options a method runs with.</summary>
    public static OdeOptions Options(BlockMethod method, RungeKuttaMethod tableau, double tolerance, int resNetBlocks, bool training)
    {
        GradientMethod gradient = !training ? GradientMethod.None : method switch
        {
            BlockMethod.Adjoint => GradientMethod.Adjoint,
            BlockMethod.Naive => GradientMethod.Naive,
            _ => GradientMethod.Aca,
        };
        return method == BlockMethod.ResNet
            ? new OdeOptions { Method = RungeKuttaMethod.Euler, FixedStep = 1.0 / resNetBlocks, Gradient = gradient }
            : new OdeOptions { Method = tableau, RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = gradient };
    }

    /// <summary>z1 = the block's map of z0 for <paramref name="count"/> images (count·n values each); training
    /// keeps what <see cref="Backward"/> needs.</summary>
    /// <exception cref="EnsembleSolveException">An image's solve failed (the message names it and why).</exception>
    public void Forward(int count, ReadOnlySpan<double> theta, ReadOnlySpan<double> z0, Span<double> z1, bool training)
    {
        EnsembleSolver<double, Dynamics> solver = SolverFor(count, training);
        Span<double> outputs = _outputs.AsSpan(0, count * Times.Length * N);
        EnsembleResult result = solver.Solve(z0[..(count * N)], theta, Times, outputs, _solveResults.AsSpan(0, count));
        result.ThrowIfFailed();
        Evaluations += result.ForwardEvaluations;
        AcceptedSteps += result.AcceptedSteps;
        for (int b = 0; b < count; b++) outputs.Slice((2 * b + 1) * N, N).CopyTo(z1.Slice(b * N, N));
        _last = solver;
    }

    /// <summary>Given ∂L/∂z1 of the images of the last training <see cref="Forward"/>, writes ∂L/∂z0 and adds the
    /// batch's ∂L/∂θ (summed over its images) to <paramref name="gradTheta"/>.</summary>
    public void Backward(int count, ReadOnlySpan<double> gradZ1, Span<double> gradZ0, Span<double> gradTheta)
    {
        if (_last is null || _last.TrajectoryCount != count || _last.Options.Gradient == GradientMethod.None)
            throw new InvalidOperationException($"FeatureBlock.Backward of {count} images needs a training Forward of the same images first.");
        Span<double> seeds = _seeds.AsSpan(0, count * Times.Length * N);
        for (int b = 0; b < count; b++)
        {
            seeds.Slice(2 * b * N, N).Clear();   // nothing depends on z(0) through the outputs
            gradZ1.Slice(b * N, N).CopyTo(seeds.Slice((2 * b + 1) * N, N));
        }
        Span<double> thetaGradient = stackalloc double[ConvOdeBlock.ParameterSize];
        EnsembleResult result = _last.Gradient(seeds, gradZ0[..(count * N)], thetaGradient, _gradientResults.AsSpan(0, count));
        result.ThrowIfFailed();
        Evaluations += result.BackwardEvaluations;
        for (int i = 0; i < thetaGradient.Length; i++) gradTheta[i] += thetaGradient[i];
    }

    private EnsembleSolver<double, Dynamics> SolverFor(int count, bool training)
    {
        if (!_solvers.TryGetValue((count, training), out var solver))
        {
            solver = new EnsembleSolver<double, Dynamics>(count, training ? _training : _inference, _ensemble);
            _solvers.Add((count, training), solver);
        }
        return solver;
    }

    public void Dispose()
    {
        foreach (var solver in _solvers.Values) solver.Dispose();
        _solvers.Clear();
    }
}
