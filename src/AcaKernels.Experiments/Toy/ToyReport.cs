using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Toy;

/// <summary>Everything `aca toy` measured: the JSON document (schema: Schemas/toy.schema.json).</summary>
public sealed record ToyReport
{
    /// <summary>Always "toy".</summary>
    public string Experiment { get; init; } = "toy";
    /// <summary>Where and when.</summary>
    public required RunInfo Run { get; init; }
    /// <summary>False when the run was stopped (Ctrl-C) before the grid was done: the measurements are those finished.</summary>
    public required bool Completed { get; init; }
    /// <summary>The Runge-Kutta method of every solve.</summary>
    public required string Tableau { get; init; }
    /// <summary>z₀.</summary>
    public required double InitialState { get; init; }
    /// <summary>α values of the grid.</summary>
    public required IReadOnlyList<double> Alphas { get; init; }
    /// <summary>End times of the grid.</summary>
    public required IReadOnlyList<double> EndTimes { get; init; }
    /// <summary>Tolerances of the grid (rtol = atol).</summary>
    public required IReadOnlyList<double> Tolerances { get; init; }
    /// <summary>Methods of the grid.</summary>
    public required IReadOnlyList<string> Methods { get; init; }
    /// <summary>Timed repeats per cell (fastest reported).</summary>
    public required int Repeats { get; init; }
    /// <summary>How the discrete reference gradient was obtained, in words.</summary>
    public string DiscreteReference { get; init; } = DiscreteReferenceText;
    /// <summary>One entry per finished cell, in grid order (α, then T, then tolerance, then method).</summary>
    public required IReadOnlyList<ToyMeasurement> Measurements { get; init; }

    internal const string DiscreteReferenceText =
        "complex step (eps = 1e-30) through a replay of the accepted steps of the forward solve with their sizes held " +
        "fixed, in complex arithmetic with the same tableau: the exact gradient of the discrete solve taken, computed " +
        "by code that shares nothing with the engine's reverse passes";
}
