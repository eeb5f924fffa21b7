using System.Diagnostics;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench;

/// <summary>
/// `AcaKernels.GpuBench host-pass [--trajectories B] [--rounds R]`: the GPU solvers' host pass over the trajectories
/// (status words into SolveResults; a gradient's results with a shared θ; each also without per-trajectory results,
/// the aggregate only) on one thread and on the pass's threads, interleaved round by round, medians. Status words of Lorenz-like solves (62 accepted steps) made up here: the pass
/// does not depend on what the kernel computed. No device needed (RESULTS §59).
/// </summary>
internal static class HostPass
{
    public static int Run(ReadOnlySpan<string> args)
    {
        int b = 8_388_608, rounds = 7;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--trajectories") b = int.Parse(args[i + 1]);
            else if (args[i] == "--rounds") rounds = int.Parse(args[i + 1]);
            else
            {
                Console.Error.WriteLine("usage: AcaKernels.GpuBench host-pass [--trajectories B] [--rounds R]");
                return 2;
            }
        }
        const int n = 3, stages = 7;
        var status = new int[b * TrajectoryStatus.IntCount];
        var statusTimes = new double[b * TrajectoryStatus.DoubleCount];
        for (int i = 0; i < b; i++)
        {
            status[i * TrajectoryStatus.IntCount + TrajectoryStatus.Accepted] = 62;
            status[i * TrajectoryStatus.IntCount + TrajectoryStatus.Component] = -1;
            status[i * TrajectoryStatus.IntCount + TrajectoryStatus.Evaluations] = 7 * 62;
            statusTimes[i * TrajectoryStatus.DoubleCount + TrajectoryStatus.Time] = 1.0;
            statusTimes[i * TrajectoryStatus.DoubleCount + TrajectoryStatus.StepSize] = double.NaN;
        }
        var results = new SolveResult[b];
        var gradients = new GradientResult[b];
        var gradZ0 = new float[b * n];
        var gradP = new float[3];
        var gradTimes = new double[2 * b];
        long bytesPerStep = GpuEnsembleHost.CheckpointBytesPerStep(n, sizeof(float));
        using var one = new HostTrajectoryLoop(b, workers: 1);
        using var many = new HostTrajectoryLoop(b);
        var solve = new Body((first, end) => GpuEnsembleHost.SolveResults(status, statusTimes, bytesPerStep, results, first, end));
        var gradient = new Body((first, end) => GpuEnsembleHost.GradientResults<float>(true, status, statusTimes, bytesPerStep, gradZ0, [],
            gradTimes, gradP, true, gradients, n, 3, stages, first, end));
        // Without per-trajectory results (empty results spans): the tally from the status ints alone, no (t, h) words read.
        var solveTally = new Body((first, end) => GpuEnsembleHost.SolveTally(status, bytesPerStep, first, end));
        var gradientTally = new Body((first, end) => GpuEnsembleHost.GradientTally<float>(true, status, bytesPerStep, gradZ0, [],
            gradP, true, n, 3, stages, first, end));
        string threads = many.IsParallel ? "pass threads" : "1 thread (below the threshold)";
        (string Name, HostTrajectoryLoop Loop, Body Body)[] passes =
        [
            ("solve, 1 thread", one, solve), ($"solve, {threads}", many, solve),
            ("gradient, 1 thread", one, gradient), ($"gradient, {threads}", many, gradient),
            ("solve, aggregate only, 1 thread", one, solveTally), ($"solve, aggregate only, {threads}", many, solveTally),
            ("gradient, aggregate only, 1 thread", one, gradientTally), ($"gradient, aggregate only, {threads}", many, gradientTally),
        ];
        var times = new double[passes.Length][];
        for (int k = 0; k < passes.Length; k++) times[k] = new double[rounds];
        for (int r = 0; r <= rounds; r++)
        {
            // Rotated order each round; round 0 is a warm-up (first touch of every page, tiered JIT).
            for (int s = 0; s < passes.Length; s++)
            {
                int k = (s + r) % passes.Length;
                long start = Stopwatch.GetTimestamp();
                passes[k].Loop.Run(passes[k].Body);
                if (r > 0) times[k][r - 1] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        Console.WriteLine($"GPU solvers' host pass, B = {b}, {rounds} rounds interleaved (medians), {Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Trim()}");
        for (int k = 0; k < passes.Length; k++)
        {
            Array.Sort(times[k]);
            Console.WriteLine($"  {passes[k].Name,-50} {times[k][rounds / 2],9:F1} ms  ({times[k][rounds / 2] * 1e6 / b:F1} ns/traj)");
        }
        return 0;
    }

    private sealed class Body(Func<int, int, TrajectoryTally> run) : HostTrajectoryLoop.Body
    {
        public override TrajectoryTally Run(int first, int end) => run(first, end);
    }
}
