using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>Everything `aca three-body` measured: the JSON document (schema: Schemas/three-body.schema.json).</summary>
public sealed record ThreeBodyReport
{
    /// <summary>Experiment "three-body", where and when, whether it ran to the end (when stopped with Ctrl-C the fits
    /// hold the epochs finished).</summary>
    public required ExperimentHeader Header { get; init; }
    /// <summary>The Runge-Kutta method of every solve.</summary>
    public required string Tableau { get; init; }
    /// <summary>rtol = atol of the fit's solves.</summary>
    public required double Tolerance { get; init; }
    /// <summary>rtol = atol of the solve that made the observations.</summary>
    public required double ObservationTolerance { get; init; }
    /// <summary>Number of observation times, equally spaced on [0, <see cref="EndTime"/>].</summary>
    public required int ObservationCount { get; init; }
    /// <summary>End of the observation window.</summary>
    public required double EndTime { get; init; }
    /// <summary>Observation k weighs LossDecay^{t_k}.</summary>
    public required double LossDecay { get; init; }
    /// <summary>Epochs asked for per method.</summary>
    public required int Epochs { get; init; }
    /// <summary>Seed of the start masses.</summary>
    public required int Seed { get; init; }
    /// <summary>The optimiser's settings.</summary>
    public required AdamSettings Optimiser { get; init; }
    /// <summary>The masses that made the observations.</summary>
    public required IReadOnlyList<double> TrueMasses { get; init; }
    /// <summary>The masses every fit started from.</summary>
    public required IReadOnlyList<double> InitialMasses { get; init; }
    /// <summary>One fit per method, in the order asked.</summary>
    public required IReadOnlyList<ThreeBodyFit> Fits { get; init; }
}

/// <summary>One method's fit: its epochs, the masses it ended with, their error and the time it took.</summary>
public sealed record ThreeBodyFit
{
    /// <summary>"aca", "adjoint" or "naive".</summary>
    public required string Method { get; init; }
    /// <summary>"Success", or the solver's description of the failure that ended the fit.</summary>
    public required string Status { get; init; }
    /// <summary>The masses after the last finished epoch.</summary>
    public required IReadOnlyList<double> FinalMasses { get; init; }
    /// <summary>|m − m_true| / m_true per body for <see cref="FinalMasses"/>.</summary>
    public required IReadOnlyList<double> RelativeMassErrors { get; init; }
    /// <summary>The largest of <see cref="RelativeMassErrors"/>.</summary>
    public required double MaxRelativeMassError { get; init; }
    /// <summary>The loss at <see cref="FinalMasses"/> (one more solve), or null if it failed.</summary>
    public double? FinalLoss { get; init; }
    /// <summary>Wall time of the whole fit (solves, gradients, optimiser), seconds.</summary>
    public required double Seconds { get; init; }
    /// <summary>Mean forward solve per epoch, µs.</summary>
    public required double SolveMicroseconds { get; init; }
    /// <summary>Mean gradient (backward pass) per epoch, µs.</summary>
    public required double GradientMicroseconds { get; init; }
    /// <summary>Accepted / rejected steps, f evaluations and VJPs of the last epoch.</summary>
    public required ThreeBodyCost LastEpochCost { get; init; }
    /// <summary>Every finished epoch, in order.</summary>
    public required IReadOnlyList<ThreeBodyEpoch> EpochLog { get; init; }
}

/// <summary>One epoch: the loss and gradient at the masses it started from, then the masses after its Adam step.</summary>
public sealed record ThreeBodyEpoch
{
    /// <summary>1-based epoch number.</summary>
    public required int Epoch { get; init; }
    /// <summary>Learning rate of this epoch's step.</summary>
    public required double LearningRate { get; init; }
    /// <summary>L at the masses this epoch started from.</summary>
    public required double Loss { get; init; }
    /// <summary>∂L/∂m there, by the fit's method.</summary>
    public required IReadOnlyList<double> Gradient { get; init; }
    /// <summary>The masses after this epoch's step.</summary>
    public required IReadOnlyList<double> Masses { get; init; }
}

/// <summary>The work of one solve + gradient.</summary>
public sealed record ThreeBodyCost
{
    /// <summary>Accepted steps of the forward solve.</summary>
    public required int AcceptedSteps { get; init; }
    /// <summary>Rejected trial steps of the forward solve.</summary>
    public required int RejectedSteps { get; init; }
    /// <summary>f evaluations, forward and backward.</summary>
    public required long Evaluations { get; init; }
    /// <summary>Vector-Jacobian products in the backward pass.</summary>
    public required long Vjps { get; init; }
    /// <summary>Bytes of gradient storage (checkpoints, tape; 0 for the adjoint).</summary>
    public required long GradientMemoryBytes { get; init; }
}
