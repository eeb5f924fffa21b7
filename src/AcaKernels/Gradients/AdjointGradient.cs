using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>
/// The continuous adjoint's backward pass: from each output time to the previous one, solve the augmented
/// system backwards with the same method and tolerances; at each output time reset z to the forward pass's
/// value and add that time's seed to a (as torchdiffeq's adjoint does). The forward pass records nothing but a
/// copy of the outputs (the states the backward solve restarts from).
/// </summary>
internal sealed class AdjointGradient<T, TDynamics> : GradientStrategy<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private readonly IntegrationWorkspace<T> _workspace;
    private readonly T[] _state, _outputs, _work;
    private T[] _forwardOutputs = [];

    public AdjointGradient(OdeOptions options)
    {
        int n = TDynamics.StateSize, size = AdjointDynamics<T, TDynamics>.StateSize;
        // z and a use the user's per-component tolerances; the parameter adjoints the scalar ones.
        double[]? rtol = options.RelativeTolerances is null ? null : Expand(options.RelativeTolerances, options.RelativeTolerance, n, size);
        double[]? atol = options.AbsoluteTolerances is null ? null : Expand(options.AbsoluteTolerances, options.AbsoluteTolerance, n, size);
        _workspace = new IntegrationWorkspace<T>(size, TDynamics.ParameterSize,
            options with { RelativeTolerances = rtol, AbsoluteTolerances = atol, InitialStep = null });
        _state = new T[size];
        _outputs = new T[2 * size];
        _work = new T[n];
    }

    public override SolveResult Forward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs)
    {
        var recorder = new NullRecorder<T>();
        SolveResult result = Integrator<T, TDynamics>.Run(ws, z0, p, times, outputs, ref recorder);
        if (_forwardOutputs.Length < outputs.Length) _forwardOutputs = new T[outputs.Length];
        outputs.CopyTo(_forwardOutputs);
        return result;
    }

    public override SolveResult Backward(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP,
        out double gradT0, out double gradTEnd)
    {
        gradT0 = gradTEnd = double.NaN;
        SolveResult result = Run(ws, p, times, _forwardOutputs, seeds, gradZ0, gradP);
        if (!result.IsSuccess) return result;
        ContinuousTimeGradients<T, TDynamics>.Compute(ws, z0, p, times, seeds, gradZ0, _work, out gradT0, out gradTEnd);
        return result with { Statistics = ws.Statistics };
    }

    private SolveResult Run(IntegrationWorkspace<T> forward, ReadOnlySpan<T> p, ReadOnlySpan<double> times,
        ReadOnlySpan<T> forwardOutputs, ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP)
    {
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize, size = _state.Length;
        int last = times.Length - 1;
        Span<T> y = _state;
        y.Clear();
        forwardOutputs.Slice(last * n, n).CopyTo(y.Slice(0, n));
        seeds.Slice(last * n, n).CopyTo(y.Slice(n, n));
        Span<double> interval = stackalloc double[2];
        ref SolverStatistics stats = ref forward.Statistics;
        var recorder = new NullRecorder<T>();
        for (int k = last; k > 0; k--)
        {
            interval[0] = times[k];
            interval[1] = times[k - 1];
            SolveResult result = Integrator<T, AdjointDynamics<T, TDynamics>>.Run(_workspace, y, p, interval, _outputs, ref recorder);
            SolverStatistics backward = _workspace.Statistics;
            stats.BackwardEvaluations += backward.ForwardEvaluations;
            stats.BackwardVjps += backward.ForwardEvaluations;
            stats.BackwardSteps += backward.AcceptedSteps + backward.RejectedSteps;
            if (!result.IsSuccess) return result with { Statistics = stats, Phase = SolvePhase.AdjointBackward };
            _outputs.AsSpan(size, size).CopyTo(y);
            forwardOutputs.Slice((k - 1) * n, n).CopyTo(y.Slice(0, n));
            ReadOnlySpan<T> seed = seeds.Slice((k - 1) * n, n);
            for (int j = 0; j < n; j++) y[n + j] += seed[j];
        }
        y.Slice(n, n).CopyTo(gradZ0);
        y.Slice(2 * n, m).CopyTo(gradP);
        return new SolveResult(OdeStatus.Success, times[0], 0, -1, stats);
    }

    private static double[] Expand(IReadOnlyList<double> perComponent, double scalar, int n, int size)
    {
        var result = new double[size];
        for (int j = 0; j < size; j++) result[j] = j < 2 * n ? perComponent[j % n] : scalar;
        return result;
    }
}
