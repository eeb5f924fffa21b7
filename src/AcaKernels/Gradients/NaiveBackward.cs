using System.Numerics;
using AcaKernels.Control;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Gradients;

/// <summary>
/// Reverse mode through the whole forward pass as a tape-based framework would do it: every trial step, the
/// error norms, the step-size controller (accept and reject factors, the PI memory), the clipping of steps to
/// output times and the time variable. Rejected trials contribute through the step sizes they chose. Only the
/// starting step (Hairer's heuristic) is treated as a constant.
/// </summary>
/// <remarks>This is the paper's "naive" baseline (Zhuang et al., ICML 2020, §3.2): the gradient of everything
/// computed, at the cost of keeping everything.
/// The map it differentiates is the whole computed solve as a function of (z₀, θ, t₀, t_end): every trial with
/// its discrete decisions frozen (accept or reject, clipped or not, which clamp of the controller is active,
/// restored proposal, FSAL reuse) and the starting step h₀ held at its computed value. Hairer's h₀ does depend on
/// t₀, z₀ and θ through f; like a framework that does not record the heuristic, the map takes it as a constant,
/// for all four derivatives alike (an explicit <see cref="OdeOptions.InitialStep"/> is a true constant).
/// t₀ is the first trial's start time and reaches everything computed from it: later start and stage times,
/// the length tOut − t of every clipped trial, and through those lengths the controller's later proposals.
/// t_end enters through every trial heading for it that was clipped (h = t_end − t) and as the time the last
/// accepted step lands on. Both are read off the time adjoint the reverse sweep already carries.</remarks>
internal static class NaiveBackward<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>
    /// Writes ∂L/∂z₀ and ∂L/∂p, given the seeds ∂L/∂z(t_k) laid out like the outputs, and returns ∂L/∂t₀ and
    /// ∂L/∂t_end of the map described on the type.
    /// </summary>
    public static void Run(IntegrationWorkspace<T> ws, NaiveTape<T> tape, ReadOnlySpan<T> p, ReadOnlySpan<T> seeds,
        Span<T> gradZ0, Span<T> gradP, out double gradT0, out double gradTEnd)
    {
        OdeOptions o = ws.Options;
        RungeKuttaCoefficients<T> rk = ws.Rk;
        StepSizeController controller = o.Controller;
        int n = ws.N, k = rk.Tableau.ErrorOrder + 1;
        bool adaptive = o.IsAdaptive, dop853 = rk.Error2.Length != 0;
        Span<T> scratch = tape.Scratch;
        Span<T> zBar = scratch.Slice(0, n), zBarIn = scratch.Slice(n, n), zNewBar = scratch.Slice(2 * n, n);
        Span<T> errorBar = scratch.Slice(3 * n, n), error2Bar = scratch.Slice(4 * n, n);
        Span<T> zNew = scratch.Slice(5 * n, n), error = scratch.Slice(6 * n, n), error2 = scratch.Slice(7 * n, n);
        ref SolverStatistics stats = ref ws.Statistics;

        zBar.Clear();
        gradP.Clear();
        double tBar = 0, hBar = 0, previousErrorBar = 0;
        ReadOnlySpan<int> outputTrials = tape.OutputTrials;
        int output = outputTrials.Length - 1;
        // Trials from this index on head for t_end (the ones before reached the previous output time).
        int lastLeg = outputTrials[output - 1];
        gradTEnd = 0;
        for (int j = tape.Count - 1; j >= 0; j--)
        {
            while (output >= 0 && outputTrials[output] == j + 1) AddSeed(zBar, seeds, output--, n);
            ref readonly TrialRecord trial = ref tape.Trial(j);
            ReadOnlySpan<T> z = tape.StateOf(j), stages = tape.Stages(j);
            double step = trial.Step, stepBar = 0, errorNormBar = 0, proposedBar = 0, tBarIn;

            if (trial.Accepted)
            {
                zBar.CopyTo(zNewBar);
                // t' = clipped ? tOut : t + h.
                tBarIn = trial.Clipped ? 0 : tBar;
                if (trial.Clipped && j >= lastLeg) gradTEnd += tBar;
                if (!trial.Clipped) stepBar += tBar;
                if (adaptive)
                {
                    // The same function the forward pass evaluated (PreviousError is already floored there).
                    double raw = trial.ErrorNorm == 0 ? double.PositiveInfinity
                        : controller.UnclampedAcceptFactor(StepMath.Log(trial.ErrorNorm), StepMath.Log(trial.PreviousError), k);
                    double factor = Math.Clamp(raw, controller.MinFactor, controller.MaxFactor);
                    double hNext = step * factor;
                    bool restored = trial.Clipped && Math.Abs(hNext) < Math.Abs(trial.ProposedStep);
                    double magnitude = restored ? Math.Abs(trial.ProposedStep) : Math.Abs(hNext);
                    bool bounded = magnitude < o.MinStep || magnitude > o.MaxStep;
                    double previousErrorBarIn = 0;
                    if (!bounded)
                    {
                        if (restored) proposedBar += hBar;
                        else
                        {
                            stepBar += hBar * factor;
                            double factorBar = hBar * step;
                            if (raw > controller.MinFactor && raw < controller.MaxFactor)
                            {
                                errorNormBar += factorBar * raw * (-controller.Beta1 / k) / trial.ErrorNorm;
                                previousErrorBarIn = factorBar * raw * (controller.Beta2 / k) / trial.PreviousError;
                            }
                        }
                    }
                    // previousError' = max(err, floor).
                    if (trial.ErrorNorm > StepSizeController.PreviousErrorFloor) errorNormBar += previousErrorBar;
                    previousErrorBar = previousErrorBarIn;
                }
            }
            else
            {
                zNewBar.Clear();
                tBarIn = tBar;
                // h' = h · clamp(safety · err^(−1/k), minFactor, 1).
                double raw = controller.UnclampedRejectFactor(trial.ErrorNorm, k);
                double factor = controller.RejectFactor(trial.ErrorNorm, k);
                stepBar += hBar * factor;
                if (double.IsFinite(trial.ErrorNorm) && raw > controller.MinFactor && raw < 1.0)
                    errorNormBar += hBar * step * raw * (-1.0 / k) / trial.ErrorNorm;
            }

            errorBar.Clear();
            error2Bar.Clear();
            zBarIn.Clear();
            if (errorNormBar != 0)
            {
                RungeKuttaStepper<T, TDynamics>.Rebuild(rk, step, z, stages, zNew, error, error2);
                NormBackward(ws, dop853, trial.ErrorNorm, errorNormBar, z, zNew, error, error2, errorBar, error2Bar, zBarIn, zNewBar);
            }
            // zBarIn holds the scale's share; the step's VJP writes into a copy-free second buffer.
            Span<T> stepIn = ws.Trial;
            T stepGradient = RungeKuttaStepper<T, TDynamics>.TrialStepVjp(rk, trial.Time, step, z, p, stages, zNewBar,
                errorNormBar != 0 ? errorBar : ReadOnlySpan<T>.Empty,
                dop853 && errorNormBar != 0 ? error2Bar : ReadOnlySpan<T>.Empty,
                stepIn, gradP, ws.VjpScratch, out T timeGradient);
            stats.BackwardVjps += rk.Stages;
            stepBar += double.CreateTruncating(stepGradient);
            tBarIn += double.CreateTruncating(timeGradient);
            // h = clipped ? tOut − t : proposal.
            if (trial.Clipped)
            {
                tBarIn -= stepBar;
                if (j >= lastLeg) gradTEnd += stepBar;
            }
            else proposedBar += stepBar;

            if (trial.Accepted)
                for (int i = 0; i < n; i++) zBar[i] = stepIn[i] + zBarIn[i];
            else
                for (int i = 0; i < n; i++) zBar[i] += stepIn[i] + zBarIn[i];
            tBar = tBarIn;
            hBar = proposedBar;
        }
        while (output >= 0) AddSeed(zBar, seeds, output--, n);
        zBar.CopyTo(gradZ0);
        // What is left on the time variable is its adjoint at the first trial's start: t₀ (h₀ is a constant).
        gradT0 = tBar;
    }

    private static void AddSeed(Span<T> zBar, ReadOnlySpan<T> seeds, int output, int n)
    {
        ReadOnlySpan<T> seed = seeds.Slice(output * n, n);
        for (int i = 0; i < n; i++) zBar[i] += seed[i];
    }

    /// <summary>Pulls ∂L/∂err back onto the error vectors, z and zNew (through the scale sc = atol + rtol·max(|z|, |zNew|)).</summary>
    private static void NormBackward(IntegrationWorkspace<T> ws, bool dop853, double norm, double normBar,
        ReadOnlySpan<T> z, ReadOnlySpan<T> zNew, ReadOnlySpan<T> error, ReadOnlySpan<T> error2,
        Span<T> errorBar, Span<T> error2Bar, Span<T> zBar, Span<T> zNewBar)
    {
        int n = z.Length;
        ReadOnlySpan<double> atol = ws.AbsoluteTolerances, rtol = ws.RelativeTolerances;
        double d5 = 0, d3 = 0; // ∂norm/∂(Σr5²), ∂norm/∂(Σr3²)
        if (dop853)
        {
            double e5 = 0, e3 = 0;
            for (int j = 0; j < n; j++)
            {
                double sc = Scale(z[j], zNew[j], atol[j], rtol[j]);
                double r5 = double.CreateTruncating(error[j]) / sc, r3 = double.CreateTruncating(error2[j]) / sc;
                e5 += r5 * r5;
                e3 += r3 * r3;
            }
            double denominator = e5 + 0.01 * e3;
            if (denominator <= 0) return;
            double root = Math.Sqrt(n * denominator);
            d5 = (1 - e5 / (2 * denominator)) / root;
            d3 = -0.005 * e5 / (denominator * root);
        }
        else if (norm > 0) d5 = 1.0 / (2 * n * norm);
        else return;

        for (int j = 0; j < n; j++)
        {
            double zj = double.CreateTruncating(z[j]), zNewJ = double.CreateTruncating(zNew[j]);
            double sc = Scale(z[j], zNew[j], atol[j], rtol[j]);
            double r5 = double.CreateTruncating(error[j]) / sc;
            double r5Bar = normBar * d5 * 2 * r5, scBar = -r5Bar * r5 / sc;
            errorBar[j] = T.CreateTruncating(r5Bar / sc);
            if (dop853)
            {
                double r3 = double.CreateTruncating(error2[j]) / sc;
                double r3Bar = normBar * d3 * 2 * r3;
                error2Bar[j] = T.CreateTruncating(r3Bar / sc);
                scBar -= r3Bar * r3 / sc;
            }
            if (Math.Abs(zj) >= Math.Abs(zNewJ)) zBar[j] += T.CreateTruncating(scBar * rtol[j] * Math.Sign(zj));
            else zNewBar[j] += T.CreateTruncating(scBar * rtol[j] * Math.Sign(zNewJ));
        }
    }

    private static double Scale(T z, T zNew, double atol, double rtol) =>
        atol + rtol * Math.Max(Math.Abs(double.CreateTruncating(z)), Math.Abs(double.CreateTruncating(zNew)));
}
