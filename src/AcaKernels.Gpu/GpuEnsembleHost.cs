using System.Numerics;
using AcaKernels.Control;
using AcaKernels.Ensembles;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

/// <summary>
/// The host side of the ensemble kernels that does not depend on how they are launched, shared by
/// <see cref="GpuEnsembleSolver{T, TStepper}"/> (ILGPU) and the Native AOT launcher (AcaKernels.Gpu.Native): option
/// checks, the checkpoint capacity, the kernels' settings struct and tolerance table, and turning the kernels'
/// status words and gradient rows into results.
/// </summary>
internal static class GpuEnsembleHost
{
    /// <summary>The checks both solvers make on their options (the method is the stepper's).</summary>
    public static void CheckOptions<T>(OdeOptions options, int n, int m, string stepper, int trajectories)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n <= 0) throw new ArgumentException($"{stepper}.StateSize must be positive, not {n}.");
        if (m < 0) throw new ArgumentException($"{stepper}.ParameterSize must not be negative, not {m}.");
        if (trajectories < 1)
            throw new ArgumentOutOfRangeException(nameof(trajectories), trajectories, "An ensemble needs at least one trajectory.");
        options.Validate<T>(n);
        if (options.Gradient is not (GradientMethod.Aca or GradientMethod.None))
            throw new ArgumentException(
                $"GPU ensembles compute gradients with GradientMethod.Aca (or none: GradientMethod.None), not {options.Gradient}; " +
                "use EnsembleSolver on the CPU for the naive and adjoint methods.", nameof(options));
    }

    /// <summary>The argument checks of Solve with shared output times (lengths only: a non-finite z₀ or θ fails its own
    /// trajectory in the kernel); returns whether θ is shared.</summary>
    public static bool CheckSolve<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results, int trajectories, int n, int m)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EnsembleChecks.SolveArguments(z0, p, times, outputs, results, trajectories, n, m, refuseNonFinite: false);

    /// <summary>The argument checks of Solve with per-trajectory output times; returns whether θ is shared.</summary>
    public static bool CheckSolve<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results, int trajectories, int n, int m)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EnsembleChecks.SolveArguments(z0, p, times, timeOffsets, outputs, results, trajectories, n, m, refuseNonFinite: false);

    /// <summary>The argument checks of Gradient (rowCount −1 when nothing was solved); returns whether gradP is shared.</summary>
    public static bool CheckGradient<T>(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results,
        int trajectories, int n, int m, int rowCount) =>
        EnsembleChecks.GradientLengths(outputGradients, gradZ0, gradP, results, trajectories, n, m, rowCount);

    /// <summary>Blocks of trajectories whose ∂L/∂θ rows the device sums each into one row (ParameterGradientSum's blocks
    /// of 1024, the CPU engine's order).</summary>
    public static int ParameterGradientBlockCount(int trajectories) => Ensembles.ParameterGradientSum.BlockCount(trajectories);

    /// <summary>Bytes one trajectory's checkpoint of one accepted step takes on the device: its n state values and its
    /// (t, h) pair as doubles.</summary>
    public static long CheckpointBytesPerStep(int n, int bytesPerValue) => (long)n * bytesPerValue + 2 * sizeof(double);

    /// <summary>Accepted steps each trajectory may checkpoint: the explicit capacity, else OdeOptions' lowered to fit
    /// the gradient memory limit; 0 without a gradient.</summary>
    public static int CheckpointCapacity(OdeOptions options, GpuEnsembleOptions gpuOptions, int trajectories, int n, int bytesPerValue)
    {
        if (options.Gradient != GradientMethod.Aca) return 0;
        if (gpuOptions.CheckpointCapacity is { } explicitCapacity)
        {
            if (explicitCapacity < 1)
                throw new ArgumentOutOfRangeException(nameof(GpuEnsembleOptions.CheckpointCapacity), explicitCapacity,
                    "GpuEnsembleOptions.CheckpointCapacity must be at least 1 (or null to derive it from OdeOptions).");
            return explicitCapacity;
        }
        long bytesPerStep = trajectories * CheckpointBytesPerStep(n, bytesPerValue);
        long fit = options.GradientMemoryLimit / bytesPerStep;
        if (fit < 1)
            throw new ArgumentException(
                $"OdeOptions.GradientMemoryLimit ({options.GradientMemoryLimit} bytes) does not hold one checkpoint of each of the {trajectories} " +
                $"trajectories ({bytesPerStep} bytes): raise it, or set GpuEnsembleOptions.CheckpointCapacity.", nameof(options.GradientMemoryLimit));
        return (int)Math.Min(options.CheckpointCapacity, fit);
    }

    /// <summary>atol then rtol per component: the kernels' tolerance view.</summary>
    public static double[] Tolerances(OdeOptions options, int n)
    {
        var values = new double[2 * n];
        for (int j = 0; j < n; j++)
        {
            values[j] = options.AbsoluteTolerances?[j] ?? options.AbsoluteTolerance;
            values[n + j] = options.RelativeTolerances?[j] ?? options.RelativeTolerance;
        }
        return values;
    }

    /// <summary>The kernels' settings for B trajectories (the shared-θ and shared-times flags are set per call).</summary>
    public static GpuKernelSettings Settings(int trajectories, int capacity, OdeOptions options, int errorOrder)
    {
        ControllerGains gains = ControllerGains.Of(options.Controller, errorOrder + 1);
        return new GpuKernelSettings
        {
            Trajectories = trajectories,
            Adaptive = options.FixedStep is null ? 1 : 0,
            FixedStep = options.FixedStep ?? 0,
            InitialStep = options.InitialStep ?? 0,
            MinStep = options.MinStep,
            MaxStep = options.MaxStep,
            MaxSteps = options.MaxSteps,
            CheckpointCapacity = capacity,
            Safety = gains.Safety,
            MinFactor = gains.MinFactor,
            MaxFactor = gains.MaxFactor,
            Beta1 = gains.Beta1,
            Beta2 = gains.Beta2,
            K = gains.K,
            LogErrorFloor = GpuStepMath.Log(StepSizeController.PreviousErrorFloor),
        };
    }

    /// <summary>Trajectory <paramref name="b"/>'s <see cref="SolveResult"/> from the forward kernel's status words
    /// (<paramref name="checkpointBytesPerStep"/> 0 without a gradient).</summary>
    public static SolveResult ForwardResult(ReadOnlySpan<int> status, ReadOnlySpan<double> statusTimes, int b, long checkpointBytesPerStep) =>
        ForwardResult(status, statusTimes, b, ForwardStatistics(status, b, checkpointBytesPerStep));

    private static SolveResult ForwardResult(ReadOnlySpan<int> status, ReadOnlySpan<double> statusTimes, int b, SolverStatistics stats)
    {
        int i = b * TrajectoryStatus.IntCount, d = b * TrajectoryStatus.DoubleCount;
        return new SolveResult((OdeStatus)status[i + TrajectoryStatus.Status], statusTimes[d + TrajectoryStatus.Time], stats.AcceptedSteps,
            status[i + TrajectoryStatus.Component], stats) { StepSize = statusTimes[d + TrajectoryStatus.StepSize] };
    }

    /// <summary>As <see cref="ForwardResult(ReadOnlySpan{int}, ReadOnlySpan{double}, int, long)"/> before the (t, h) words
    /// were read: time and step size NaN, for the aggregate-only tally (the caller mends its first failure). Its own
    /// method so that ForwardResult, inlined into the loops with results, carries no branch for unread words (§62, §63:
    /// such branches in those loops made the gradient's pass 1.11–1.15× slower).</summary>
    private static SolveResult UntimedForwardResult(ReadOnlySpan<int> status, int b, long checkpointBytesPerStep)
    {
        int i = b * TrajectoryStatus.IntCount;
        return new SolveResult((OdeStatus)status[i + TrajectoryStatus.Status], double.NaN,
            status[i + TrajectoryStatus.Accepted], status[i + TrajectoryStatus.Component], ForwardStatistics(status, b, checkpointBytesPerStep))
        {
            StepSize = double.NaN,
        };
    }

    private static SolverStatistics ForwardStatistics(ReadOnlySpan<int> status, int b, long checkpointBytesPerStep)
    {
        int i = b * TrajectoryStatus.IntCount, accepted = status[i + TrajectoryStatus.Accepted];
        return new SolverStatistics
        {
            AcceptedSteps = accepted,
            RejectedSteps = status[i + TrajectoryStatus.Rejected],
            ForwardEvaluations = status[i + TrajectoryStatus.Evaluations],
            GradientMemoryBytes = accepted * checkpointBytesPerStep,
        };
    }

    /// <summary>Trajectories [first, end)'s results from the forward kernel's status words into <paramref name="results"/>
    /// (all B; a caller that asked for none calls <see cref="SolveTally"/>), tallied. The status words stay the record
    /// of the solve: the gradient reads them again.</summary>
    public static TrajectoryTally SolveResults(ReadOnlySpan<int> status, ReadOnlySpan<double> statusTimes, long checkpointBytesPerStep,
        Span<SolveResult> results, int first, int end)
    {
        TrajectoryTally tally = TrajectoryTally.Empty;
        for (int b = first; b < end; b++)
        {
            ref SolveResult result = ref results[b];
            result = ForwardResult(status, statusTimes, b, checkpointBytesPerStep);
            int i = b * TrajectoryStatus.IntCount;
            tally.Count(status[i + TrajectoryStatus.Accepted], status[i + TrajectoryStatus.Rejected], status[i + TrajectoryStatus.Evaluations], 0);
            if (status[i + TrajectoryStatus.Status] != (int)OdeStatus.Success) tally.Fail(b, result);
        }
        return tally;
    }

    /// <summary>Trajectories [first, end) tallied from the status ints alone, for a caller that asked for no
    /// per-trajectory results: nothing is written, and the (t, h) doubles need not be read (a failure's are NaN here;
    /// the caller reads them when something failed and mends the first failure).</summary>
    public static TrajectoryTally SolveTally(ReadOnlySpan<int> status, long checkpointBytesPerStep, int first, int end)
    {
        TrajectoryTally tally = TrajectoryTally.Empty;
        for (int b = first; b < end; b++)
        {
            int i = b * TrajectoryStatus.IntCount;
            tally.Count(status[i + TrajectoryStatus.Accepted], status[i + TrajectoryStatus.Rejected], status[i + TrajectoryStatus.Evaluations], 0);
            if (status[i + TrajectoryStatus.Status] != (int)OdeStatus.Success) tally.Fail(b, UntimedForwardResult(status, b, checkpointBytesPerStep));
        }
        return tally;
    }

    /// <summary>
    /// Trajectories [first, end)'s gradient results from the backward kernel's rows, tallied: a solved trajectory's
    /// ∂L/∂θ row copied to its own row of gradP when θ is not shared (a shared gradP is summed afterwards, by
    /// <see cref="SumSharedParameterGradient{T}"/>); a failed one's rows NaN and <see cref="OdeStatus.NoForwardSolve"/>.
    /// Without a solve (<paramref name="solved"/> false) every trajectory is NoForwardSolve.
    /// </summary>
    public static TrajectoryTally GradientResults<T>(bool solved, ReadOnlySpan<int> status, ReadOnlySpan<double> statusTimes,
        long checkpointBytesPerStep, Span<T> gradZ0, ReadOnlySpan<T> gradPRows, ReadOnlySpan<double> gradTimes, Span<T> gradP,
        bool sharedGradP, Span<GradientResult> results, int n, int m, int stages, int first, int end)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        TrajectoryTally tally = TrajectoryTally.Empty;
        for (int b = first; b < end; b++)
        {
            SolveResult f = solved ? ForwardResult(status, statusTimes, b, checkpointBytesPerStep) : default;
            SolveResult result;
            double gradT0 = double.NaN, gradTEnd = double.NaN;
            if (solved && f.IsSuccess)
            {
                SolverStatistics stats = f.Statistics;
                stats.BackwardSteps = f.Step;
                stats.BackwardEvaluations = (long)f.Step * stages;
                result = f with { Statistics = stats };
                if (!sharedGradP) gradPRows.Slice(b * m, m).CopyTo(gradP.Slice(b * m, m));
                gradT0 = gradTimes[2 * b];
                gradTEnd = gradTimes[2 * b + 1];
            }
            else
            {
                gradZ0.Slice(b * n, n).Fill(T.NaN);
                if (!sharedGradP) gradP.Slice(b * m, m).Fill(T.NaN);
                result = new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, f.Statistics)
                {
                    Cause = solved ? f.Status : OdeStatus.NoForwardSolve,
                };
                tally.Fail(b, result);
            }
            results[b] = new GradientResult(result, gradT0, gradTEnd);
            SolverStatistics counted = result.Statistics;
            tally.Count(counted.AcceptedSteps, counted.RejectedSteps, counted.ForwardEvaluations, counted.BackwardEvaluations);
        }
        return tally;
    }

    /// <summary>Trajectories [first, end)'s gradient rows without per-trajectory results (the caller asked for none):
    /// as <see cref="GradientResults{T}"/> (a solved trajectory's own ∂L/∂θ row copied, a failed one's rows NaN), the
    /// tally from the status ints alone.</summary>
    public static TrajectoryTally GradientTally<T>(bool solved, ReadOnlySpan<int> status, long checkpointBytesPerStep, Span<T> gradZ0,
        ReadOnlySpan<T> gradPRows, Span<T> gradP, bool sharedGradP, int n, int m, int stages, int first, int end)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        TrajectoryTally tally = TrajectoryTally.Empty;
        for (int b = first; b < end; b++)
        {
            int i = b * TrajectoryStatus.IntCount;
            if (solved && status[i + TrajectoryStatus.Status] == (int)OdeStatus.Success)
            {
                int accepted = status[i + TrajectoryStatus.Accepted];
                tally.Count(accepted, status[i + TrajectoryStatus.Rejected], status[i + TrajectoryStatus.Evaluations], (long)accepted * stages);
                if (!sharedGradP) gradPRows.Slice(b * m, m).CopyTo(gradP.Slice(b * m, m));
                continue;
            }
            gradZ0.Slice(b * n, n).Fill(T.NaN);
            if (!sharedGradP) gradP.Slice(b * m, m).Fill(T.NaN);
            SolverStatistics stats = solved ? ForwardStatistics(status, b, checkpointBytesPerStep) : default;
            tally.Count(stats.AcceptedSteps, stats.RejectedSteps, stats.ForwardEvaluations, 0);
            tally.Fail(b, new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, stats)
            {
                Cause = solved ? (OdeStatus)status[i + TrajectoryStatus.Status] : OdeStatus.NoForwardSolve,
            });
        }
        return tally;
    }

    /// <summary>A shared gradP: the block sums, from the device (<paramref name="blocksFromDevice"/>: the rows were not
    /// copied back) or made here from the rows of the trajectories that succeeded, added in
    /// <see cref="ParameterGradientSum"/>'s order (deterministic, the CPU engine's).</summary>
    public static void SumSharedParameterGradient<T>(ReadOnlySpan<T> gradPRows, ReadOnlySpan<int> status, Span<T> gradPBlocks,
        bool blocksFromDevice, Span<T> gradP, int m)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (!blocksFromDevice) ParameterGradientSum.SumBlocks<T>(gradPRows, status, TrajectoryStatus.IntCount, m, gradPBlocks);
        ParameterGradientSum.SumOfBlocks<T>(gradPBlocks, status.Length / TrajectoryStatus.IntCount, m, gradP);
    }
}
