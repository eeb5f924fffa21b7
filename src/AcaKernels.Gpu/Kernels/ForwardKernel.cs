using AcaKernels.Control;
using AcaKernels.Solving;
using ILGPU;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// The forward kernel: one thread per trajectory runs the whole adaptive solve of
/// <c>AcaKernels.Solving.Integrator</c> (trial step, error norm, PI control, steps clipped to land on every output
/// time, FSAL), writes the outputs, the accepted steps' checkpoints and the trajectory's status.
/// </summary>
/// <remarks>
/// <para>Every decision calls the step spec (<see cref="StepRule"/>) or its kernel-safe twins (<see cref="GpuStepRule"/>,
/// <see cref="GpuErrorNorm"/>, <see cref="GpuInitialStep"/>), in the integrator's order, so on ILGPU's CPU
/// accelerator a trajectory takes the CPU engine's steps with the same bits (given a stepper with the CPU kernels'
/// arithmetic). Not ported: Dormand-Prince's stiffness test (a limit is reported as itself, never as LikelyStiff).</para>
/// <para>Checkpoints are laid out [step][component][trajectory] (states) and [step][t or h][trajectory] (times),
/// so neighbouring threads write neighbouring addresses (coalesced on a GPU). A trajectory that needs more than
/// <see cref="GpuKernelSettings.CheckpointCapacity"/> accepted steps stops with
/// <see cref="OdeStatus.CheckpointCapacityExceeded"/>. A failed trajectory's outputs not reached are NaN.</para>
/// <para>Kernel rules (all backends): no Span, stackalloc, throw or Unsafe; per-thread arrays from
/// <see cref="LocalMemory"/>; no closures; every input an explicit parameter.</para>
/// </remarks>
internal static class ForwardKernel
{
    public static void Run<T, TStepper, TReal>(Index1D index, GpuKernelSettings s, ArrayView<T> z0, ArrayView<T> p,
        ArrayView<double> times, ArrayView<int> rows, ArrayView<double> tolerances, ArrayView<T> outputs,
        ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps,
        ArrayView<int> status, ArrayView<double> statusTimes)
        where T : unmanaged where TStepper : struct, IGpuStepper<T> where TReal : struct, IGpuReal<T>
    {
        int b = index;
        if (b >= s.Trajectories) return;
        int n = TStepper.StateSize, m = TStepper.ParameterSize, stageCount = TStepper.Stages;
        // z and zNew are the two halves of one block, swapped by offset: swapping two views would merge pointers
        // into a generic one, which OpenCL C 1.2 (PoCL) cannot express.
        ArrayView<T> states = LocalMemory.Allocate<T>(2 * TStepper.StateSize);
        int current = 0;
        ArrayView<T> z0Local = states.SubView(0, n);
        ArrayView<T> error = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> error2 = LocalMemory.Allocate<T>(TStepper.StateSize);
        ArrayView<T> stages = LocalMemory.Allocate<T>(TStepper.Stages * TStepper.StateSize);
        ArrayView<T> k0 = stages.SubView(0, n);
        ArrayView<T> theta = p.SubView(s.SharedParameters != 0 ? 0 : (long)b * m, m);

        int row0 = rows[b], count = rows[b + 1] - row0, timeBase = s.SharedTimes != 0 ? 0 : row0;
        for (int j = 0; j < n; j++)
        {
            z0Local[j] = z0[(long)b * n + j];
            outputs[(long)row0 * n + j] = z0Local[j];
        }
        outputSteps[row0] = 0;
        double t = times[timeBase];
        double direction = times[timeBase + count - 1] > t ? 1.0 : -1.0;

        TStepper.Evaluate(t, z0Local, theta, k0);
        int evaluations = 1;
        int bad = GpuErrorNorm.FirstNonFinite<T, TReal>(k0, k0, n, false);
        if (bad < 0) bad = GpuErrorNorm.FirstNonFinite<T, TReal>(z0Local, z0Local, n, false);
        if (bad >= 0)
        {
            Fail<T, TReal>(b, OdeStatus.NonFiniteState, t, double.NaN, 0, bad, 0, evaluations, status, statusTimes, outputs, row0, 1, count, n);
            return;
        }

        bool adaptive = s.Adaptive != 0;
        double h;
        if (!adaptive) h = s.FixedStep;
        else if (s.InitialStep > 0) h = s.InitialStep;
        else
        {
            h = GpuInitialStep.Hairer<T, TStepper, TReal>(t, direction, z0Local, k0, theta, tolerances, TStepper.ErrorOrder + 1,
                states.SubView(n, n), stages.SubView(n, n));
            evaluations++;
        }
        h = direction * StepRule.Clamp(h, s.MinStep, s.MaxStep);

        ControllerGains gains = s.Gains;
        bool fsal = TStepper.IsFsal, dop853 = TStepper.HasSecondErrorEstimate;
        double logPreviousError = 0.0;
        double minusHalfLogLength = GpuErrorNorm.MinusHalfLogLength(n);
        int accepted = 0, rejected = 0, trials = 0;
        for (int output = 1; output < count; output++)
        {
            double tOut = times[timeBase + output];
            while (true)
            {
                ArrayView<T> z = states.SubView(current, n), zNew = states.SubView(n - current, n);
                if (trials >= s.MaxSteps)
                {
                    Fail<T, TReal>(b, OdeStatus.MaxStepsExceeded, t, Math.Abs(h), accepted, -1, rejected, evaluations, status, statusTimes,
                        outputs, row0, output, count, n);
                    return;
                }
                (double hTry, bool clipped) = GpuStepRule.StepToTry(t, h, tOut, direction);
                if (hTry == 0) // below the resolution of t: as the CPU engines, StepSizeUnderflow rather than empty steps until MaxSteps
                {
                    Fail<T, TReal>(b, OdeStatus.StepSizeUnderflow, t, Math.Abs(h), accepted, -1, rejected, evaluations, status, statusTimes,
                        outputs, row0, output, count, n);
                    return;
                }
                TStepper.TrialStep(t, hTry, z, theta, stages, zNew, error, error2);
                evaluations += stageCount - 1;
                trials++;

                double factor = 1.0;
                if (adaptive)
                {
                    double logError = 0;
                    double err = dop853
                        ? GpuErrorNorm.Dop853<T, TReal>(error, error2, z, zNew, tolerances, n)
                        : GpuErrorNorm.RmsAndLog<T, TReal>(error, z, zNew, tolerances, n, minusHalfLogLength, out logError);
                    if (!StepRule.Accepts(err))
                    {
                        rejected++;
                        (h, bool canShrink) = GpuStepRule.ShrunkStep(gains, t, hTry, err, s.MinStep);
                        if (canShrink) continue;
                        int component = GpuErrorNorm.FirstNonFinite<T, TReal>(error, zNew, n, true);
                        Fail<T, TReal>(b, component >= 0 ? OdeStatus.NonFiniteState : OdeStatus.StepSizeUnderflow, t, Math.Abs(hTry),
                            accepted, component, rejected, evaluations, status, statusTimes, outputs, row0, output, count, n);
                        return;
                    }
                    // As the integrator: DOP853's log from its norm, the RMS norm's from its sum of squares (above).
                    if (dop853) logError = GpuStepMath.Log(err);
                    factor = GpuStepRule.AcceptFactor(gains, err, logError, logPreviousError);
                    logPreviousError = StepRule.NextLogPreviousError(err, logError, s.LogErrorFloor);
                }
                else
                {
                    int component = GpuErrorNorm.FirstNonFinite<T, TReal>(error, zNew, n, false);
                    if (component >= 0)
                    {
                        Fail<T, TReal>(b, OdeStatus.NonFiniteState, t + hTry, double.NaN, accepted, component, rejected, evaluations,
                            status, statusTimes, outputs, row0, output, count, n);
                        return;
                    }
                }

                if (s.CheckpointCapacity > 0)
                {
                    if (accepted >= s.CheckpointCapacity)
                    {
                        Fail<T, TReal>(b, OdeStatus.CheckpointCapacityExceeded, t, Math.Abs(hTry), accepted, -1, rejected, evaluations,
                            status, statusTimes, outputs, row0, output, count, n);
                        return;
                    }
                    long B = s.Trajectories;
                    checkpointSteps[(2L * accepted) * B + b] = t;
                    checkpointSteps[(2L * accepted + 1) * B + b] = hTry;
                    for (int j = 0; j < n; j++) checkpointStates[((long)accepted * n + j) * B + b] = z[j];
                }
                accepted++;
                current = n - current;
                z = states.SubView(current, n);
                double tNext = clipped ? tOut : t + hTry;
                if (StepRule.ReusesLastStage(fsal, t, hTry, tNext))
                {
                    for (int j = 0; j < n; j++) k0[j] = stages[(stageCount - 1) * n + j];
                }
                else
                {
                    TStepper.Evaluate(tNext, z, theta, k0);
                    evaluations++;
                }
                t = tNext;

                if (adaptive) h = StepRule.NextStep(hTry, factor, clipped, h, direction, s.MinStep, s.MaxStep);
                if (clipped)
                {
                    for (int j = 0; j < n; j++) outputs[(long)(row0 + output) * n + j] = z[j];
                    outputSteps[row0 + output] = accepted;
                    break;
                }
            }
        }
        Write(b, OdeStatus.Success, t, double.NaN, accepted, -1, rejected, evaluations, status, statusTimes);
    }

    internal static void Fail<T, TReal>(int b, OdeStatus code, double t, double stepSize, int accepted, int component, int rejected,
        int evaluations, ArrayView<int> status, ArrayView<double> statusTimes, ArrayView<T> outputs, int row0, int firstMissing,
        int count, int n) where T : unmanaged where TReal : struct, IGpuReal<T>
    {
        for (int k = firstMissing; k < count; k++)
            for (int j = 0; j < n; j++) outputs[(long)(row0 + k) * n + j] = TReal.NaN;
        Write(b, code, t, stepSize, accepted, component, rejected, evaluations, status, statusTimes);
    }

    internal static void Write(int b, OdeStatus code, double t, double stepSize, int accepted, int component, int rejected,
        int evaluations, ArrayView<int> status, ArrayView<double> statusTimes)
    {
        long i = (long)b * TrajectoryStatus.IntCount, d = (long)b * TrajectoryStatus.DoubleCount;
        status[i + TrajectoryStatus.Status] = (int)code;
        status[i + TrajectoryStatus.Accepted] = accepted;
        status[i + TrajectoryStatus.Component] = component;
        status[i + TrajectoryStatus.Rejected] = rejected;
        status[i + TrajectoryStatus.Evaluations] = evaluations;
        statusTimes[d + TrajectoryStatus.Time] = t;
        statusTimes[d + TrajectoryStatus.StepSize] = stepSize;
    }
}
