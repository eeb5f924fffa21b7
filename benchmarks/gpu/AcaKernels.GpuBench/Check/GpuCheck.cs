using AcaKernels.Gpu;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// <c>AcaKernels.GpuBench check</c>, what benchmarks/gpu/check.sh runs: issue 9's GPU check. Opens the backend, checks
/// every workload against the CPU engine on the first trajectories, then times them at full B and writes the TSV
/// that compare_gpu.py puts beside PyTorch's, torchdiffeq's, JAX's and diffrax's figures.
/// </summary>
internal static class GpuCheck
{
    public static int Run(ReadOnlySpan<string> args)
    {
        CheckSettings? s = CheckSettings.Parse(args);
        if (s is null)
        {
            Console.Error.WriteLine(CheckSettings.Usage);
            return 2;
        }
        if (s.Ptx is { } ptx)
        {
            PtxDump.Write(ptx);
            Console.WriteLine($"PTX of the Lorenz kernels (float32; Dopri5 in float64 too) written to {ptx}");
        }
        GpuDevice device;
        try
        {
            device = GpuDevice.Open(s.Backend, s.Device);
        }
        catch (Exception e) when (e is GpuBackendUnavailableException or ArgumentException)
        {
            // A machine without the requested backend is an answer, not a crash: say which and stop (check.sh goes on
            // to the comparators and the AOT aca).
            Console.Error.WriteLine($"AcaKernels GPU check: {e.Message}");
            return 3;
        }
        using GpuDevice opened = device;
        Console.WriteLine($"AcaKernels GPU check: {device.Backend} ({device.Name}); Lorenz float32 (Dopri5 in float64 too) and a float32 " +
            "tanh-MLP neural ODE (2-32-2), t in [0, 1], theta shared;");
        Console.WriteLine($"  fixed steps {s.Steps}; Dopri5 rtol {s.RelativeTolerance:G3} atol {s.AbsoluteTolerance:G3}; " +
            $"check B = {s.CheckTrajectories}, timed B = {s.Trajectories}, {s.Rounds} rounds after a warm-up (median)");
        if (device.Backend != GpuBackend.Cuda)
            Console.WriteLine($"  note: {device.Backend} is not a GPU backend: these figures say nothing about GPU speed");

        GpuKernelForm form = DeterminismCheck.Run(device, s);
        if (s.ArrayKernels)
        {
            form = GpuKernelForm.Arrays;
            Console.WriteLine("  kernels: the array kernels for the adaptive rows below (--kernels arrays)");
        }
        s = s with { KernelForm = form };
        (bool passed, int maxSteps, int maxSteps64) = CorrectnessCheck.Run(device, s);
        (bool mlpPassed, int mlpSteps) = NeuralOdeRows.Check(device, s);
        Console.WriteLine($"  neural ODE dopri5: at most {mlpSteps} accepted steps per trajectory");
        passed &= mlpPassed;
        passed &= SplitCheck.Run(device, s);
        Console.WriteLine(passed ? "  correctness: PASS" : "  correctness: FAIL (timings below are of wrong results)");

        Console.WriteLine();
        Console.WriteLine($"  {"workload",-17} {"engine",-62} {"B",9} {"time",13} {"per trajectory",17}");
        List<TimedRow> rows = Timings.Run(device, s, maxSteps, maxSteps64);
        NeuralOdeRows.Time(device, s, mlpSteps, rows);
        Ratio(rows);
        if (s.Results is { } path)
        {
            File.WriteAllLines(path, ["# workload\tengine\tB\tseconds (median)\treference\tnote", .. rows.Select(r => r.Tsv())]);
            Console.WriteLine($"  timings written to {path}");
        }
        return passed ? 0 : 1;
    }

    private static double PerTrajectory(TimedRow row) => row.Seconds / row.Trajectories;

    /// <summary>The issue's goals, stated beside the figures: RK4 ≤ 25 ms at 8 388 608 on an H100/H200-class card,
    /// forward + ACA ≤ 4× the forward (per trajectory); and what float64 costs against float32.</summary>
    private static void Ratio(List<TimedRow> rows)
    {
        TimedRow? rk4 = rows.FirstOrDefault(r => r.Workload == "rk4-fixed-fwd");
        TimedRow? forward = rows.FirstOrDefault(r => r.Workload == "dopri5-fwd");
        TimedRow? gradient = rows.FirstOrDefault(r => r.Workload == "dopri5-fwd+grad");
        if (rk4 is not null)
            Console.WriteLine($"  rk4 kernel: {rk4.Seconds * 1e3:F2} ms for B = {rk4.Trajectories} (goal at B = 8 388 608 on an H100/H200: <= 25 ms; DiffEqGPU V100 145 ms, MPGOS 94 ms)");
        if (forward is not null && gradient is not null)
            Console.WriteLine($"  dopri5 forward + ACA gradient / forward, per trajectory: {PerTrajectory(gradient) / PerTrajectory(forward):F2}x (goal <= 4x)");
        TimedRow? forward64 = rows.FirstOrDefault(r => r.Workload == "dopri5-fwd-f64");
        TimedRow? gradient64 = rows.FirstOrDefault(r => r.Workload == "dopri5-fwd+grad-f64");
        if (forward64 is not null && gradient64 is not null)
            Console.WriteLine($"  dopri5 float64: forward + ACA gradient / forward, per trajectory: {PerTrajectory(gradient64) / PerTrajectory(forward64):F2}x");
        TimedRow? mlp = rows.FirstOrDefault(r => r.Workload == "mlp-dopri5-fwd");
        TimedRow? mlpGradient = rows.FirstOrDefault(r => r.Workload == "mlp-dopri5-fwd+grad");
        if (mlp is not null && mlpGradient is not null)
            Console.WriteLine($"  neural ODE (tanh MLP, float32): forward + ACA gradient / forward, per trajectory: {PerTrajectory(mlpGradient) / PerTrajectory(mlp):F2}x");
        TimedRow? mlpPerStage = rows.FirstOrDefault(r => r.Workload == "mlp-dopri5-fwd+grad-per-stage");
        if (mlpGradient is not null && mlpPerStage is not null)
            Console.WriteLine($"  neural ODE forward + ACA, θ swept once per step / θ per stage, per trajectory: {PerTrajectory(mlpGradient) / PerTrajectory(mlpPerStage):F2}x" +
                " (below 1: the sweep pays on this device; RESULTS.md §66)");
        if (forward is not null && forward64 is not null)
            Console.WriteLine($"  dopri5 float64 / float32, per trajectory: forward {PerTrajectory(forward64) / PerTrajectory(forward):F2}x" +
                (gradient is not null && gradient64 is not null ? $", forward + ACA {PerTrajectory(gradient64) / PerTrajectory(gradient):F2}x" : ""));
    }
}
