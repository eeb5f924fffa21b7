using System.Diagnostics;
using System.Globalization;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--ensemble-chunked split|chunked [trajectories] [repetitions] [workers]`: Lorenz forward + ACA gradient as
/// <see cref="EnsembleSetup"/> sets it up (Dopri5, rtol 1e-6, atol 1e-8, t ∈ [0, 1], L = Σ z(1), the lane engine),
/// either as Solve then Gradient ("split": every chunk's checkpoint log kept until the gradient) or as one
/// SolveAndGradient ("chunked": one log per worker, each chunk differentiated right after its solve). One mode per
/// process, so that its peak working set is its own; run the two modes alternately for an interleaved A/B. Prints
/// process-CPU-time and wall medians in ns per accepted trajectory-step over the repetitions (after a warm-up of at
/// least one second), the
/// checkpoint bytes the solver holds, the peak working set, and the sums (step counts, Σ z(1), Σ ∂L/∂z₀, ∂L/∂θ) that
/// must agree between the modes bit for bit.
/// </summary>
internal static class EnsembleChunkedCpuTime
{
    public static int Run(ReadOnlySpan<string> args)
    {
        int trajectories = 100_000, repetitions = 5, workers = 1;
        if (args.Length is < 1 or > 4 || args[0] is not ("split" or "chunked")
            || (args.Length > 1 && !TryPositive(args[1], out trajectories))
            || (args.Length > 2 && !TryPositive(args[2], out repetitions))
            || (args.Length > 3 && !TryPositive(args[3], out workers)))
        {
            Console.Error.WriteLine("--ensemble-chunked takes split|chunked, then up to three positive integers: trajectories (default 100000), " +
                "repetitions (default 5) and workers (default 1).");
            return 2;
        }
        bool chunked = args[0] == "chunked";
        // The default GradientMemoryLimit (1 GiB for all trajectories together) would fail trajectories of the split
        // mode from B ≈ 4·10⁵; the scaling sweep lifts it the same way.
        OdeOptions options = EnsembleSetup.Dopri5 with { Gradient = GradientMethod.Aca, GradientMemoryLimit = long.MaxValue / 4 };
        using var solver = new EnsembleSolver<double, GeneratedLorenz.RhsOde>(trajectories, options, new EnsembleOptions { WorkerCount = workers });
        double[] z0 = EnsembleSetup.LorenzInitialStates(trajectories), theta = [10.0, 28.0, 8.0 / 3.0], times = [0.0, 1.0];
        var outputs = new double[trajectories * 2 * 3];
        var seeds = new double[chunked ? 0 : outputs.Length];
        for (int b = 0; b < trajectories && !chunked; b++) seeds.AsSpan((2 * b + 1) * 3, 3).Fill(1.0);
        var gradZ0 = new double[trajectories * 3];
        var gradTheta = new double[3];
        var results = new SolveResult[trajectories];
        var gradients = new GradientResult[trajectories];
        var loss = new EndStateSumLoss<double>();

        void Once()
        {
            if (chunked)
            {
                solver.SolveAndGradient(z0, theta, times, outputs, results, ref loss, gradZ0, gradTheta, gradients).ThrowIfFailed();
                return;
            }
            solver.Solve(z0, theta, times, outputs, results).ThrowIfFailed();
            solver.Gradient(seeds, gradZ0, gradTheta, gradients).ThrowIfFailed();
        }

        Once();
        long accepted = 0, rejected = 0;
        foreach (GradientResult g in gradients)
        {
            accepted += g.Statistics.AcceptedSteps;
            rejected += g.Statistics.RejectedSteps;
        }
        // Past tier-0 code and on-stack replacement: at least two calls and one second (tiered compilation swaps in
        // optimised code from a background thread; with small B two calls are a few milliseconds, far too short).
        long warmupStart = Stopwatch.GetTimestamp();
        for (int r = 0; r < 2 || (r < 500 && Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < 1); r++) Once();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = new double[repetitions];
        var wall = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            Once();
            wall[r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / accepted;
            cpu[r] = (Environment.CpuUsage.TotalTime - cpuStart).TotalNanoseconds / accepted;
        }
        long steadyAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        double sumZ = 0, sumGrad = 0;
        for (int b = 0; b < trajectories; b++)
        {
            sumZ += outputs[(2 * b + 1) * 3];
            sumGrad += gradZ0[3 * b];
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]} B={trajectories} workers={solver.WorkerCount} vectorized={solver.IsVectorized}: {accepted} accepted, {rejected} rejected; " +
            $"sum of z0(1) {sumZ:R}, of dL/dz0[0] {sumGrad:R}, dL/dtheta ({gradTheta[0]:R}, {gradTheta[1]:R}, {gradTheta[2]:R})"));
        Array.Sort(cpu);
        Array.Sort(wall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]}: CPU median {cpu[repetitions / 2]:F2} ns per accepted trajectory-step (min {cpu[0]:F2}), wall median {wall[repetitions / 2]:F2} (min {wall[0]:F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]}: checkpoints held {solver.CheckpointBytesAllocated / 1e6:F3} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F1} MB, " +
            $"allocated in the timed calls {steadyAllocated} B"));
        return 0;
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
