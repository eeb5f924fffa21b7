using System.Numerics;
using AcaKernels.Gradients;

namespace AcaKernels.Solving;

/// <summary>
/// Solves dz/dt = f(t, z, θ) for one trajectory and differentiates the solve. Owns a workspace sized once
/// (state, stages) and the storage of its gradient method (<see cref="OdeOptions.Gradient"/>); after warm-up,
/// <see cref="Solve"/> and <see cref="Gradient"/> allocate nothing (with a growing gradient store: once it has
/// grown to the size the solves need).
/// </summary>
/// <remarks>A solver owns mutable buffers and is not thread-safe: use one per thread (they are cheap to create
/// and share nothing). Overlapping calls from two threads are detected and throw
/// <see cref="InvalidOperationException"/> rather than corrupt each other's results.</remarks>
/// <example><code>
/// var solver = new OdeSolver&lt;double, Lorenz.RhsOde&gt;(new OdeOptions { RelativeTolerance = 1e-6 });
/// solver.Solve(z0, theta, times, outputs).ThrowIfFailed();
/// solver.Gradient(dLdOutputs, dLdz0, dLdTheta).ThrowIfFailed();
/// </code></example>
public sealed class OdeSolver<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly TrajectoryEngine<T, TDynamics> _engine;
    private readonly T[] _z0, _p;
    private double[] _times = [];
    private int _outputCount;
    private OdeStatus _lastSolveStatus = OdeStatus.NoForwardSolve; // NoForwardSolve: none, or it threw; Success: Gradient may run
    private int _busy;

    /// <summary>Creates a solver and allocates its workspace and gradient storage.</summary>
    /// <exception cref="ArgumentException">When an option cannot work (see <see cref="OdeOptions.Validate"/>).</exception>
    public OdeSolver(OdeOptions? options = null)
    {
        Options = options ?? new OdeOptions();
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        if (n <= 0) throw new ArgumentException($"{typeof(TDynamics).Name}.StateSize must be positive, not {n}.");
        if (m < 0) throw new ArgumentException($"{typeof(TDynamics).Name}.ParameterSize must not be negative, not {m}.");
        _engine = new TrajectoryEngine<T, TDynamics>(Options);
        _z0 = new T[n];
        _p = new T[m];
    }

    /// <summary>The settings.</summary>
    public OdeOptions Options { get; }

    /// <summary>State size n.</summary>
    public static int StateSize => TDynamics.StateSize;

    /// <summary>Parameter size m.</summary>
    public static int ParameterSize => TDynamics.ParameterSize;

    /// <summary>Counters of the last solve and gradient.</summary>
    public SolverStatistics Statistics => _engine.Statistics;

    /// <summary>
    /// The accepted steps (tᵢ, hᵢ, zᵢ) of the last solve, read-only. Kept with <see cref="GradientMethod.Aca"/>
    /// (they are its checkpoints); empty for the other methods.
    /// </summary>
    public AcceptedStepsView<T> AcceptedSteps => _engine.AcceptedSteps;

    /// <summary>
    /// Integrates from times[0] through every times[k] (strictly increasing or strictly decreasing), writing
    /// z(times[k]) into outputs[k·n .. (k+1)·n); outputs[0..n) = z0. Steps are clipped to land on each time.
    /// Outputs a failed solve did not reach are NaN.
    /// </summary>
    /// <returns>Success, or a failure status with time, step, step size and component.</returns>
    /// <exception cref="ArgumentException">Sizes that do not match n, m or the number of times; times that
    /// are not finite and strictly monotone; a NaN or infinite element of z0 or p (named).</exception>
    /// <exception cref="InvalidOperationException">When another thread is inside Solve or Gradient of this solver.</exception>
    public SolveResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs)
    {
        Enter();
        try
        {
            int n = TDynamics.StateSize;
            CheckLength(nameof(z0), z0.Length, n, "the state size n");
            CheckLength(nameof(p), p.Length, TDynamics.ParameterSize, "the parameter size m");
            CheckFinite(nameof(z0), z0);
            CheckFinite(nameof(p), p);
            CheckTimes(times);
            CheckLength(nameof(outputs), outputs.Length, times.Length * n, "times.Length × n");

            _lastSolveStatus = OdeStatus.NoForwardSolve;
            z0.CopyTo(_z0);
            p.CopyTo(_p);
            if (_times.Length < times.Length) _times = new double[times.Length];
            times.CopyTo(_times);
            _outputCount = times.Length;

            SolveResult result = _engine.Solve(z0, p, times, outputs);
            _lastSolveStatus = result.Status;
            return result;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Differentiates the last <see cref="Solve"/>, which must have succeeded, with <see cref="OdeOptions.Gradient"/>.
    /// Given ∂L/∂z(t_k) for every output time (laid out like the outputs), writes ∂L/∂z₀ and ∂L/∂θ and returns
    /// ∂L/∂t₀ and ∂L/∂t_end.
    /// </summary>
    /// <returns>Success, or <see cref="OdeStatus.NoForwardSolve"/> (with NaN in gradZ0 and gradP) when there was
    /// no Solve or the last one failed: a failed solve is never differentiated, nor is an earlier successful one.</returns>
    /// <exception cref="InvalidOperationException">On a solver built with <see cref="GradientMethod.None"/>, or
    /// when another thread is inside Solve or Gradient of this solver.</exception>
    public GradientResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP)
    {
        Enter();
        try
        {
            int n = TDynamics.StateSize;
            if (!_engine.Differentiates) throw NoGradient<T, TDynamics>.NotDifferentiable();
            CheckLength(nameof(gradZ0), gradZ0.Length, n, "the state size n");
            CheckLength(nameof(gradP), gradP.Length, TDynamics.ParameterSize, "the parameter size m");
            if (_lastSolveStatus != OdeStatus.Success)
            {
                // Like the outputs a failed solve did not reach: NaN, so an unchecked status cannot pass for a gradient.
                gradZ0.Fill(T.NaN);
                gradP.Fill(T.NaN);
                return new GradientResult(
                    new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, Statistics) { Cause = _lastSolveStatus },
                    double.NaN, double.NaN);
            }
            CheckLength(nameof(outputGradients), outputGradients.Length, _outputCount * n, "output times × n");
            if (gradZ0.Overlaps(gradP) || gradZ0.Overlaps(outputGradients) || gradP.Overlaps(outputGradients))
                throw new ArgumentException("gradZ0, gradP and outputGradients must not overlap.");

            return _engine.Gradient(_z0, _p, _times.AsSpan(0, _outputCount), outputGradients, gradZ0, gradP);
        }
        finally
        {
            Exit();
        }
    }

    // One interlocked exchange per call: a second thread entering while the first is inside finds 1 and throws,
    // instead of both writing the same buffers. Costs nothing on the hot path and allocates nothing.
    private void Enter()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0) ThrowOverlapping();
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    private static void ThrowOverlapping() => throw new InvalidOperationException(
        $"OdeSolver<{typeof(T).Name}, {typeof(TDynamics).Name}> is already running a Solve or Gradient on another thread. " +
        "A solver owns mutable buffers: create one solver per thread (they are cheap and share nothing).");

    private static void CheckFinite(string name, ReadOnlySpan<T> values)
    {
        for (int j = 0; j < values.Length; j++)
            if (!T.IsFinite(values[j])) ThrowNotFinite(name, j, values[j]);
    }

    private static void ThrowNotFinite(string name, int index, T value) => throw new ArgumentException(
        $"{name}[{index}] is {(T.IsNaN(value) ? "NaN" : T.IsPositive(value) ? "+∞" : "-∞")}: the initial state and the parameters must be finite.", name);

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
