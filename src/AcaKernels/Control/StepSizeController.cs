namespace AcaKernels.Control;

/// <summary>
/// Proportional-integral step-size controller on the scaled error norm err (accept when err ≤ 1):
/// h_new = h · clamp(safety · err^(−β₁/k) · err_prev^(β₂/k), minFactor, maxFactor), with k = q + 1 for an
/// error estimate of order q. β₂ = 0 gives the classic integral (I) controller of the reference code.
/// After a rejection the factor never exceeds 1.
/// </summary>
/// <remarks>G. Söderlind, "Automatic control and adaptive time-stepping", Numer. Algorithms 31 (2002);
/// Hairer and Wanner, <i>Solving ODEs II</i>, §IV.2 (PI control). Immutable.</remarks>
public sealed record StepSizeController
{
    /// <summary>Floor on the previous error, as in Hairer's codes, so one tiny error cannot explode the step.</summary>
    public const double PreviousErrorFloor = 1e-4;

    /// <summary>The integral controller of the paper's reference code: safety 0.9, factors in [0.2, 10].</summary>
    public static StepSizeController Integral { get; } = new() { Beta1 = 1.0, Beta2 = 0.0 };

    /// <summary>A PI controller (β₁ = 0.7, β₂ = 0.4): smoother step sequences, fewer rejections. The default.</summary>
    public static StepSizeController ProportionalIntegral { get; } = new() { Beta1 = 0.7, Beta2 = 0.4 };

    /// <summary>Safety factor applied to the optimal step.</summary>
    public double Safety { get; init; } = 0.9;

    /// <summary>Smallest factor by which one step may shrink the step size.</summary>
    public double MinFactor { get; init; } = 0.2;

    /// <summary>Largest factor by which one step may grow the step size.</summary>
    public double MaxFactor { get; init; } = 10.0;

    /// <summary>Integral gain β₁ (exponent of the current error, over k).</summary>
    public double Beta1 { get; init; } = 0.7;

    /// <summary>Proportional gain β₂ (exponent of the previous accepted error, over k).</summary>
    public double Beta2 { get; init; } = 0.4;

    /// <summary>Step factor after an accepted step with error <paramref name="error"/> ≤ 1.</summary>
    /// <remarks>The controller's exp and log are its own (<c>StepMath</c>), not Math.Exp/Log: the ensemble's SIMD lanes
    /// compute the same functions with the same bits, so a trajectory takes the same steps alone or in an ensemble.
    /// They agree with Math's to a few ulps.</remarks>
    public double AcceptFactor(double error, double previousError, int k) =>
        error == 0 ? MaxFactor : AcceptFactorFromLogs(StepMath.Log(error), StepMath.Log(previousError), k);

    /// <summary>
    /// <see cref="AcceptFactor"/> from log(err) and log(err_prev): safety·exp((β₂·log err_prev − β₁·log err)/k).
    /// The integrator keeps log(err) for the next step, so a step costs one log and one exp instead of two powers.
    /// </summary>
    public double AcceptFactorFromLogs(double logError, double logPreviousError, int k) =>
        StepRule.Clamp(UnclampedAcceptFactor(logError, logPreviousError, k), MinFactor, MaxFactor);

    /// <summary>The accept factor before clamping: the function the naive method differentiates.</summary>
    public double UnclampedAcceptFactor(double logError, double logPreviousError, int k) =>
        StepRule.UnclampedAcceptFactor(ControllerGains.Of(this, k), logError, logPreviousError);

    /// <summary>Step factor after a rejected step with error <paramref name="error"/> &gt; 1 (at most 1).</summary>
    public double RejectFactor(double error, int k) => StepRule.RejectFactor(ControllerGains.Of(this, k), error);

    /// <summary>The reject factor before clamping: safety·err^(−1/k).</summary>
    public double UnclampedRejectFactor(double error, int k) => StepRule.UnclampedRejectFactor(ControllerGains.Of(this, k), error);

    /// <summary>Throws when the settings cannot control a step.</summary>
    public void Validate()
    {
        if (!(Safety > 0 && Safety <= 1)) throw new ArgumentOutOfRangeException(nameof(Safety), Safety, "Safety must be in (0, 1].");
        if (!(MinFactor > 0 && MinFactor < 1)) throw new ArgumentOutOfRangeException(nameof(MinFactor), MinFactor, "MinFactor must be in (0, 1).");
        if (!(MaxFactor > 1)) throw new ArgumentOutOfRangeException(nameof(MaxFactor), MaxFactor, "MaxFactor must exceed 1.");
        if (!(Beta1 > 0) || !(Beta2 >= 0)) throw new ArgumentOutOfRangeException(nameof(Beta1), "Gains must satisfy β₁ > 0, β₂ ≥ 0.");
    }
}
