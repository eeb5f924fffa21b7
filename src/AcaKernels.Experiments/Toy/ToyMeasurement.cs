namespace AcaKernels.Experiments.Toy;

/// <summary>
/// One (α, T, tolerance, method) cell of the toy experiment: the gradients of L = z(T)², their relative errors
/// against the analytic gradient and against the discrete gradient (<see cref="DiscreteGradient"/>), and the cost.
/// Error and gradient fields are null when the solve failed (<see cref="Status"/> then says why).
/// </summary>
public sealed record ToyMeasurement
{
    /// <summary>α of dz/dt = αz.</summary>
    public required double Alpha { get; init; }
    /// <summary>End time T.</summary>
    public required double EndTime { get; init; }
    /// <summary>rtol = atol.</summary>
    public required double Tolerance { get; init; }
    /// <summary>"aca", "adjoint" or "naive".</summary>
    public required string Method { get; init; }
    /// <summary>"Success", or the solver's description of the failure.</summary>
    public required string Status { get; init; }

    /// <summary>|z(T) − z₀e^{αT}| / |z₀e^{αT}|: the forward solve's own error, the floor for every gradient.</summary>
    public double? StateError { get; init; }
    /// <summary>∂L/∂z₀ as the method computed it.</summary>
    public double? GradientZ0 { get; init; }
    /// <summary>∂L/∂α as the method computed it.</summary>
    public double? GradientAlpha { get; init; }
    /// <summary>Relative error of ∂L/∂z₀ against 2z₀e^{2αT}.</summary>
    public double? ErrorZ0VsAnalytic { get; init; }
    /// <summary>Relative error of ∂L/∂α against 2Tz₀²e^{2αT}.</summary>
    public double? ErrorAlphaVsAnalytic { get; init; }
    /// <summary>Relative error of ∂L/∂z₀ against the complex-step gradient of the steps taken.</summary>
    public double? ErrorZ0VsDiscrete { get; init; }
    /// <summary>Relative error of ∂L/∂α against the complex-step gradient of the steps taken.</summary>
    public double? ErrorAlphaVsDiscrete { get; init; }

    /// <summary>Accepted steps of the forward solve.</summary>
    public int AcceptedSteps { get; init; }
    /// <summary>Rejected trial steps of the forward solve.</summary>
    public int RejectedSteps { get; init; }
    /// <summary>Evaluations of f in the forward solve.</summary>
    public long ForwardEvaluations { get; init; }
    /// <summary>Evaluations of f in the backward pass (the adjoint's re-solve of z, ACA's step replays).</summary>
    public long BackwardEvaluations { get; init; }
    /// <summary>Vector-Jacobian products of f in the backward pass.</summary>
    public long BackwardVjps { get; init; }
    /// <summary>Bytes of gradient storage (ACA checkpoints, the naive tape; 0 for the adjoint).</summary>
    public long GradientMemoryBytes { get; init; }
    /// <summary>Fastest forward solve over the repeats, µs.</summary>
    public double SolveMicroseconds { get; init; }
    /// <summary>Fastest gradient (backward pass) over the repeats, µs.</summary>
    public double GradientMicroseconds { get; init; }
}
