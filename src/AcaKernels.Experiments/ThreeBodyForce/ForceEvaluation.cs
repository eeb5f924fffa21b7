using AcaKernels.Solving;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// The truth on a fine grid over [0, extrapolation end], solved once, and the errors of a fitted model against it:
/// RMS position error inside the observation window and beyond it.
/// </summary>
public sealed class ForceEvaluation
{
    private readonly double _endTime, _tolerance;

    /// <summary>Solves the true system (<see cref="CloudThreeBodyDynamics"/> with <paramref name="trueMasses"/>) at
    /// <paramref name="count"/> equally spaced times on [0, <paramref name="extrapolationEnd"/>].</summary>
    public ForceEvaluation(IReadOnlyList<double> trueMasses, int count, double endTime, double extrapolationEnd, double tolerance)
    {
        _endTime = endTime;
        _tolerance = tolerance;
        Times = ThreeBody.ThreeBodySystem.Times(count, extrapolationEnd);
        Truth = ForceSystem.Solve<CloudThreeBodyDynamics.RhsOde>(trueMasses, Times, tolerance);
    }

    /// <summary>The evaluation times.</summary>
    public double[] Times { get; }

    /// <summary>The true states there (row k = z(Times[k])).</summary>
    public double[] Truth { get; }

    /// <summary>The states of <typeparamref name="TDynamics"/> at <see cref="Times"/>, or null when the solve fails.</summary>
    public double[]? States<TDynamics>(IReadOnlyList<double> parameters) where TDynamics : IOdeDynamics<double>
    {
        if (parameters.Any(v => !double.IsFinite(v))) return null;
        try { return ForceSystem.Solve<TDynamics>(parameters, Times, _tolerance); }
        catch (OdeSolveException) { return null; }
    }

    /// <summary>RMS position error on [0, end] and on (end, extrapolation end]; nulls when the solve fails.</summary>
    public (double? Fit, double? Extrapolation) Errors<TDynamics>(IReadOnlyList<double> parameters) where TDynamics : IOdeDynamics<double>
    {
        if (States<TDynamics>(parameters) is not { } states) return (null, null);
        return (ForceSystem.RmsPositionError(states, Truth, Times, null, _endTime),
                ForceSystem.RmsPositionError(states, Truth, Times, _endTime, Times[^1]));
    }
}
