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
    /// How far short of an output time a step may end and still be stretched to land on it, as a fraction of the
    /// step: <see cref="StepToTry(double, double, double, double, out bool)"/>'s slack.
    /// </summary>
    /// <remarks>
    /// <para>Without a slack a fixed step h = 0.1 on [0, 1] ends its tenth step at t = 0.9999999999999999 and a
    /// sliver step of 1e-16 follows: an extra f evaluation, checkpoint and counted step, and (where an adaptive
    /// step meets an output time the same way) a near-zero error fed to the controller. t moves by one rounded
    /// addition per step, so after N steps it is off by up to N·ulp(t)/2, relative to h N·ulp(t)/(2h): 2e-9 for
    /// h = 0.1 on [1e6, 1e6 + 1], 6e-5 for h = 1e-3 there. A slack of 1e-4·h absorbs such drift and stretches the
    /// last step by at most that much (its local error by well under 0.1 %). Of the steps h = 1/N, N ≤ 2000, every
    /// one takes exactly N steps on [0, 1], [1, 2] and [1000, 1001], and on [1e6, 1e6 + 1] every N up to 1357
    /// (without a slack about half of all N take N + 1; a slack of 1e-6 would hold only up to N = 133).</para>
    /// <para>Established solvers: Hairer's DOPRI5 stretches by up to 1 % (<c>x + 1.01·h</c> passing xend);
    /// OrdinaryDiffEq.jl snaps to a tstop within 100·eps(t) (too tight for the drift above at t = 1e6); Diffrax
    /// clips within an absolute 1e-10 (too tight in ulps at large t, too loose for tiny spans). A relative slack
    /// is Hairer's rule; 1e-4 rather than 1e-2 because an adaptive step ends at an arbitrary place before an output
    /// time, so the rule changes an adaptive run's steps with probability about the slack per output time
    /// reached, mostly by one step fewer (the Lorenz ensemble benchmark: 5 of 65 536 trajectories, 4 221 109
    /// accepted steps become 4 221 104), where a step of at most 1e-4·h would have followed.</para>
    /// <para>Every engine (scalar, lanes, GPU kernels) and the native comparators in benchmarks/native take this
    /// same rule, so a trajectory's steps stay the same bits everywhere.</para>
    /// </remarks>
    public const double EndSlack = 1e-4;

    /// <summary>
    /// The step to try from t: clipped to land on the output time tOut when it would reach or pass it, or end
    /// short of it by at most <see cref="EndSlack"/>·|h| (rounding, not a step: no sliver step follows);
    /// otherwise the step t can represent, (t + h) − t (a state advanced by h while t moves by a rounded amount
    /// drifts).
    /// </summary>
    public static double StepToTry(double t, double h, double tOut, double direction, out bool clipped)
    {
        clipped = direction * (t + h - tOut) >= -EndSlack * Abs(h);
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
