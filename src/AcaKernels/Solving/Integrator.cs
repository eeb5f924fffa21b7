using System.Numerics;
using AcaKernels.Control;
using System.Runtime.CompilerServices;
using AcaKernels.Stepping;

namespace AcaKernels.Solving;

/// <summary>
/// The adaptive (or fixed-step) Runge-Kutta loop: trial step, error norm, accept or reject, controller, and
/// steps clipped to land exactly on every requested output time. Allocation-free; what a gradient method
/// keeps of the forward pass goes through the recorder. For Dormand-Prince 5(4) it also runs Hairer's
/// stiffness test on his schedule (<see cref="OdeOptions.StiffnessTestInterval"/>), so that a solve stopped by a
/// limit can say the problem is stiff.
/// </summary>
internal static class Integrator<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>
    /// Integrates from times[0] through every times[k], writing z(times[k]) into outputs[k·n..]. The times must
    /// be strictly monotone (checked by the caller).
    /// </summary>
    public static SolveResult Run<TRecorder>(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs, ref TRecorder recorder)
        where TRecorder : struct, IStepRecorder<T>
    {
        // The hot loop is kept small: set-up, rejections and failures live in separate methods, so the JIT's
        // inlining budget goes to the per-step calls (span conversions, norm, checkpoint store).
        SolveResult start = Start(ws, z0, p, times, outputs, ref recorder, out double h);
        if (!start.IsSuccess) return start;

        OdeOptions o = ws.Options;
        RungeKuttaCoefficients<T> rk = ws.Rk;
        int n = ws.N, s = rk.Stages;
        bool adaptive = o.IsAdaptive, fsal = rk.Tableau.IsFsal, dop853 = rk.Error2.Length != 0;
        int k = rk.Tableau.ErrorOrder + 1;
        ControllerGains gains = ControllerGains.Of(o.Controller, k);
        double minStep = o.MinStep, maxStep = o.MaxStep;
        int maxSteps = o.MaxSteps, stiffnessTestInterval = o.StiffnessTestInterval;
        ReadOnlySpan<double> atol = ws.AbsoluteTolerances, rtol = ws.RelativeTolerances;
        Span<T> z = ws.State, zNew = ws.Trial, stages = ws.Stages, error = ws.Error, error2 = ws.Error2;
        Span<T> k0 = stages.Slice(0, n);
        ref SolverStatistics stats = ref ws.Statistics;

        double t = times[0];
        double direction = times[^1] > t ? 1.0 : -1.0;
        double previousError = 1.0, logPreviousError = 0.0;
        double logErrorFloor = ControllerGains.LogErrorFloor;
        int accepted = 0, trials = 0;
        bool detectStiffness = StiffnessDetector.AppliesTo(rk.Tableau, adaptive);
        var stiffness = new StiffnessDetector();
        for (int output = 1; output < times.Length; output++)
        {
            double tOut = times[output];
            while (true)
            {
                if (trials >= maxSteps)
                    return Stopped(OdeStatus.MaxStepsExceeded, t, h, accepted, stiffness, stats);
                // Unclipped, the step t can represent: t + h rounds (to a multiple of 1.2e-7 at t = 1e9), and a state
                // advanced by h while t moved by the rounded amount drifts from the true solution step after step
                // (5e-5 relative at rtol 1e-10 from t0 = 1e9). (t + h) − t is exact when |h| ≤ |t| (otherwise within an ulp).
                double hTry = StepRule.StepToTry(t, h, tOut, direction, out bool clipped);
                // A step below the resolution of t (t + h rounds back to t, e.g. h = 1e-9 at t = 1.7e9 s) changes
                // nothing, passes the error test with error 0, and 0 × any factor stays 0: without this stop the solve
                // accepts empty steps until MaxSteps, and says to raise it.
                if (hTry == 0) return Stopped(OdeStatus.StepSizeUnderflow, t, h, accepted, stiffness, stats);

                RungeKuttaStepper<T, TDynamics>.TrialStep(rk, t, hTry, z, p, stages, zNew, error, error2);
                stats.ForwardEvaluations += s - 1;
                trials++;

                double factor = 1.0;
                if (adaptive)
                {
                    double logError = 0;
                    double err = dop853 ? ErrorNorm.Dop853<T>(error, error2, z, zNew, atol, rtol)
                                        : ErrorNorm.RmsAndLog<T>(error, z, zNew, atol, rtol, out logError);
                    bool accept = StepRule.Accepts(err);
                    if (TRecorder.RecordsTrials
                        && !recorder.Trial(new TrialRecord(t, h, hTry, tOut, clipped, accept, err, previousError), z, stages))
                        return Stopped(recorder.FullStatus, t, hTry, accepted, stiffness, stats);
                    if (!accept)
                    {
                        if (!Reject(ws, gains, t, hTry, err, accepted, zNew, stiffness, out h, out SolveResult failure)) return failure;
                        continue;
                    }
                    if (dop853) logError = StepMath.Log(err);
                    factor = StepRule.AcceptFactor(gains, err, logError, logPreviousError);
                    previousError = Math.Max(err, StepSizeController.PreviousErrorFloor);
                    logPreviousError = StepRule.NextLogPreviousError(err, logError, logErrorFloor);
                }
                else
                {
                    if (!FixedStepIsFinite(ws, t + hTry, accepted, zNew, out SolveResult failure)) return failure;
                    if (TRecorder.RecordsTrials
                        && !recorder.Trial(new TrialRecord(t, h, hTry, tOut, clipped, true, 0.0, 1.0), z, stages))
                        return Stopped(recorder.FullStatus, t, hTry, accepted, stiffness, stats);
                }

                if (!recorder.Accept(t, hTry, z))
                    return Stopped(recorder.FullStatus, t, hTry, accepted, stiffness, stats);
                if (detectStiffness && stiffness.TestsStep(accepted + 1, stiffnessTestInterval))
                    stiffness.Observe(StiffnessDetector.Ratio<T>(stages, n));
                accepted++;
                stats.AcceptedSteps++;
                Span<T> swap = z;
                z = zNew;
                zNew = swap;
                double tNext = clipped ? tOut : t + hTry;
                // FSAL: the last stage is f(t + h, zNew); reuse it unless clipping moved t by rounding.
                if (StepRule.ReusesLastStage(fsal, t, hTry, tNext))
                    SmallCopy.Copy<T>(stages.Slice((s - 1) * n, n), k0);
                else
                {
                    TDynamics.Evaluate(T.CreateTruncating(tNext), z, p, k0);
                    stats.ForwardEvaluations++;
                }
                t = tNext;

                // A step shortened to hit an output says nothing about the step the error allows.
                if (adaptive) h = StepRule.NextStep(hTry, factor, clipped, h, direction, minStep, maxStep);
                if (clipped)
                {
                    SmallCopy.Copy<T>(z, outputs.Slice(output * n, n));
                    recorder.Output(output, accepted);
                    break;
                }
            }
        }
        // Keep the final state in ws.State whichever buffer holds it.
        if (z != ws.State.AsSpan()) z.CopyTo(ws.State);
        return new SolveResult(OdeStatus.Success, t, accepted, -1, stats);
    }

    /// <summary>Copies z₀, evaluates k₀ = f(t₀, z₀), checks both are finite and chooses the first step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SolveResult Start<TRecorder>(IntegrationWorkspace<T> ws, ReadOnlySpan<T> z0, ReadOnlySpan<T> p,
        ReadOnlySpan<double> times, Span<T> outputs, ref TRecorder recorder, out double h)
        where TRecorder : struct, IStepRecorder<T>
    {
        OdeOptions o = ws.Options;
        int n = ws.N;
        Span<T> z = ws.State, k0 = ws.Stages.AsSpan(0, n);
        ref SolverStatistics stats = ref ws.Statistics;
        stats = default;
        recorder.Reset(times.Length);
        z0.CopyTo(z);
        z0.CopyTo(outputs.Slice(0, n));
        recorder.Output(0, 0);
        double t = times[0];
        double direction = times[^1] > t ? 1.0 : -1.0;

        TDynamics.Evaluate(T.CreateTruncating(t), z, p, k0);
        stats.ForwardEvaluations++;
        int bad = ErrorNorm.FirstNonFinite(ReadOnlySpan<T>.Empty, k0);
        if (bad < 0) bad = ErrorNorm.FirstNonFinite(ReadOnlySpan<T>.Empty, z);
        h = 0;
        if (bad >= 0) return SolveResult.Failure(OdeStatus.NonFiniteState, t, 0, bad, stats);

        if (o.FixedStep is { } fixedStep) h = fixedStep;
        else if (o.InitialStep is { } initialStep) h = initialStep;
        else
        {
            h = InitialStepSize.Hairer<T, TDynamics>(t, direction, z, k0, p, ws.AbsoluteTolerances, ws.RelativeTolerances,
                ws.Rk.Tableau.ErrorOrder + 1, ws.Trial, ws.Stages.AsSpan(n, n));
            stats.ForwardEvaluations++;
        }
        h = direction * Math.Clamp(h, o.MinStep, o.MaxStep);
        return new SolveResult(OdeStatus.Success, t, 0, -1, stats);
    }

    /// <summary>
    /// The result of a solve stopped by a limit (steps, step size, gradient memory): <see cref="OdeStatus.LikelyStiff"/>
    /// with the limit as its cause when the stiffness test is firing, the limit itself otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SolveResult Stopped(OdeStatus limit, double t, double h, int accepted, in StiffnessDetector stiffness,
        in SolverStatistics stats) =>
        SolveResult.Failure(stiffness.Detected ? OdeStatus.LikelyStiff : limit, t, accepted, -1, stats) with
        {
            StepSize = Math.Abs(h),
            Cause = limit,
        };

    /// <summary>Shrinks the step after a failed error test; false (with the failure) when it cannot shrink further.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Reject(IntegrationWorkspace<T> ws, in ControllerGains gains, double t, double hTry, double err, int accepted,
        ReadOnlySpan<T> trial, in StiffnessDetector stiffness, out double h, out SolveResult failure)
    {
        ref SolverStatistics stats = ref ws.Statistics;
        stats.RejectedSteps++;
        failure = default;
        // Steps are what t can represent, (t + h) − t: a shrink that rounds back to the rejected step (or to 0)
        // cannot shrink at all, and would otherwise retry the same step until MaxSteps.
        h = StepRule.ShrunkStep(gains, t, hTry, err, ws.Options.MinStep, out bool canShrink);
        if (canShrink) return true;
        int component = ErrorNorm.FirstNonFinite<T>(ws.Error, trial);
        failure = component >= 0
            ? SolveResult.Failure(OdeStatus.NonFiniteState, t, accepted, component, stats) with { StepSize = Math.Abs(hTry) }
            : Stopped(OdeStatus.StepSizeUnderflow, t, hTry, accepted, stiffness, stats);
        return false;
    }

    /// <summary>A fixed step is accepted unless it produced a non-finite state.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FixedStepIsFinite(IntegrationWorkspace<T> ws, double tEnd, int accepted, ReadOnlySpan<T> trial,
        out SolveResult failure)
    {
        int component = ErrorNorm.FirstNonFinite<T>(ReadOnlySpan<T>.Empty, trial);
        failure = component >= 0 ? SolveResult.Failure(OdeStatus.NonFiniteState, tEnd, accepted, component, ws.Statistics) : default;
        return component < 0;
    }
}
