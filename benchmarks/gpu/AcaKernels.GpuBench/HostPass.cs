using System.Diagnostics;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench;

/// <summary>
/// `AcaKernels.GpuBench host-pass [--trajectories B] [--rounds R]`: the GPU solvers' host pass over the trajectories
/// (status words into SolveResults; a gradient's results with a shared θ) on one thread and on the pass's threads,
/// interleaved round by round, medians. Status words of Lorenz-like solves (62 accepted steps) made up here: the pass
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
        var times = new double[4][];
        for (int k = 0; k < 4; k++) times[k] = new double[rounds];
        for (int r = 0; r <= rounds; r++)
        {
            // Rotated order each round; round 0 is a warm-up (first touch of every page, tiered JIT).
            for (int s = 0; s < 4; s++)
            {
                int k = (s + r) % 4;
                HostTrajectoryLoop loop = k % 2 == 0 ? one : many;
                long start = Stopwatch.GetTimestamp();
                loop.Run(k < 2 ? solve : gradient);
                if (r > 0) times[k][r - 1] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        Console.WriteLine($"GPU solvers' host pass, B = {b}, {rounds} rounds interleaved (medians), {Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Trim()}");
        string[] names = ["solve, 1 thread", $"solve, {(many.IsParallel ? "pass threads" : "1 thread (below the threshold)")}", "gradient, 1 thread", "gradient, pass threads"];
        for (int k = 0; k < 4; k++)
        {
            Array.Sort(times[k]);
            Console.WriteLine($"  {names[k],-40} {times[k][rounds / 2],9:F1} ms  ({times[k][rounds / 2] * 1e6 / b:F1} ns/traj)");
        }
        return 0;
    }

    private sealed class Body(Func<int, int, TrajectoryTally> run) : HostTrajectoryLoop.Body
    {
        public override TrajectoryTally Run(int first, int end) => run(first, end);
    }
}
