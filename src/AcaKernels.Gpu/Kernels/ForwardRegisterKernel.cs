using AcaKernels.Control;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// <see cref="ForwardKernel"/> over the stepper's register form (<see cref="IGpuRegisterTrialStepper{T, TState, TParameters}"/>):
/// z, z_new, k₀, θ, the error estimates and every stage in registers (struct fields passed by value), so the adaptive
/// loop touches no per-thread array; outputs, checkpoints and statuses are the same global buffers in the same
/// layouts. Every decision is the view kernel's, statement for statement (the step spec, its kernel-safe twins, the
/// register twins of the error norm and initial step in <see cref="GpuRegisterErrorNorm"/>), so on ILGPU's CPU
/// accelerator the same bits.
/// </summary>
/// <remarks>
/// <para>The ensemble solver and the build-time kernel compiler take this kernel for steppers that have the register
/// trial step (systems with a straight-line f, θ in registers too; loop-form systems with a small state, θ read from
/// device memory through <see cref="GpuParameterView{T}"/>) and <see cref="ForwardKernel"/> for the others; both have
/// the same parameters, so the launch code and the argument layouts do not depend on which.</para>
/// <para>Why the step loop has a single latch (accepted and rejected trials meet before the one back edge) instead of
/// <c>continue</c> after a rejection: ILGPU 1.5.3's OpenCL C generator miscompiles a loop-carried value that reaches the
/// loop head unchanged on one of several back edges. Such an edge binds the head's phi to itself; ILGPU saves the old
/// value in a temporary there ("intermediate phi") and then, in every block it emits afterwards, reads that
/// temporary wherever a phi takes the value as input (its table of temporaries is per function, not per block as in
/// its PTX generator). With <c>continue</c>, z's components reached the error norm's component switch through that
/// temporary, assigned only on the rejection edge: a stale or never-written z in the error scale, so step sizes and
/// results on PoCL varied from run to run at the rtol level (RESULTS.md §4). With one latch each edge binds a merge
/// phi, never a phi to itself; RegisterKernelDeterminismTests checks the OpenCL C for such self-bindings. PTX is not affected.</para>
/// <para>Why <c>if (!accept) { reject } else { accept }</c> and not the other way round: for a branch on the negation of a
/// float comparison ILGPU inverts the comparison (err ≤ 1 becomes err &gt; 1, flagged unordered), and its OpenCL C
/// generator drops the unordered flag, so a NaN error (a poisoned trajectory) took the accept branch on PoCL and ran to
/// MaxStepsExceeded instead of failing with NonFiniteState (MixedFailureTests). Written this way the branch tests
/// err ≤ 1 itself, as the array kernel's <c>if (!StepRule.Accepts(err))</c> does.</para>
/// </remarks>
internal static class ForwardRegisterKernel
{
    public static void Run<T, TStepper, TReal, TState, TParameters>(Index1D index, GpuKernelSettings s, ArrayView<T> z0, ArrayView<T> p,
        ArrayView<double> times, ArrayView<int> rows, ArrayView<double> tolerances, ArrayView<T> outputs,
        ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps,
        ArrayView<int> status, ArrayView<double> statusTimes)
        where T : unmanaged
        where TStepper : struct, IGpuRegisterTrialStepper<T, TState, TParameters>
        where TReal : struct, IGpuReal<T>
        where TState : struct, IGpuRegisterVector<T, TState>
        where TParameters : struct, IGpuParameters<T, TParameters>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize;
        TParameters theta = TParameters.Load(p, s.SharedParameters != 0 ? 0 : (long)b * m);

        int row0 = rows[b], count = rows[b + 1] - row0, timeBase = s.SharedTimes != 0 ? 0 : row0;
        TState z = TState.Load(z0, (long)b * n, 1);
        TState.Store(z, outputs, (long)row0 * n, 1);
        outputSteps[row0] = 0;
        double t = times[timeBase];
        double direction = times[timeBase + count - 1] > t ? 1.0 : -1.0;

        TState k0 = TStepper.Evaluate(t, z, theta);
        int evaluations = 1;
        int bad = GpuRegisterErrorNorm.FirstNonFinite<T, TReal, TState>(k0, k0, n, false);
        if (bad < 0) bad = GpuRegisterErrorNorm.FirstNonFinite<T, TReal, TState>(z, z, n, false);
        if (bad >= 0)
        {
            ForwardKernel.Fail<T, TReal>(b, OdeStatus.NonFiniteState, t, double.NaN, 0, bad, 0, evaluations, status, statusTimes, outputs, row0, 1, count, n);
            return;
        }

        bool adaptive = s.Adaptive != 0;
        double h;
        if (!adaptive) h = s.FixedStep;
        else if (s.InitialStep > 0) h = s.InitialStep;
        else
        {
            h = GpuRegisterErrorNorm.InitialStep<T, TStepper, TReal, TState, TParameters>(t, direction, z, k0, theta, tolerances,
                TStepper.ErrorOrder + 1);
            evaluations++;
        }
        h = direction * StepRule.Clamp(h, s.MinStep, s.MaxStep);

        ControllerGains gains = s.Gains;
        bool fsal = TStepper.IsFsal, dop853 = TStepper.HasSecondErrorEstimate;
        int stageCount = TStepper.Stages;
        double logPreviousError = 0.0;
        double minusHalfLogLength = GpuErrorNorm.MinusHalfLogLength(n);
        int accepted = 0, rejected = 0, trials = 0;
        for (int output = 1; output < count; output++)
        {
            double tOut = times[timeBase + output];
            while (true)
            {
                if (trials >= s.MaxSteps)
                {
                    ForwardKernel.Fail<T, TReal>(b, OdeStatus.MaxStepsExceeded, t, Math.Abs(h), accepted, -1, rejected, evaluations, status,
                        statusTimes, outputs, row0, output, count, n);
                    return;
                }
                (double hTry, bool clipped) = GpuStepRule.StepToTry(t, h, tOut, direction);
                if (hTry == 0) // below the resolution of t: as the CPU engines, StepSizeUnderflow rather than empty steps until MaxSteps
                {
                    ForwardKernel.Fail<T, TReal>(b, OdeStatus.StepSizeUnderflow, t, Math.Abs(h), accepted, -1, rejected, evaluations, status,
                        statusTimes, outputs, row0, output, count, n);
                    return;
                }
                TState zNew = TStepper.TrialStep(t, hTry, z, theta, k0, out TState last, out TState error, out TState error2);
                evaluations += stageCount - 1;
                trials++;

                double factor = 1.0;
                bool accept = true;
                if (adaptive)
                {
                    double logError = 0;
                    double err = dop853
                        ? GpuRegisterErrorNorm.Dop853<T, TReal, TState>(error, error2, z, zNew, tolerances, n)
                        : GpuRegisterErrorNorm.RmsAndLog<T, TReal, TState>(error, z, zNew, tolerances, n, minusHalfLogLength, out logError);
                    accept = StepRule.Accepts(err);
                    // Rejection first (a branch on accept itself, not on its negation: see the remarks on NaN errors).
                    if (!accept)
                    {
                        rejected++;
                        (h, bool canShrink) = GpuStepRule.ShrunkStep(gains, t, hTry, err, s.MinStep);
                        if (!canShrink)
                        {
                            int component = GpuRegisterErrorNorm.FirstNonFinite<T, TReal, TState>(error, zNew, n, true);
                            ForwardKernel.Fail<T, TReal>(b, component >= 0 ? OdeStatus.NonFiniteState : OdeStatus.StepSizeUnderflow, t,
                                Math.Abs(hTry), accepted, component, rejected, evaluations, status, statusTimes, outputs, row0, output, count, n);
                            return;
                        }
                    }
                    else
                    {
                        // As the integrator: DOP853's log from its norm, the RMS norm's from its sum of squares (above).
                        if (dop853) logError = GpuStepMath.Log(err);
                        factor = GpuStepRule.AcceptFactor(gains, err, logError, logPreviousError);
                        logPreviousError = StepRule.NextLogPreviousError(err, logError, s.LogErrorFloor);
                    }
                }
                else
                {
                    int component = GpuRegisterErrorNorm.FirstNonFinite<T, TReal, TState>(error, zNew, n, false);
                    if (component >= 0)
                    {
                        ForwardKernel.Fail<T, TReal>(b, OdeStatus.NonFiniteState, t + hTry, double.NaN, accepted, component, rejected,
                            evaluations, status, statusTimes, outputs, row0, output, count, n);
                        return;
                    }
                }

                if (accept)
                {
                    if (s.CheckpointCapacity > 0)
                    {
                        if (accepted >= s.CheckpointCapacity)
                        {
                            ForwardKernel.Fail<T, TReal>(b, OdeStatus.CheckpointCapacityExceeded, t, Math.Abs(hTry), accepted, -1, rejected,
                                evaluations, status, statusTimes, outputs, row0, output, count, n);
                            return;
                        }
                        // [step][component][trajectory] and [step][t or h][trajectory]: coalesced across threads.
                        long B = s.Trajectories;
                        checkpointSteps[(2L * accepted) * B + b] = t;
                        checkpointSteps[(2L * accepted + 1) * B + b] = hTry;
                        TState.Store(z, checkpointStates, (long)accepted * n * B + b, B);
                    }
                    accepted++;
                    z = zNew;
                    double tNext = clipped ? tOut : t + hTry;
                    if (StepRule.ReusesLastStage(fsal, t, hTry, tNext))
                    {
                        k0 = last;
                    }
                    else
                    {
                        k0 = TStepper.Evaluate(tNext, z, theta);
                        evaluations++;
                    }
                    t = tNext;

                    if (adaptive) h = StepRule.NextStep(hTry, factor, clipped, h, direction, s.MinStep, s.MaxStep);
                    if (clipped)
                    {
                        TState.Store(z, outputs, (long)(row0 + output) * n, 1);
                        outputSteps[row0 + output] = accepted;
                    }
                }
                // One latch for accepted and rejected trials (& not &&: one block, one back edge; see the remarks).
                if (accept & clipped) break;
            }
        }
        ForwardKernel.Write(b, OdeStatus.Success, t, double.NaN, accepted, -1, rejected, evaluations, status, statusTimes);
    }
}
