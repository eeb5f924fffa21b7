using System.Numerics;
using AcaKernels.Gradients;

namespace AcaKernels.Solving;

/// <summary>
/// Solves dz/dt = f(t, z, θ) for one trajectory and differentiates the solve. Owns a workspace sized once
/// (state, stages, checkpoints); after the first call with a given number of output times, <see cref="Solve"/>
/// and <see cref="Gradient"/> allocate nothing.
/// </summary>
/// <remarks>A solver owns mutable buffers and is not thread-safe: use one per thread (they are cheap to create
/// and share nothing).</remarks>
/// <example><code>
/// var solver = new OdeSolver&lt;double, Lorenz.RhsOde&gt;(new OdeOptions { RelativeTolerance = 1e-6 });
/// solver.Solve(z0, theta, times, outputs).ThrowIfFailed();
/// solver.Gradient(dLdOutputs, dLdz0, dLdTheta).ThrowIfFailed();
/// </code></example>
public sealed class OdeSolver<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly IntegrationWorkspace<T> _workspace;
    private readonly CheckpointStore<T> _checkpoints;
    private readonly AdjointGradient<T, TDynamics>? _adjoint;
    private readonly NaiveTape<T>? _tape;
    private readonly T[] _z0, _p, _work;
    private double[] _times = [];
    private T[] _outputs = [];
    private int _outputCount;
    private bool _solved;

    /// <summary>Creates a solver and allocates its workspace.</summary>
    /// <exception cref="ArgumentException">When an option cannot work (see <see cref="OdeOptions.Validate"/>).</exception>
    public OdeSolver(OdeOptions? options = null)
    {
        Options = options ?? new OdeOptions();
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        if (n <= 0) throw new ArgumentException($"{typeof(TDynamics).Name}.StateSize must be positive, not {n}.");
        if (m < 0) throw new ArgumentException($"{typeof(TDynamics).Name}.ParameterSize must not be negative, not {m}.");
        _workspace = new IntegrationWorkspace<T>(n, m, Options);
        _checkpoints = new CheckpointStore<T>(n, Options.Gradient == GradientMethod.Aca ? Options.CheckpointCapacity : 1,
            Options.CheckpointGrowth);
        if (Options.Gradient == GradientMethod.Adjoint) _adjoint = new AdjointGradient<T, TDynamics>(Options);
        if (Options.Gradient == GradientMethod.Naive)
            _tape = new NaiveTape<T>(n, _workspace.Rk.Stages, Options.CheckpointCapacity, Options.CheckpointGrowth);
        _z0 = new T[n];
        _p = new T[m];
        _work = new T[n];
    }

    /// <summary>The settings.</summary>
    public OdeOptions Options { get; }

    /// <summary>State size n.</summary>
    public static int StateSize => TDynamics.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TDynamics.ParameterSize;

    /// <summary>Counters of the last solve and gradient.</summary>
    public SolverStatistics Statistics => _workspace.Statistics;

    /// <summary>ACA checkpoints of the last solve: accepted steps (tᵢ, hᵢ, zᵢ). Empty for other methods.</summary>
    public CheckpointStore<T> Checkpoints => _checkpoints;

    /// <summary>
    /// Integrates from times[0] through every times[k] (strictly increasing or strictly decreasing), writing
    /// z(times[k]) into outputs[k·n .. (k+1)·n); outputs[0..n) = z0. Steps are clipped to land on each time.
    /// </summary>
    /// <returns>Success, or a failure status with time, step and component.</returns>
    /// <exception cref="ArgumentException">Sizes that do not match n, m or the number of times; times that
    /// are not finite and strictly monotone.</exception>
    public SolveResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs)
    {
        int n = TDynamics.StateSize;
        CheckLength(nameof(z0), z0.Length, n, "the state size n");
        CheckLength(nameof(p), p.Length, TDynamics.ParameterSize, "the parameter size m");
        CheckTimes(times);
        CheckLength(nameof(outputs), outputs.Length, times.Length * n, "times.Length × n");

        _solved = false;
        z0.CopyTo(_z0);
        p.CopyTo(_p);
        if (_times.Length < times.Length) _times = new double[times.Length];
        times.CopyTo(_times);
        _outputCount = times.Length;

        SolveResult result;
        switch (Options.Gradient)
        {
            case GradientMethod.Aca:
            {
                var recorder = new CheckpointRecorder<T>(_checkpoints);
                result = Integrator<T, TDynamics>.Run(_workspace, z0, p, times, outputs, ref recorder);
                _workspace.Statistics.GradientMemoryBytes = _checkpoints.Bytes;
                break;
            }
            case GradientMethod.Naive:
            {
                var recorder = new NaiveRecorder<T>(_tape!);
                result = Integrator<T, TDynamics>.Run(_workspace, z0, p, times, outputs, ref recorder);
                _workspace.Statistics.GradientMemoryBytes = _tape!.Bytes;
                break;
            }
            default:
            {
                var recorder = new NullRecorder<T>();
                result = Integrator<T, TDynamics>.Run(_workspace, z0, p, times, outputs, ref recorder);
                if (_outputs.Length < outputs.Length) _outputs = new T[outputs.Length];
                outputs.CopyTo(_outputs);
                break;
            }
        }
        result = result with { Statistics = _workspace.Statistics };
        _solved = result.IsSuccess;
        return result;
    }

    /// <summary>
    /// Differentiates the last successful <see cref="Solve"/> with <see cref="OdeOptions.Gradient"/>. Given
    /// ∂L/∂z(t_k) for every output time (laid out like the outputs), writes ∂L/∂z₀ and ∂L/∂θ and returns
    /// ∂L/∂t₀ and ∂L/∂t_end (each method's definition is on <see cref="GradientResult"/>).
    /// </summary>
    public GradientResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP)
    {
        int n = TDynamics.StateSize;
        if (!_solved)
            return new GradientResult(new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, Statistics), double.NaN, double.NaN);
        CheckLength(nameof(outputGradients), outputGradients.Length, _outputCount * n, "output times × n");
        CheckLength(nameof(gradZ0), gradZ0.Length, n, "the state size n");
        CheckLength(nameof(gradP), gradP.Length, TDynamics.ParameterSize, "the parameter size m");
        if (gradZ0.Overlaps(gradP) || gradZ0.Overlaps(outputGradients) || gradP.Overlaps(outputGradients))
            throw new ArgumentException("gradZ0, gradP and outputGradients must not overlap.");

        ref SolverStatistics stats = ref _workspace.Statistics;
        stats.BackwardEvaluations = stats.BackwardVjps = stats.BackwardSteps = 0;
        SolveResult status = new(OdeStatus.Success, _times[0], 0, -1, stats);
        double gradT0, gradTEnd;
        switch (Options.Gradient)
        {
            case GradientMethod.Aca:
                AcaBackward<T, TDynamics>.Run(_workspace, _checkpoints, _p, outputGradients, gradZ0, _work, gradP,
                    out gradT0, out gradTEnd);
                break;
            case GradientMethod.Naive:
                NaiveBackward<T, TDynamics>.Run(_workspace, _tape!, _p, outputGradients, gradZ0, gradP, out gradT0, out gradTEnd);
                break;
            default:
                status = _adjoint!.Run(_workspace, _p, _times.AsSpan(0, _outputCount), _outputs, outputGradients, gradZ0, gradP);
                gradT0 = gradTEnd = double.NaN;
                break;
        }
        if (!status.IsSuccess) return new GradientResult(status with { Statistics = _workspace.Statistics }, double.NaN, double.NaN);

        // ACA and naive return the derivatives of their discrete maps; the adjoint keeps its continuous definition:
        // ∂L/∂t₀ = −(a(t₀) − seed₀)·f(t₀, z₀): output 0 is z₀ itself, which does not move with t₀.
        // ∂L/∂t_end = (∂L/∂z(t_end))·f(t_end, z(t_end)).
        if (Options.Gradient == GradientMethod.Adjoint)
        {
            TDynamics.Evaluate(T.CreateTruncating(_times[0]), _z0, _p, _work);
            gradT0 = -(Dot(gradZ0, _work) - Dot(outputGradients.Slice(0, n), _work));
            TDynamics.Evaluate(T.CreateTruncating(_times[_outputCount - 1]), _workspace.State, _p, _work);
            gradTEnd = Dot(outputGradients.Slice((_outputCount - 1) * n, n), _work);
            stats.BackwardEvaluations += 2;
        }
        return new GradientResult(status with { Statistics = _workspace.Statistics }, gradT0, gradTEnd);
    }

    private static double Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += double.CreateTruncating(a[j]) * double.CreateTruncating(b[j]);
        return sum;
    }

    // The description is a constant: building it with interpolation on every call would allocate.
    private static void CheckLength(string name, int actual, int expected, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}; expected {expected} ({what}).", name);
    }

    private static void CheckTimes(ReadOnlySpan<double> times)
    {
        if (times.Length < 2)
            throw new ArgumentException($"times needs at least a start and an end time; got {times.Length}.", nameof(times));
        // Compare signs, never multiply spacings: (1e-170)·(1e-170) underflows to 0 and would reject valid times.
        bool increasing = times[1] > times[0];
        for (int k = 0; k < times.Length; k++)
        {
            if (!double.IsFinite(times[k]))
                throw new ArgumentException($"times[{k}] = {times[k]} is not finite.", nameof(times));
            if (k > 0 && !(increasing ? times[k] > times[k - 1] : times[k] < times[k - 1]))
                throw new ArgumentException(
                    $"times must be strictly increasing or strictly decreasing: times[{k - 1}] = {times[k - 1]:R}, times[{k}] = {times[k]:R}.",
                    nameof(times));
        }
    }
}
