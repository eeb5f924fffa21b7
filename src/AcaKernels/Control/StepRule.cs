namespace AcaKernels.Control;

/// <summary>
/// The adaptive step logic of <see cref="Solving.Integrator{T, TDynamics}"/>, one small function per decision, each
/// with a scalar form (here) and a <see cref="System.Runtime.Intrinsics.Vector512{T}"/> form
/// (<c>StepRule.Lanes.cs</c>) that gives the same bits lane by lane: the same IEEE operations in the same order,
/// comparisons written as selects (never Math.Max/Min, whose NaN rules differ from the vector instructions'), exp
/// and log from <see cref="StepMath"/>. The single-trajectory integrator and the ensemble's lane engine both call
/// these, so a trajectory takes the same steps on either. Plain doubles in and out, no spans, no throws: a GPU
/// kernel can call the scalar form.
/// </summary>
/// <remarks>Error norm (including DOP853's combined estimate) lives in <see cref="ErrorNorm"/> with the same
/// two-form rule; the initial step (once per trajectory) is <see cref="InitialStepSize"/>'s, whose norms and probe
/// the lane engine takes eight trajectories at a time and whose final pow and clamp stay per lane.</remarks>
internal static partial class StepRule
{
    /// <summary>
    /// The step to try from t: clipped to land on the output time tOut when it would reach or pass it, otherwise
    /// the step t can represent, (t + h) − t (a state advanced by h while t moves by a rounded amount drifts).
    /// </summary>
    public static double StepToTry(double t, double h, double tOut, double direction, out bool clipped)
    {
        clipped = direction * (t + h - tOut) >= 0;
        return clipped ? tOut - t : (t + h) - t;
    }

    /// <summary>A trial is accepted when its scaled error norm is at most 1 (NaN is a rejection).</summary>
    public static bool Accepts(double error) => error <= 1.0;

    /// <summary>
    /// The PI factor after an accepted step: clamp(safety·exp((β₂·log err_prev − β₁·log err)/k), min, max), or the
    /// largest factor when err = 0.
    /// </summary>
    public static double AcceptFactor(in ControllerGains g, double error, double logError, double logPreviousError)
    {
        double raw = UnclampedAcceptFactor(g, logError, logPreviousError);
        return error == 0 ? g.MaxFactor : Clamp(raw, g.MinFactor, g.MaxFactor);
    }

    /// <summary>safety·exp((β₂·log err_prev − β₁·log err)/k): the function the naive method differentiates.</summary>
    /// <remarks>Computed as safety·exp(fma(−β₁/k, log err, (β₂/k)·log err_prev)): the gains over k are constants
    /// of the solve (their divisions leave the step's dependency chain), log err_prev is known a step early, so the
    /// chain from log err to exp is one fused multiply-add.</remarks>
    public static double UnclampedAcceptFactor(in ControllerGains g, double logError, double logPreviousError) =>
        g.Safety * StepMath.Exp(Math.FusedMultiplyAdd(-(g.Beta1 / g.K), logError, g.Beta2 / g.K * logPreviousError));

    /// <summary>log err_prev for the next step: log err floored at log(<see cref="StepSizeController.PreviousErrorFloor"/>).</summary>
    public static double NextLogPreviousError(double error, double logError, double logErrorFloor) =>
        error > StepSizeController.PreviousErrorFloor ? logError : logErrorFloor;

    /// <summary>
    /// The next step after an accepted one: h_try·factor, but never below the step proposed before a clip to an
    /// output time (a shortened step says nothing about the error), clamped to [minStep, maxStep] in magnitude.
    /// </summary>
    public static double NextStep(double hTry, double factor, bool clipped, double h, double direction, double minStep, double maxStep)
    {
        double hNext = hTry * factor;
        hNext = clipped && Abs(hNext) < Abs(h) ? h : hNext;
        return direction * Clamp(Abs(hNext), minStep, maxStep);
    }

    /// <summary>The factor after a rejection: clamp(safety·err^(−1/k), min, 1); the smallest for a non-finite error.</summary>
    public static double RejectFactor(in ControllerGains g, double error)
    {
        double raw = UnclampedRejectFactor(g, error);
        return error < double.PositiveInfinity ? Clamp(raw, g.MinFactor, 1.0) : g.MinFactor;
    }

    /// <summary>safety·err^(−1/k) as safety·exp(log err · (−1/k)): the function the naive method differentiates.</summary>
    public static double UnclampedRejectFactor(in ControllerGains g, double error) => UnclampedRejectFactorFromLog(g, StepMath.Log(error));

    /// <summary><see cref="UnclampedRejectFactor(in ControllerGains, double)"/> from log err (the accept test already took it).</summary>
    public static double UnclampedRejectFactorFromLog(in ControllerGains g, double logError) =>
        g.Safety * StepMath.Exp(logError * (-1.0 / g.K));

    /// <summary>
    /// The step after a rejection, h_try·factor, and whether it can be taken: at least minStep, and the step t can
    /// represent, (t + h) − t, neither 0 nor as large as the rejected step (else it would retry that step forever).
    /// </summary>
    public static double ShrunkStep(in ControllerGains g, double t, double hTry, double error, double minStep, out bool canShrink)
    {
        double h = hTry * RejectFactor(g, error);
        double representable = (t + h) - t;
        canShrink = Abs(h) >= minStep && representable != 0 && Abs(representable) < Abs(hTry);
        return h;
    }

    /// <summary>FSAL: the last stage is f(t + h, zNew) and is k₀ of the next step unless clipping moved t by rounding.</summary>
    public static bool ReusesLastStage(bool fsal, double t, double hTry, double tNext) => fsal && tNext == t + hTry;

    /// <summary>x clamped to [low, high] by compare-and-select (NaN stays NaN).</summary>
    public static double Clamp(double x, double low, double high)
    {
        x = x < low ? low : x;
        return x > high ? high : x;
    }

    private static double Abs(double x) => Math.Abs(x);
}
