using AcaKernels.Ensembles;
using AcaKernels.Experiments.Training;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// The training loss of the spiral neural ODE as a function of one flat parameter vector, with its gradient. The
/// vector holds the shared MLP weights θ (<see cref="SpiralOde.ParameterSize"/>), then every trajectory's learned
/// start z₀ (<see cref="SpiralOde.StateSize"/> each). One ensemble solve runs all spirals through all their
/// observation times (fitted and held out), so the held-out errors come with the loss; the loss is the mean squared
/// error of the observed components at the fitted times, and one ensemble gradient gives ∂L/∂θ (summed over the
/// spirals) and each ∂L/∂z₀ by the solver's method. Buffers are allocated once.
/// </summary>
public sealed class SpiralObjective : IDisposable
{
    private const int N = SpiralOde.StateSize, Observed = SpiralOde.ObservedSize;
    private readonly SpiralData _data;
    private readonly EnsembleSolver<double, SpiralOde.RhsOde> _solver;
    private readonly bool[] _train, _interpolation, _extrapolation;
    private readonly double[] _outputs, _seeds;
    private readonly SolveResult[] _solveResults;
    private readonly GradientResult[] _gradientResults;

    /// <summary>An objective over <paramref name="data"/> solved with <paramref name="options"/> (its
    /// <see cref="OdeOptions.Gradient"/> is the method) on <paramref name="threads"/> workers (null: all).</summary>
    public SpiralObjective(SpiralData data, OdeOptions options, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _solver = new EnsembleSolver<double, SpiralOde.RhsOde>(data.Trajectories, options, new EnsembleOptions { WorkerCount = threads });
        _train = data.Mask(ObservationRole.Train);
        _interpolation = data.Mask(ObservationRole.Interpolation);
        _extrapolation = data.Mask(ObservationRole.Extrapolation);
        _outputs = new double[data.Rows * N];
        _seeds = new double[data.Rows * N];
        _solveResults = new SolveResult[data.Trajectories];
        _gradientResults = new GradientResult[data.Trajectories];
    }

    /// <summary>Length of the parameter vector: θ, then B starts.</summary>
    public int Size => SizeFor(_data.Trajectories);

    /// <summary>Length of the parameter vector for <paramref name="trajectories"/> spirals.</summary>
    public static int SizeFor(int trajectories) => SpiralOde.ParameterSize + trajectories * N;

    /// <summary>The predicted states of the last evaluation, one row of <see cref="SpiralOde.StateSize"/> per observation.</summary>
    public ReadOnlySpan<double> Predictions => _outputs;

    /// <summary>Accepted forward steps of the last solve, all spirals together.</summary>
    public long LastAcceptedSteps { get; private set; }

    /// <summary>The start of training: θ drawn by <see cref="DenseLayer.Initialise"/> from <paramref name="random"/>,
    /// each z₀ = (its first observation, 0, 0) — the augmented components start at zero and are learned.</summary>
    public static double[] InitialParameters(SpiralData data, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        var parameters = new double[SizeFor(data.Trajectories)];
        SpiralOde.Input.Initialise(parameters, random);
        SpiralOde.Output.Initialise(parameters, random, gain: 0.5);   // a gentle initial flow: small steps, no early blow-up
        for (int b = 0; b < data.Trajectories; b++)
        {
            int row = data.Offsets[b];
            parameters[SpiralOde.ParameterSize + b * N] = data.Observed[2 * row];
            parameters[SpiralOde.ParameterSize + b * N + 1] = data.Observed[2 * row + 1];
        }
        return parameters;
    }

    /// <summary>
    /// Solves at <paramref name="parameters"/> and returns the training loss; with a non-empty
    /// <paramref name="gradient"/> (length <see cref="Size"/>) also writes ∂L/∂parameters. Returns false with the
    /// reason in <paramref name="failure"/> when a solve or gradient fails (a trajectory blew up, too many steps).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths other than <see cref="Size"/>.</exception>
    public bool TryEvaluate(ReadOnlySpan<double> parameters, Span<double> gradient, out double loss, out string failure)
    {
        if (parameters.Length != Size)
            throw new ArgumentException($"{parameters.Length} parameters given; θ ({SpiralOde.ParameterSize}) and {_data.Trajectories} starts × {N} = {Size} expected.", nameof(parameters));
        if (!gradient.IsEmpty && gradient.Length != Size)
            throw new ArgumentException($"gradient holds {gradient.Length} numbers; {Size} expected (or none for the loss alone).", nameof(gradient));
        ReadOnlySpan<double> theta = parameters[..SpiralOde.ParameterSize], z0 = parameters[SpiralOde.ParameterSize..];
        loss = double.NaN;
        EnsembleResult solved = _solver.Solve(z0, theta, _data.Times, _data.Offsets, _outputs, _solveResults);
        LastAcceptedSteps = solved.AcceptedSteps;
        if (!solved.IsSuccess) { failure = solved.Describe(); return false; }
        loss = MeanSquaredError.Evaluate(_outputs, N, _data.Observed, Observed, _train, _seeds);
        if (!gradient.IsEmpty)
        {
            gradient.Clear();
            EnsembleResult differentiated = _solver.Gradient(_seeds, gradient[SpiralOde.ParameterSize..], gradient[..SpiralOde.ParameterSize], _gradientResults);
            if (!differentiated.IsSuccess) { failure = differentiated.Describe(); return false; }
        }
        failure = "";
        return true;
    }

    /// <summary>Mean squared error of the last evaluation's predictions at the rows of <paramref name="role"/>,
    /// against the noisy observations (NaN when there are none).</summary>
    public double Error(ObservationRole role) => MeanSquaredError.Value(_outputs, N, _data.Observed, Observed, role switch
    {
        ObservationRole.Train => _train,
        ObservationRole.Interpolation => _interpolation,
        _ => _extrapolation,
    });

    /// <summary>Ends the ensemble's worker threads.</summary>
    public void Dispose() => _solver.Dispose();
}
