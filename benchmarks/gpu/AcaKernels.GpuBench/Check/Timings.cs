using AcaKernels.Gpu;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// The timed workloads at full B: fixed-step RK4 (kernel alone, and with its transfers), fixed-step Tsit5 (the fused
/// fixed-step kernel alone, and the ensemble solver with FixedStep), adaptive
/// Dopri5 forward, and Dopri5 forward + ACA gradient, these two in float32 and in float64. One failure (out of device memory, say) is printed as such and
/// the others still run.
/// </summary>
internal static class Timings
{
    public static List<TimedRow> Run(GpuDevice device, CheckSettings s, int maxSteps, int maxSteps64)
    {
        int B = s.Trajectories, rounds = s.Rounds;
        var work = new LorenzEnsemble(B);
        double h = 1.0 / s.Steps;
        var rows = new List<TimedRow>();

        Try(rows, "rk4-fixed-fwd", () =>
        {
            using var rk4 = new GpuFixedStepSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, device);
            var finals = new float[3 * B];
            var status = new OdeStatus[B];
            rk4.Upload(work.ByComponent, work.Theta);
            rows.Add(TimedRow.Measure("rk4-fixed-fwd", "AcaKernels RK4 kernel, inputs on the device", B, rounds,
                () => rk4.Run(0, h, s.Steps), reference: true, () => $"{s.Steps} steps; [component][trajectory]"));
            rows.Add(TimedRow.Measure("rk4-fixed-fwd", "AcaKernels RK4: upload + kernel + download", B, rounds,
                () => rk4.Solve(work.ByComponent, work.Theta, 0, h, s.Steps, finals, status), reference: false,
                () => $"{status.Count(x => x != OdeStatus.Success)} failed"));
        });

        Try(rows, "tsit5-fixed-fwd", () =>
        {
            using var fused = new GpuFixedStepSolver<float, Lorenz.RhsSingleOde.Gpu.Tsitouras5>(B, device, method: FixedStepMethod.StepperTableau);
            fused.Upload(work.ByComponent, work.Theta);
            rows.Add(TimedRow.Measure("tsit5-fixed-fwd", "AcaKernels fused Tsit5 kernel, inputs on the device", B, rounds,
                () => fused.Run(0, h, s.Steps), reference: true, () => $"{s.Steps} steps; [component][trajectory]"));
        });

        var tsit5 = new OdeOptions { Method = RungeKuttaMethod.Tsitouras5, FixedStep = h, Gradient = GradientMethod.None };
        Try(rows, "tsit5-fixed-fwd", () => rows.Add(Ensemble<float, Lorenz.RhsSingleOde.Gpu.Tsitouras5>(device, work.B, work.Times, Single(work), "tsit5-fixed-fwd",
            "AcaKernels GpuEnsembleSolver Tsit5, FixedStep", tsit5, capacity: null, rounds, s.KernelForm, reference: false)));

        var dopri5 = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        Try(rows, "dopri5-fwd", () => rows.Add(Ensemble<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, work.B, work.Times, Single(work), "dopri5-fwd",
            "AcaKernels GpuEnsembleSolver Dopri5", dopri5 with { Gradient = GradientMethod.None }, capacity: null, rounds, s.KernelForm)));

        // Checkpoints for the check's most steps, at a B that keeps them within the memory budget.
        (int capacity, LorenzEnsemble gradientWork) = GradientSize(work, s, maxSteps, sizeof(float));
        Try(rows, "dopri5-fwd+grad", () => rows.Add(Ensemble<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, gradientWork.B, gradientWork.Times, Single(gradientWork),
            "dopri5-fwd+grad", "AcaKernels GpuEnsembleSolver Dopri5 + ACA gradient", dopri5, capacity, rounds, s.KernelForm)));
        // The same with the caller's data in ordinary (pageable) arrays: what the page-locked host arrays save.
        Try(rows, "dopri5-fwd+grad", () => rows.Add(Ensemble<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, gradientWork.B, gradientWork.Times, Single(gradientWork),
            "dopri5-fwd+grad", "AcaKernels GpuEnsembleSolver Dopri5 + ACA, pageable arrays", dopri5, capacity, rounds, s.KernelForm, reference: false,
            pageable: true)));
        // The same without per-trajectory results (empty results spans): what the host's pass and the (t, h) and time-gradient copies cost.
        Try(rows, "dopri5-fwd+grad", () => rows.Add(Ensemble<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(device, gradientWork.B, gradientWork.Times, Single(gradientWork),
            "dopri5-fwd+grad", "AcaKernels GpuEnsembleSolver Dopri5 + ACA, aggregate only", dopri5, capacity, rounds, s.KernelForm, reference: false,
            aggregateOnly: true)));

        // The same two in float64 (issue 9: measure both precisions), the same problems widened.
        Try(rows, "dopri5-fwd-f64", () => rows.Add(Ensemble<double, Lorenz.RhsOde.Gpu.DormandPrince5>(device, work.B, work.Times, Double(work), "dopri5-fwd-f64",
            "AcaKernels GpuEnsembleSolver Dopri5, float64", dopri5 with { Gradient = GradientMethod.None }, capacity: null, rounds, s.KernelForm)));
        (int capacity64, LorenzEnsemble gradientWork64) = GradientSize(work, s, maxSteps64, sizeof(double));
        Try(rows, "dopri5-fwd+grad-f64", () => rows.Add(Ensemble<double, Lorenz.RhsOde.Gpu.DormandPrince5>(device, gradientWork64.B, gradientWork64.Times, Double(gradientWork64),
            "dopri5-fwd+grad-f64", "AcaKernels GpuEnsembleSolver Dopri5 + ACA gradient, float64", dopri5, capacity64, rounds, s.KernelForm)));
        return rows;
    }

    /// <summary>The checkpoint capacity for the check's most accepted steps, and the inputs at a B whose checkpoints fit
    /// the memory budget.</summary>
    private static (int Capacity, LorenzEnsemble Work) GradientSize(LorenzEnsemble work, CheckSettings s, int maxSteps, int bytesPerValue)
    {
        (int capacity, int gradientB) = GradientFit(work.B, s, maxSteps, stateSize: 3, bytesPerValue);
        return (capacity, gradientB == work.B ? work : new LorenzEnsemble(gradientB));
    }

    /// <summary>A gradient row's checkpoint capacity, the check's most accepted steps plus a quarter (other trajectories
    /// may need a few more), and the largest B up to <paramref name="trajectories"/> whose checkpoints
    /// (<see cref="GpuEnsembleHost.CheckpointBytesPerStep"/> per step) fit the check's memory budget.</summary>
    public static (int Capacity, int Trajectories) GradientFit(int trajectories, CheckSettings s, int maxSteps, int stateSize, int bytesPerValue)
    {
        int capacity = maxSteps + maxSteps / 4 + 16;
        long fit = (long)(s.CheckpointGigabytes * 1e9 / ((double)capacity * GpuEnsembleHost.CheckpointBytesPerStep(stateSize, bytesPerValue)));
        return (capacity, (int)Math.Min(trajectories, Math.Max(1, fit)));
    }

    private static EnsembleInputs<float> Single(LorenzEnsemble work) => new(work.ByTrajectory, work.Theta, work.Seeds);

    private static EnsembleInputs<double> Double(LorenzEnsemble work) => new(work.ByTrajectory64, work.Theta64, work.Seeds64);

    /// <summary>The ensemble solver's Solve (and Gradient, when it keeps checkpoints) of B trajectories of any system
    /// (n and m from <paramref name="inputs"/>) with output times <paramref name="times"/>, inputs and results copied each
    /// call: from and to the solver's host arrays (page-locked on CUDA), or, with <paramref name="pageable"/>, ordinary arrays;
    /// with <paramref name="aggregateOnly"/>, empty results spans (no per-trajectory results).</summary>
    public static TimedRow Ensemble<T, TStepper>(GpuDevice device, int B, double[] times, EnsembleInputs<T> inputs, string workload, string engine,
        OdeOptions options, int? capacity, int rounds, GpuKernelForm form, bool reference = true, bool pageable = false, bool aggregateOnly = false)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TStepper : struct, IGpuStepper<T>
    {
        int n = inputs.StateSize(B);
        using var solver = new GpuEnsembleSolver<T, TStepper>(B, device, options,
            new GpuEnsembleOptions { CheckpointCapacity = capacity, KernelForm = form });
        using HostArrays<T> arrays = pageable ? HostArrays<T>.Ordinary(inputs, times.Length, n, B) : HostArrays<T>.Of(solver, inputs, times.Length, n, B);
        var results = new SolveResult[aggregateOnly ? 0 : B];
        var gradients = new GradientResult[aggregateOnly ? 0 : B];
        int failed = 0;
        long steps = 0;
        GpuCallTimes solve = default, gradient = default;
        TimedRow row = TimedRow.Measure(workload, engine, B, rounds, () =>
        {
            var solved = solver.Solve(arrays.Z0, arrays.Theta, times, arrays.Outputs, results);
            (failed, steps) = (solved.Failed, solved.AcceptedSteps);
            solve = solver.LastCall;
            if (capacity is null) return;
            failed += solver.Gradient(arrays.Seeds, arrays.GradZ0, arrays.GradTheta, gradients).Failed;
            gradient = solver.LastCall;
        }, reference, () =>
        {
            return $"{(double)steps / B:F1} steps/traj, {failed} failed; {(solver.UsesRegisterKernels ? "register" : "array")} kernels; " +
                $"incl. host<->device copies ({arrays.Kind})" + (aggregateOnly ? "; no per-trajectory results" : "") +
                (capacity is { } c ? $"; {c} checkpoints/traj" : "") +
                $"; last call: solve {solve}" + (capacity is null ? "" : $", gradient {gradient}");
        });
        return row;
    }

    public static void Try(List<TimedRow> rows, string workload, Action measure)
    {
        int before = rows.Count;
        try
        {
            measure();
            foreach (TimedRow row in rows.Skip(before)) Console.WriteLine(row);
        }
        catch (Exception e)
        {
            Console.WriteLine($"  {workload,-17} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }
}
