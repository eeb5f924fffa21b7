using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>Everything `aca three-body --variant mlp` measured: the JSON document (schema:
/// Schemas/three-body-force.schema.json).</summary>
public sealed record ForceReport
{
    /// <summary>Experiment "three-body-force", where and when, whether it ran to the end (when stopped with Ctrl-C
    /// the fits hold the epochs finished).</summary>
    public required ExperimentHeader Header { get; init; }
    /// <summary>The Runge-Kutta method of every solve.</summary>
    public required string Tableau { get; init; }
    /// <summary>rtol = atol of the fits' solves.</summary>
    public required double Tolerance { get; init; }
    /// <summary>rtol = atol of the solves of the truth and of the comparisons.</summary>
    public required double ObservationTolerance { get; init; }
    /// <summary>Observation times, equally spaced on [0, <see cref="EndTime"/>].</summary>
    public required int ObservationCount { get; init; }
    /// <summary>End of the observation window.</summary>
    public required double EndTime { get; init; }
    /// <summary>End of the extrapolation window.</summary>
    public required double ExtrapolationEndTime { get; init; }
    /// <summary>Times, equally spaced on [0, <see cref="ExtrapolationEndTime"/>], of the comparison with the truth.</summary>
    public required int EvaluationCount { get; init; }
    /// <summary>Observation k weighs LossDecay^{t_k}.</summary>
    public required double LossDecay { get; init; }
    /// <summary>Epochs asked for per model and method.</summary>
    public required int Epochs { get; init; }
    /// <summary>Seed of the start masses and network weights.</summary>
    public required int Seed { get; init; }
    /// <summary>The optimiser's settings.</summary>
    public required AdamSettings Optimiser { get; init; }
    /// <summary>The masses of the true system.</summary>
    public required IReadOnlyList<double> TrueMasses { get; init; }
    /// <summary>κ of the true system's cloud (the force the physics model lacks).</summary>
    public required double CloudStrength { get; init; }
    /// <summary>Hidden units of the network.</summary>
    public required int HiddenUnits { get; init; }
    /// <summary>The masses every fit started from.</summary>
    public required IReadOnlyList<double> InitialMasses { get; init; }
    /// <summary>Per method, the physics-only fit then the physics+network fit.</summary>
    public required IReadOnlyList<ForceFit> Fits { get; init; }
}

/// <summary>One model fitted by one method: its epochs, its parameters at the end and how far its positions are
/// from the truth inside the observation window and beyond it.</summary>
public sealed record ForceFit
{
    /// <summary>"physics" (masses only) or "physics+mlp" (masses and the network).</summary>
    public required string Model { get; init; }
    /// <summary>"aca", "adjoint" or "naive".</summary>
    public required string Method { get; init; }
    /// <summary>"Success", or the description of the failure that ended the fit.</summary>
    public required string Status { get; init; }
    /// <summary>Number of parameters fitted.</summary>
    public required int ParameterCount { get; init; }
    /// <summary>The masses after the last finished epoch.</summary>
    public required IReadOnlyList<double> FinalMasses { get; init; }
    /// <summary>Every parameter after the last finished epoch (masses first).</summary>
    public required IReadOnlyList<double> FinalParameters { get; init; }
    /// <summary>The loss at the final parameters, or null if that solve failed.</summary>
    public double? FinalLoss { get; init; }
    /// <summary>RMS position error against the truth on [0, EndTime], or null if the solve failed.</summary>
    public double? FitRmsError { get; init; }
    /// <summary>RMS position error against the truth on (EndTime, ExtrapolationEndTime], or null if the solve failed.</summary>
    public double? ExtrapolationRmsError { get; init; }
    /// <summary>Wall time of the whole fit, seconds.</summary>
    public required double Seconds { get; init; }
    /// <summary>Mean solve + gradient per epoch, µs.</summary>
    public required double EpochMicroseconds { get; init; }
    /// <summary>Every finished epoch, in order.</summary>
    public required IReadOnlyList<ForceEpoch> EpochLog { get; init; }
}

/// <summary>One epoch: the loss and gradient size at the parameters it started from, then the masses after its step.</summary>
public sealed record ForceEpoch
{
    /// <summary>1-based epoch number.</summary>
    public required int Epoch { get; init; }
    /// <summary>L at the parameters this epoch started from.</summary>
    public required double Loss { get; init; }
    /// <summary>|∂L/∂θ|₂ there, by the fit's method.</summary>
    public required double GradientNorm { get; init; }
    /// <summary>The masses after this epoch's step.</summary>
    public required IReadOnlyList<double> Masses { get; init; }
}
